import {load} from '../catalog/catalog.js'
import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/request.js'
import {type SecretItem, secretItems} from '../model/secret.js'
import type {Listing} from '../render/listing.js'
import {secretTable} from '../render/secret.js'
import type {SummaryOptions} from '../render/table.js'

export const secretRequest: DumpRequest = {kind: 'config_dump', mask: ['dynamic_active_secrets', 'dynamic_warming_secrets'], sections: ['secrets']}

/** Certificates of active and warming secrets; JSON and YAML show the whole SecretsConfigDump, as istioctl does. */
export function secretListing(dump: ConfigDump, opts: SummaryOptions = {}, now = new Date()): Listing<SecretItem> {
  const {section, entries} = load(dump, 'secret')
  return {
    kind: 'secret',
    items: secretItems(entries, now),
    typeName: '',
    raw: (i) => i,
    names: (items) => items.map((i) => i.name),
    table: (items, wide) => secretTable(items, {...opts, wide}),
    message: {typeName: 'envoy.admin.v3.SecretsConfigDump', raw: () => section},
    emptyTable: entries.length === 0 ? 'No active or warming secrets found.\n' : 'No secret items to show.\n',
  }
}
