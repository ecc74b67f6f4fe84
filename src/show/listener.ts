import {load} from '../catalog/catalog.js'
import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/request.js'
import {noMatchNote} from '../filter/describe.js'
import {type ListenerFilter, filterListeners, sortListeners} from '../filter/listener.js'
import type {Listener} from '../model/listener.js'
import {type ListenerTableOptions, listenerTable} from '../render/listener.js'
import type {Listing} from '../render/listing.js'

export const listenerRequest: DumpRequest = {kind: 'config_dump', mask: ['dynamic_listeners', 'static_listeners'], sections: ['listeners']}

export function listenerListing(dump: ConfigDump, filter: ListenerFilter, opts: ListenerTableOptions = {}): Listing<Listener> {
  const all = load(dump, 'listener')
  return {
    kind: 'listener',
    emptyNote: noMatchNote('listeners', filter, all.length),
    // istioctl prints JSON in dump order and sorts only the table.
    items: filterListeners(all, filter),
    tableOrder: sortListeners,
    typeName: 'envoy.config.listener.v3.Listener',
    raw: (l) => l.load(),
    names: (items) => items.map((l) => l.name),
    table: (items, wide) => listenerTable(items, {...opts, wide}),
  }
}
