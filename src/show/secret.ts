import {load} from '../catalog/catalog.js'
import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/request.js'
import {type SecretItem, secretItems} from '../model/secret.js'
import {statusNotes} from '../render/status.js'
import type {Listing} from '../render/listing.js'
import {secretTable} from '../render/secret.js'
import type {SummaryOptions} from '../render/table.js'

const MASK = ['dynamic_active_secrets', 'dynamic_warming_secrets']

/** istioctl's mask; -o wide also lists static secrets. */
export function secretRequest(wide: boolean): DumpRequest {
  return {kind: 'config_dump', mask: wide ? [...MASK, 'static_secrets'] : MASK, sections: ['secrets']}
}

/**
 * Certificates of active and warming secrets, and (beyond istioctl's table) of
 * static ones; JSON and YAML show the whole SecretsConfigDump, as istioctl does.
 * Validity and time left are judged at `now`.
 */
export function secretListing(dump: ConfigDump, opts: SummaryOptions = {}, now = new Date()): Listing<SecretItem> {
  const {section, entries, statics} = load(dump, 'secret')
  const hidden = secretItems(statics, now)
  return {
    // JSON prints the whole section, static secrets included.
    hidden: {items: hidden, typeName: '', raw: (i) => i, documented: () => false},
    notes: statusNotes(
      'secret',
      [...entries, ...statics].filter((e) => e.status.state === 'warming' || e.status.error),
    ),
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
