import {UserError} from '../core/errors.js'
import {type ConfigDump, parseResources} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/source.js'
import {noMatchNote} from '../filter/describe.js'
import {filterRoutes, sortRoutes} from '../filter/route.js'
import {type RouteConfiguration, parseRouteConfiguration} from '../model/route.js'
import type {Listing} from '../render/listing.js'
import {type RouteTableOptions, routeTable} from '../render/route.js'

export const routeRequest: DumpRequest = {kind: 'config_dump', mask: ['dynamic_route_configs', 'static_route_configs']}

/** Dynamic (RDS) route configs, then static ones, which include routes inlined in listeners. */
export function listRoutes(dump: ConfigDump): RouteConfiguration[] {
  dump.require('routes')
  const routes = parseResources(dump, 'routes', parseRouteConfiguration)
  if (routes.length === 0) throw new UserError(`${dump.origin}: no routes found`)
  return routes
}

export function routeListing(dump: ConfigDump, name: string | undefined, opts: RouteTableOptions = {}): Listing<RouteConfiguration> {
  const all = listRoutes(dump)
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
