import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/source.js'
import {bootstrapVersions} from '../model/bootstrap.js'
import {versionSummary} from '../render/bootstrap.js'
import {type OutputFormat, isStructured, protoConverter, structured} from '../render/output.js'
import {redactSecrets} from '../render/redact.js'

export const bootstrapRequest: DumpRequest = {kind: 'config_dump', mask: ['bootstrap']}

export async function showBootstrap(dump: ConfigDump, format: OutputFormat, showSecrets = false): Promise<string> {
  const section = dump.requireSection('bootstrap')
  if (isStructured(format)) {
    const json = (await protoConverter('envoy.admin.v3.BootstrapConfigDump'))(section)
    return structured(showSecrets ? json : redactSecrets(json), format)
  }
  return versionSummary(bootstrapVersions(section))
}
