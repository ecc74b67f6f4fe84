import {UserError} from '../cli/errors.js'
import {type ConfigDump, missingSection} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/source.js'
import {secretEntries, secretItems} from '../model/secret.js'
import type {SummaryOptions} from '../render/cluster.js'
import {type OutputFormat, structuredMessage} from '../render/output.js'
import {secretTable} from '../render/secret.js'

export const secretRequest: DumpRequest = {kind: 'config_dump', mask: ['dynamic_active_secrets', 'dynamic_warming_secrets']}

export async function showSecrets(dump: ConfigDump, format: OutputFormat, opts: SummaryOptions = {}, now = new Date()): Promise<string> {
  if (format !== 'short') {
    const section = dump.section('secrets')
    if (!section) throw new UserError(`${dump.origin}: sidecar doesn't support secrets: ${missingSection('secrets')}`)
    return structuredMessage(section, 'envoy.admin.v3.SecretsConfigDump', format)
  }
  const entries = secretEntries(dump.requireSection('secrets'))
  if (entries.length === 0) return 'No active or warming secrets found.\n'
  return secretTable(secretItems(entries, now), opts)
}
