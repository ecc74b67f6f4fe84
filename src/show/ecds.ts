import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/source.js'
import {cmp} from '../model/istio.js'
import {ecdsEntries, parseEcdsFilter} from '../model/ecds.js'
import {ecdsTable} from '../render/ecds.js'
import {type OutputFormat, structuredMessage} from '../render/output.js'

export const ecdsRequest: DumpRequest = {kind: 'config_dump', includeEds: true}

export async function showEcds(dump: ConfigDump, format: OutputFormat): Promise<string> {
  const entries = ecdsEntries(dump.sections('ecds'))
  if (format !== 'short') {
    // istioctl merges every ECDS section into one dump object.
    return structuredMessage({ecds_filters: entries}, 'envoy.admin.v3.EcdsConfigDump', format)
  }
  const filters = entries.map(parseEcdsFilter).sort((a, b) => cmp(a.typeUrl, b.typeUrl) || cmp(a.name, b.name))
  return ecdsTable(filters)
}
