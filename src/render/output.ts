import {ExitCode, UserError} from '../cli/errors.js'
import {escapeJsonText} from './safe-text.js'

/** `-o` values: istioctl's three, plus kubectl's wide, name and jsonpath=TEMPLATE. */
export type OutputFormat = 'short' | 'wide' | 'json' | 'yaml' | 'name' | `jsonpath=${string}`
export type StructuredFormat = 'json' | 'yaml' | `jsonpath=${string}`

const NAMED_FORMATS = ['short', 'wide', 'json', 'yaml', 'name'] as const

export function parseOutputFormat(value: string, allowed: readonly string[] = [...NAMED_FORMATS, 'jsonpath']): OutputFormat {
  const kind = value.startsWith('jsonpath=') ? 'jsonpath' : value
  if (allowed.includes(kind)) {
    if (kind === 'jsonpath' && value.length === 'jsonpath='.length) throw new UserError('-o jsonpath= needs a template, e.g. -o jsonpath=\'{[*].name}\'', ExitCode.usage)
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
  if (format === 'json') return escapeJsonText(JSON.stringify(value, null, 4)) + '\n'
  if (format === 'yaml') {
    const {toYaml} = await import('./yaml.js')
    return toYaml(value)
  }
  const {renderTemplate} = await import('./jsonpath.js')
  return renderTemplate(format.slice('jsonpath='.length), value)
}

/** Resources as canonical proto3 JSON of `typeName` (camelCase names, defaults omitted). */
export async function toProto(raws: readonly unknown[], typeName: string): Promise<unknown[]> {
  const {toProtoJson} = await import('../proto/transcode.js')
  return raws.map((r) => toProtoJson(r, typeName))
}

/** One message (a whole SecretsConfigDump, BootstrapConfigDump …) as canonical proto3 JSON, formatted. */
export async function structuredMessage(raw: unknown, typeName: string, format: StructuredFormat): Promise<string> {
  const [value] = await toProto([raw], typeName)
  return structured(value, format)
}
