import {load, loadUnready} from '../catalog/catalog.js'
import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/request.js'
import {noMatchNote} from '../filter/describe.js'
import {type ListenerFilter, filterListeners, matchesListener, sortListeners, sortWaypointListeners} from '../filter/listener.js'
import type {Listener} from '../model/listener.js'
import {type ListenerTableOptions, listenerTable, waypointTable} from '../render/listener.js'
import type {Listing} from '../render/listing.js'
import {renderTable} from '../render/table.js'
import {hiddenPart} from './hidden.js'

export const listenerRequest: DumpRequest = {kind: 'config_dump', mask: ['dynamic_listeners', 'static_listeners'], sections: ['listeners']}

export function listenerListing(dump: ConfigDump, filter: ListenerFilter, opts: ListenerTableOptions = {}): Listing<Listener> {
  const all = load(dump, 'listener')
  const hidden = hiddenPart(
    'listener',
    loadUnready(dump, 'listener'),
    (l) => l.name,
    (l) => matchesListener(l, filter),
  )
  return {
    ...hidden,
    kind: 'listener',
    emptyNote: hidden.hidden?.items.length ? undefined : noMatchNote('listeners', filter, all.length),
    // istioctl prints JSON in dump order and sorts only the table.
    items: filterListeners(all, filter),
    tableOrder: sortListeners,
    typeName: 'envoy.config.listener.v3.Listener',
    raw: (l) => l.load(),
    rawText: (l) => l.bytes?.(),
    names: (items) => items.map((l) => l.name),
    table: (items, wide) => listenerTable(items, {...opts, wide}),
  }
}

/** istioctl's hidden `listener --waypoint`, which ignores -o and every filter: the chains of every listener and how connections reach them. */
export function showWaypoint(dump: ConfigDump): Iterable<string> {
  return renderTable(waypointTable(sortWaypointListeners(load(dump, 'listener'))))
}
