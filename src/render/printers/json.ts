import {escapeJsonBytes, escapeJsonText} from '../../core/safe-text.js'
import {type Chunks, type PrinterEntry, type PreparedListing, withPod} from './printer.js'

/** JSON as istioctl indents it (4 spaces), terminal-unsafe characters escaped. */
function stringify(value: unknown): string {
  return escapeJsonText(JSON.stringify(value, null, 4))
}

function ndjsonLine(value: unknown): string {
  return `${escapeJsonText(JSON.stringify(value))}\n`
}

/** A list printed exactly as `stringify(list)` would print it, one item's JSON (or one piece of a huge item) alive at a time. */
function* jsonItems<T>({items, json, jsonText}: PreparedListing<T>): Generator<string> {
  if (items.length === 0) {
    yield '[]\n'
    return
  }
  for (let i = 0; i < items.length; i++) {
    const pieces = jsonText?.(items[i], '    ')
    if (pieces === undefined) {
      yield `${i === 0 ? '[\n' : ',\n'}    ${stringify(json(items[i])).replace(/\n/g, '\n    ')}`
      continue
    }
    yield i === 0 ? '[\n    ' : ',\n    '
    for (const piece of pieces) yield escapeJsonText(piece)
  }
  yield '\n]\n'
}

/** Pieces of a JSON document as they come, terminal-unsafe characters rewritten; one piece alive at a time. */
function* escaped(pieces: Iterable<Buffer>): Generator<Buffer | string> {
  for (const piece of pieces) yield* escapeJsonBytes(piece)
  yield '\n'
}

export const json: PrinterEntry = {
  name: 'json',
  create: () => ({
    list: async (prepared) => jsonItems(prepared),
    // JSON that exists as bytes is passed through byte for byte, only terminal-unsafe characters rewritten.
    document: async (doc): Promise<Chunks> =>
      doc.bytes
        ? escaped(doc.bytes())
        : [
            `${stringify(doc.value())}
`,
          ],
    // Many pods: NDJSON, one compact line per item (or per document) with its pod, printed as each pod answers.
    combined: () => ({
      list: async (pod, {items, json}) => items.map((item) => ndjsonLine(withPod(pod, json(item)))),
      document: async (pod, doc) => [ndjsonLine(withPod(pod, doc.value()))],
      end: async () => [],
    }),
  }),
}
