import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/source.js'
import {type EcdsFilter, ecdsEntries, parseEcdsFilter} from '../model/ecds.js'
import {cmp} from '../model/istio.js'
import {ecdsTable} from '../render/ecds.js'
import type {Listing} from '../render/listing.js'

export const ecdsRequest: DumpRequest = {kind: 'config_dump', includeEds: true}

/** Filters from every ECDS section, by type then name; JSON is one merged EcdsConfigDump, as in istioctl. */
export function ecdsListing(dump: ConfigDump): Listing<EcdsFilter> {
  const entries = ecdsEntries(dump.sections('ecds'))
  return {
    kind: 'ecds',
    items: entries.map(parseEcdsFilter).sort((a, b) => cmp(a.typeUrl, b.typeUrl) || cmp(a.name, b.name)),
    typeName: '',
    raw: (f) => f,
    names: (items) => items.map((f) => f.name),
    table: (items, wide) => ecdsTable(items, {wide}),
    message: {typeName: 'envoy.admin.v3.EcdsConfigDump', raw: () => ({ecds_filters: entries})},
  }
}
