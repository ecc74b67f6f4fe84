import {REDACTED, redact} from '../proto/redact.js'
import {type LayoutNode, MAX_NESTING, NestingError, type Span, arrayElements, countMembers, kindAt, layoutTree, objectMembers, parseSpan} from './scan.js'

/**
 * JSON printed byte for byte (`all -o json` prints the dump as Envoy wrote it),
 * redacted on the parsed structure like every other output: the document is
 * parsed piece by piece (it may be larger than any string), each piece is run
 * through src/proto/redact.ts at its place in the document, and only the values
 * that redaction changed are re-encoded. Everything else, whitespace included,
 * is passed through as the same bytes.
 */

/** Containers at least this large are walked member by member instead of parsed whole. */
const PIECE_LIMIT = 8 * 1024 * 1024

/** Where a piece sits: the containers around it, outermost first. */
export type Frame =
  /** A member of an object; `context` holds its small siblings that decide how it is typed (an Any's "@type", a header's name). */
  {kind: 'object'; key: string; context: Record<string, unknown>} | {kind: 'array'}

/** Sibling members that decide how their neighbours are redacted (see src/proto/redact.ts). */
const CONTEXT_KEYS = new Set(['@type', 'type_url', 'typeUrl', 'key'])

/**
 * The bytes of the JSON value at `span`, of proto message `typeName` (or, with
 * `frames`, at that place inside a value of that type), with credentials
 * replaced; as pieces to write in order. Throws ScanError for input
 * that is not JSON or nests deeper than MAX_NESTING.
 */
export function redactJsonBytes(bytes: Buffer, span: Span, typeName: string, pieceLimit = PIECE_LIMIT, frames: readonly Frame[] = []): Buffer[] {
  const out = new Output(bytes)
  if (span.end - span.start < pieceLimit || kindAt(bytes, span) === 'other') piece(bytes, span, countMembers(bytes, span), frames, typeName, out)
  else {
    const root = layoutTree(bytes, span, LAYOUT_LEVELS)
    out.input(span.start, root.span.start)
    walk(bytes, root, frames, typeName, pieceLimit, out)
    out.input(root.span.end, span.end)
  }
  return out.pieces()
}

/**
 * The pieces written so far. Neighbouring runs of the input are joined again, so
 * a dump with nothing to redact comes back as the one buffer it was (and the
 * escaping pass after this one runs over it in one go).
 */
class Output {
  private readonly runs: (Span | Buffer)[] = []

  constructor(private readonly bytes: Buffer) {}

  /** The input from `start` to `end`. */
  input(start: number, end: number): void {
    if (end <= start) return
    const last = this.runs.at(-1)
    if (last !== undefined && !Buffer.isBuffer(last) && last.end === start) last.end = end
    else this.runs.push({start, end})
  }

  text(json: string): void {
    this.runs.push(Buffer.from(json))
  }

  pieces(): Buffer[] {
    return this.runs.map((r) => (Buffer.isBuffer(r) ? r : this.bytes.subarray(r.start, r.end)))
  }
}

/** A dump's resources lie five containers down: the dump, configs, a section, a resource list, an entry. */
const LAYOUT_LEVELS = 5

function walk(bytes: Buffer, node: LayoutNode, frames: readonly Frame[], typeName: string, pieceLimit: number, out: Output): void {
  const {span} = node
  if (frames.length >= MAX_NESTING && kindAt(bytes, span) !== 'other') throw new NestingError(span.start)
  if (span.end - span.start < pieceLimit || kindAt(bytes, span) === 'other') {
    piece(bytes, span, node.members, frames, typeName, out)
    return
  }
  if (node.children === undefined) {
    walk(bytes, layoutTree(bytes, span, LAYOUT_LEVELS), frames, typeName, pieceLimit, out)
    return
  }
  const children = node.children
  if (kindAt(bytes, span) === 'array') {
    let pos = span.start
    for (const child of children) {
      out.input(pos, child.node.span.start)
      walk(bytes, child.node, [...frames, {kind: 'array'}], typeName, pieceLimit, out)
      pos = child.node.span.end
    }
    out.input(pos, span.end)
    return
  }
  const context: Record<string, unknown> = {}
  for (const {key, node: member} of children) {
    if (CONTEXT_KEYS.has(key!)) context[key!] = parseSpan(bytes, member.span, MAX_NESTING - frames.length - 1)
  }
  const keys = children.map((c) => c.key!)
  if (new Set(keys).size !== keys.length) {
    // Duplicate keys: every parser keeps only the last, and so does the output.
    const last = new Map(children.map((c) => [c.key!, c.node]))
    out.text('{')
    let first = true
    for (const [key, member] of last) {
      out.text(`${first ? '' : ','}${JSON.stringify(key)}:`)
      walk(bytes, member, [...frames, {kind: 'object', key, context}], typeName, pieceLimit, out)
      first = false
    }
    out.text('}')
    return
  }
  let pos = span.start
  for (const {key, node: member} of children) {
    out.input(pos, member.span.start)
    walk(bytes, member, [...frames, {kind: 'object', key: key!, context}], typeName, pieceLimit, out)
    pos = member.span.end
  }
  out.input(pos, span.end)
}

/** One value small enough to parse: redacted in place of its document, and re-encoded only where that changed it. */
function piece(bytes: Buffer, span: Span, members: number, frames: readonly Frame[], typeName: string, out: Output): void {
  const value = parseSpan(bytes, span, MAX_NESTING - frames.length)
  const redacted = redactAt(value, frames, typeName)
  // JSON.parse drops all but the last of duplicate keys, so the redaction never saw the others.
  const duplicates = members !== countKeys(value)
  if (redacted === value && !duplicates) out.input(span.start, span.end)
  else splice(bytes, span, value, redacted, duplicates, out)
}

/** Redacts `value` as the document would at its place, by rebuilding the path to it with the siblings that matter. */
function redactAt(value: unknown, frames: readonly Frame[], typeName: string): unknown {
  let doc = value
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i]
    doc = f.kind === 'array' ? [doc] : withMember(f.context, f.key, doc)
  }
  let result = redact(doc, typeName)
  for (const f of frames) {
    if (result === REDACTED) return REDACTED
    result = f.kind === 'array' ? (result as unknown[])[0] : (result as Record<string, unknown>)[f.key]
  }
  return result
}

function withMember(context: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const obj = {...context}
  Object.defineProperty(obj, key, {value, writable: true, enumerable: true, configurable: true})
  return obj
}

/**
 * The bytes of `span` with the values that differ between `original` (parsed
 * from them) and `redacted` re-encoded. `strict` (duplicate keys somewhere
 * inside) checks every object for them instead of trusting unchanged values.
 */
function splice(bytes: Buffer, span: Span, original: unknown, redacted: unknown, strict: boolean, out: Output): void {
  if (original === redacted && !strict) {
    out.input(span.start, span.end)
    return
  }
  const kind = kindAt(bytes, span)
  if (kind === 'array' && Array.isArray(original) && Array.isArray(redacted)) {
    let pos = span.start
    let i = 0
    for (const element of arrayElements(bytes, span)) {
      out.input(pos, element.start)
      splice(bytes, element, original[i], redacted[i], strict, out)
      pos = element.end
      i++
    }
    out.input(pos, span.end)
    return
  }
  if (kind === 'object' && isObject(original) && isObject(redacted)) {
    const members = [...objectMembers(bytes, span)]
    if (new Set(members.map(([key]) => key)).size === members.length) {
      let pos = span.start
      for (const [key, member] of members) {
        out.input(pos, member.start)
        splice(bytes, member, original[key], redacted[key], strict, out)
        pos = member.end
      }
      out.input(pos, span.end)
      return
    }
  }
  // A redacted value, or an object with duplicate keys: written as parsed (and redacted).
  if (original === redacted && kind === 'other') out.input(span.start, span.end)
  else out.text(JSON.stringify(redacted))
}

/** Members of every object in a parsed value, as countMembers counts them in the bytes. */
function countKeys(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0
  let n = 0
  if (Array.isArray(value)) {
    for (const item of value) n += countKeys(item)
    return n
  }
  for (const key of Object.keys(value)) n += 1 + countKeys((value as Record<string, unknown>)[key])
  return n
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
