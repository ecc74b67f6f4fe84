import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/source.js'
import {bootstrapVersions} from '../model/bootstrap.js'
import {versionSummary} from '../render/bootstrap.js'
import {type OutputFormat, isStructured, structuredMessage} from '../render/output.js'

export const bootstrapRequest: DumpRequest = {kind: 'config_dump', mask: ['bootstrap']}

export async function showBootstrap(dump: ConfigDump, format: OutputFormat): Promise<string> {
  const section = dump.requireSection('bootstrap')
  if (isStructured(format)) return structuredMessage(section, 'envoy.admin.v3.BootstrapConfigDump', format)
  return versionSummary(bootstrapVersions(section))
}
