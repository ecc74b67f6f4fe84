import {UserError, ExitCode} from '../cli/errors.js'
import {escapeJsonText} from './safe-text.js'

export const OUTPUT_FORMATS = ['short', 'json', 'yaml'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

export function parseOutputFormat(value: string): OutputFormat {
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat
  throw new UserError(`output format "${value}" not supported (use one of ${OUTPUT_FORMATS.join('|')})`, ExitCode.usage)
}

/** JSON as istioctl indents it (4 spaces), or YAML converted from that JSON. */
export async function structured(value: unknown, format: 'json' | 'yaml'): Promise<string> {
  if (format === 'json') return escapeJsonText(JSON.stringify(value, null, 4)) + '\n'
  const {toYaml} = await import('./yaml.js')
  return toYaml(value)
}

/** Resources as canonical proto3 JSON of `typeName` (camelCase names, defaults omitted), then formatted. */
export async function structuredResources(raws: readonly unknown[], typeName: string, format: 'json' | 'yaml'): Promise<string> {
  const {toProtoJson} = await import('../proto/transcode.js')
  return structured(raws.map((r) => toProtoJson(r, typeName)), format)
}

/** One message (a whole SecretsConfigDump, BootstrapConfigDump …) as canonical proto3 JSON, formatted. */
export async function structuredMessage(raw: unknown, typeName: string, format: 'json' | 'yaml'): Promise<string> {
  const {toProtoJson} = await import('../proto/transcode.js')
  return structured(toProtoJson(raw, typeName), format)
}
