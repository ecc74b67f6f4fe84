import {UserError} from '../cli/errors.js'
import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/source.js'
import {filterRoutes, sortRoutes} from '../filter/route.js'
import {type RouteConfiguration, parseRouteConfiguration} from '../model/route.js'
import {type OutputFormat, structuredResources} from '../render/output.js'
import {type RouteTableOptions, routeTable} from '../render/route.js'

export const routeRequest: DumpRequest = {kind: 'config_dump', mask: ['dynamic_route_configs', 'static_route_configs']}

/** Dynamic (RDS) route configs, then static ones, which include routes inlined in listeners. */
export function listRoutes(dump: ConfigDump): RouteConfiguration[] {
  dump.require('routes')
  const raws = [...dump.resources('routes', [['dynamic_route_configs', 'route_config'], ['static_route_configs', 'route_config']])]
  if (raws.length === 0) throw new UserError('no routes found')
  return raws.map(parseRouteConfiguration)
}

export async function showRoutes(dump: ConfigDump, name: string | undefined, format: OutputFormat, opts: RouteTableOptions = {}): Promise<string> {
  const routes = sortRoutes(filterRoutes(listRoutes(dump), name))
  if (format === 'short') return routeTable(routes, opts)
  return structuredResources(routes.map((r) => r.raw), 'envoy.config.route.v3.RouteConfiguration', format)
}
