import {load} from '../catalog/catalog.js'
import {cmp, sortSlice} from '../core/gosort.js'
import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/request.js'
import type {EcdsFilter} from '../model/ecds.js'
import {ecdsTable} from '../render/ecds.js'
import type {Listing} from '../render/listing.js'
import {statusNotes} from '../render/status.js'

export const ecdsRequest: DumpRequest = {kind: 'config_dump', includeEds: true, sections: ['ecds']}

/** Filters from every ECDS section, by type then name; JSON is one merged EcdsConfigDump, as in istioctl. */
export function ecdsListing(dump: ConfigDump): Listing<EcdsFilter> {
  const {entries, filters} = load(dump, 'ecds')
  return {
    notes: statusNotes(
      'ECDS filter',
      filters.filter((f) => f.status.error),
    ),
    kind: 'ecds',
    items: sortSlice(filters, (a, b) => (cmp(a.typeUrl, b.typeUrl) || cmp(a.name, b.name)) < 0),
    typeName: '',
    raw: (f) => f,
    names: (items) => items.map((f) => f.name),
    table: (items, wide) => ecdsTable(items, {wide}),
    message: {typeName: 'envoy.admin.v3.EcdsConfigDump', raw: () => ({ecds_filters: entries})},
  }
}
