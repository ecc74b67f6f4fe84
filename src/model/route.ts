import {type Loader, type Raw, field, int, isRaw, list, obj, str, strList, wrapped} from './raw.js'

export interface RouteMatch {
  prefix?: string
  path?: string
  pathSeparatedPrefix?: string
  regex?: string
  headers: string[]
}

export interface WeightedCluster {
  name: string
  weight: number
}

export type RouteAction =
  | {kind: 'cluster'; cluster: string; timeout: string; retries: number | undefined}
  | {kind: 'weighted'; clusters: WeightedCluster[]; timeout: string; retries: number | undefined}
  | {kind: 'cluster_header'; header: string; timeout: string; retries: number | undefined}
  | {kind: 'redirect'}
  | {kind: 'direct_response'; status: number}
  | {kind: 'none'}

export interface Route {
  name: string
  match: RouteMatch
  action: RouteAction
  metadata: Raw | undefined
}

export interface VirtualHost {
  name: string
  domains: string[]
  routes: Route[]
}

/** An Envoy `config.route.v3.RouteConfiguration`. */
export interface RouteConfiguration {
  name: string
  virtualHosts: VirtualHost[]
  load: Loader
}

export function parseRouteConfiguration(raw: Raw, load: Loader = () => raw): RouteConfiguration {
  return {
    name: str(raw, 'name'),
    virtualHosts: list(raw, 'virtual_hosts')
      .filter(isRaw)
      .map((vh) => ({
        name: str(vh, 'name'),
        domains: strList(vh, 'domains'),
        routes: list(vh, 'routes').filter(isRaw).map(parseRoute),
      })),
    load,
  }
}

function parseRoute(raw: Raw): Route {
  const match = obj(raw, 'match')
  const safeRegex = obj(match, 'safe_regex')
  return {
    name: str(raw, 'name'),
    match: {
      prefix: optionalString(match, 'prefix'),
      path: optionalString(match, 'path'),
      pathSeparatedPrefix: optionalString(match, 'path_separated_prefix'),
      regex: safeRegex ? str(safeRegex, 'regex') : undefined,
      headers: list(match, 'headers').map((h) => str(h, 'name')),
    },
    action: parseAction(raw),
    metadata: obj(raw, 'metadata'),
  }
}

function parseAction(raw: Raw): RouteAction {
  const route = obj(raw, 'route')
  if (route) {
    const timeout = str(route, 'timeout')
    const retries = wrapped(obj(route, 'retry_policy'), 'num_retries')
    const weighted = obj(route, 'weighted_clusters')
    if (weighted) {
      const clusters = list(weighted, 'clusters').map((c) => ({name: str(c, 'name'), weight: wrapped(c, 'weight') ?? 0}))
      return {kind: 'weighted', clusters, timeout, retries}
    }
    if (field(route, 'cluster_header') !== undefined) return {kind: 'cluster_header', header: str(route, 'cluster_header'), timeout, retries}
    return {kind: 'cluster', cluster: str(route, 'cluster'), timeout, retries}
  }
  if (obj(raw, 'redirect')) return {kind: 'redirect'}
  const direct = obj(raw, 'direct_response')
  if (direct) return {kind: 'direct_response', status: int(direct, 'status')}
  return {kind: 'none'}
}

function optionalString(o: unknown, snake: string): string | undefined {
  const v = field(o, snake)
  return typeof v === 'string' ? v : undefined
}

/**
 * How istioctl describes a route match: `<prefix>*`, `PathPrefix:<p>`, the exact
 * path, or `regex <re>`. Header and query matchers are not shown.
 */
export function describeMatch(m: RouteMatch): string {
  if (m.prefix) return `${m.prefix}*`
  if (m.pathSeparatedPrefix) return `PathPrefix:${m.pathSeparatedPrefix}`
  if (m.path) return m.path
  if (m.regex !== undefined) return `regex ${m.regex}`
  return ''
}
