import {UserError} from '../core/errors.js'
import {type ConfigDump, missingSection, parseResources} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/source.js'
import {noMatchNote} from '../filter/describe.js'
import {type ListenerFilter, filterListeners, sortListeners} from '../filter/listener.js'
import {type Listener, parseListener} from '../model/listener.js'
import {type ListenerTableOptions, listenerTable} from '../render/listener.js'
import type {Listing} from '../render/listing.js'

export const listenerRequest: DumpRequest = {kind: 'config_dump', mask: ['dynamic_listeners', 'static_listeners']}

/** Active dynamic listeners, then static ones (warming, draining and failed ones are skipped). */
export function listListeners(dump: ConfigDump): Listener[] {
  if (!dump.has('listeners')) throw new UserError(`${dump.origin}: listener dump: ${missingSection('listeners')}`)
  const listeners = parseResources(dump, 'listeners', parseListener)
  if (listeners.length === 0) throw new UserError(`${dump.origin}: no listeners found`)
  return listeners
}

export function listenerListing(dump: ConfigDump, filter: ListenerFilter, opts: ListenerTableOptions = {}): Listing<Listener> {
  const all = listListeners(dump)
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
