import {ExitCode, UserError} from '../core/errors.js'
import {escapeJsonText} from '../core/safe-text.js'

/** `-o` values: istioctl's three, plus kubectl's wide, name and jsonpath=TEMPLATE. */
export type OutputFormat = 'short' | 'wide' | 'json' | 'yaml' | 'name' | `jsonpath=${string}`
export type StructuredFormat = 'json' | 'yaml' | `jsonpath=${string}`

const NAMED_FORMATS = ['short', 'wide', 'json', 'yaml', 'name'] as const

export function parseOutputFormat(value: string, allowed: readonly string[] = [...NAMED_FORMATS, 'jsonpath']): OutputFormat {
  const kind = value.startsWith('jsonpath=') ? 'jsonpath' : value
  if (allowed.includes(kind)) {
    if (kind === 'jsonpath' && value.length === 'jsonpath='.length) throw new UserError("-o jsonpath= needs a template, e.g. -o jsonpath='{[*].name}'", ExitCode.usage)
    return value as OutputFormat
  }
  const list = allowed.map((f) => (f === 'jsonpath' ? 'jsonpath=TEMPLATE' : f)).join('|')
  throw new UserError(`output format "${value}" not supported (use one of ${list})`, ExitCode.usage)
}

export function isStructured(format: OutputFormat): format is StructuredFormat {
  return format === 'json' || format === 'yaml' || format.startsWith('jsonpath=')
}

/** JSON as istioctl indents it (4 spaces), YAML converted from that JSON, or a kubectl JSONPath template over it. */
export async function structured(value: unknown, format: StructuredFormat): Promise<string> {
  if (format === 'json') return `${escapeJsonText(JSON.stringify(value, null, 4))}\n`
  if (format === 'yaml') {
    const {toYaml} = await import('./yaml.js')
    return toYaml(value)
  }
  const {renderTemplate} = await import('./jsonpath.js')
  return renderTemplate(format.slice('jsonpath='.length), value)
}

/** Output as pieces, so tens of thousands of rows or resources never become one giant string. */
export type Chunks = Iterable<string | Buffer>

/**
 * A list printed exactly as `structured(list)` would print it, but one item at a
 * time: `convert` runs lazily, so only one item's JSON is alive at once.
 */
export async function structuredList<T>(items: readonly T[], convert: (item: T) => unknown, format: StructuredFormat): Promise<Chunks> {
  if (format.startsWith('jsonpath=')) return [await structured(items.map(convert), format)]
  if (format === 'json') return jsonItems(items, convert)
  const {toYaml} = await import('./yaml.js')
  return yamlItems(items, convert, toYaml)
}

function* jsonItems<T>(items: readonly T[], convert: (item: T) => unknown): Generator<string> {
  if (items.length === 0) {
    yield '[]\n'
    return
  }
  for (let i = 0; i < items.length; i++) {
    const text = escapeJsonText(JSON.stringify(convert(items[i]), null, 4)).replace(/\n/g, '\n    ')
    yield `${i === 0 ? '[\n' : ',\n'}    ${text}`
  }
  yield '\n]\n'
}

function* yamlItems<T>(items: readonly T[], convert: (item: T) => unknown, toYaml: (v: unknown) => string): Generator<string> {
  if (items.length === 0) {
    yield toYaml([])
    return
  }
  // Each one-item sequence is the item's part of the whole sequence; istioctl's extra newline comes once, at the end.
  for (const item of items) yield toYaml([convert(item)]).slice(0, -1)
  yield '\n'
}

/** A converter to canonical proto3 JSON of `typeName` (camelCase names, defaults omitted); '' keeps plain JSON. */
export async function protoConverter(typeName: string): Promise<(raw: unknown) => unknown> {
  if (typeName === '') return (raw) => raw
  const {toProtoJson} = await import('../proto/transcode.js')
  return (raw) => toProtoJson(raw, typeName)
}
