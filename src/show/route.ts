import {load, loadUnready} from '../catalog/catalog.js'
import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/request.js'
import {noMatchNote} from '../filter/describe.js'
import {filterRoutes, sortRoutes} from '../filter/route.js'
import type {RouteConfiguration} from '../model/route.js'
import type {Listing} from '../render/listing.js'
import {type RouteTableOptions, routeTable} from '../render/route.js'
import {hiddenPart} from './hidden.js'

export const routeRequest: DumpRequest = {kind: 'config_dump', mask: ['dynamic_route_configs', 'static_route_configs'], sections: ['routes']}

export function routeListing(dump: ConfigDump, name: string | undefined, opts: RouteTableOptions = {}): Listing<RouteConfiguration> {
  const all = load(dump, 'route')
  const hidden = hiddenPart(
    'route config',
    loadUnready(dump, 'route'),
    (r) => r.name,
    (r) => filterRoutes([r], name).length > 0,
    sortRoutes,
  )
  return {
    ...hidden,
    kind: 'route',
    emptyNote: hidden.hidden?.items.length ? undefined : noMatchNote('route configs', {name}, all.length),
    items: sortRoutes(filterRoutes(all, name)),
    typeName: 'envoy.config.route.v3.RouteConfiguration',
    raw: (r) => r.load(),
    names: (items) => items.map((r) => r.name),
    table: (items, wide) => routeTable(items, {...opts, wide}),
  }
}
