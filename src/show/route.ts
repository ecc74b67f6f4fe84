import {load} from '../catalog/catalog.js'
import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/request.js'
import {noMatchNote} from '../filter/describe.js'
import {filterRoutes, sortRoutes} from '../filter/route.js'
import type {RouteConfiguration} from '../model/route.js'
import type {Listing} from '../render/listing.js'
import {type RouteTableOptions, routeTable} from '../render/route.js'

export const routeRequest: DumpRequest = {kind: 'config_dump', mask: ['dynamic_route_configs', 'static_route_configs'], sections: ['routes']}

export function routeListing(dump: ConfigDump, name: string | undefined, opts: RouteTableOptions = {}): Listing<RouteConfiguration> {
  const all = load(dump, 'route')
  return {
    kind: 'route',
    emptyNote: noMatchNote('route configs', {name}, all.length),
    items: sortRoutes(filterRoutes(all, name)),
    typeName: 'envoy.config.route.v3.RouteConfiguration',
    raw: (r) => r.load(),
    names: (items) => items.map((r) => r.name),
    table: (items, wide) => routeTable(items, {...opts, wide}),
  }
}
