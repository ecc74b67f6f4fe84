import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/source.js'
import {bootstrapVersions} from '../model/bootstrap.js'
import {versionSummary} from '../render/bootstrap.js'
import {type OutputFormat, isStructured, protoConverter, structured} from '../render/output.js'
import {redact} from '../proto/redact.js'

export const bootstrapRequest: DumpRequest = {kind: 'config_dump', mask: ['bootstrap']}

export async function showBootstrap(dump: ConfigDump, format: OutputFormat, showSecrets = false): Promise<string> {
  const section = dump.requireSection('bootstrap')
  if (isStructured(format)) {
    const type = 'envoy.admin.v3.BootstrapConfigDump'
    const json = (await protoConverter(type))(section)
    return structured(showSecrets ? json : redact(json, type), format)
  }
  return versionSummary(bootstrapVersions(section))
}
