import {type IstioConfigRef, istioConfigRef} from './istio.js'
import {type StringMatch, parseStringMatch} from './matcher.js'
import {type Loader, type Raw, bool, boolValue, enumName, field, int, isRaw, list, obj, optionalStr, str, strList, wrapped} from './raw.js'
import {type ResourceStatus, type StatusSource, resourceStatus} from './status.js'

const FAULT_FILTER = 'envoy.filters.http.fault'
const REDIRECT_CODES = ['MOVED_PERMANENTLY', 'FOUND', 'SEE_OTHER', 'TEMPORARY_REDIRECT', 'PERMANENT_REDIRECT'] as const
const REDIRECT_STATUS = new Map([
  ['MOVED_PERMANENTLY', 301],
  ['FOUND', 302],
  ['SEE_OTHER', 303],
  ['TEMPORARY_REDIRECT', 307],
  ['PERMANENT_REDIRECT', 308],
])

/** What a header matcher tests; a matcher with no test requires the header to be present, as in Envoy. */
export type HeaderTest = StringMatch | {kind: 'present'; present: boolean} | {kind: 'range'; start: number; end: number}

export interface HeaderMatch {
  name: string
  test: HeaderTest
  invert: boolean
  treatMissingAsEmpty: boolean
}

/** A query parameter matcher: a value test, or (present = false included) whether the parameter is there. */
export interface QueryParameterMatch {
  name: string
  test: StringMatch | {kind: 'present'; present: boolean}
}

export interface RouteMatch {
  prefix?: string
  path?: string
  pathSeparatedPrefix?: string
  regex?: string
  /** `path_match_policy`: the extension's name and its URI template (`/foo/{bar}`), when it has one. */
  pathMatchPolicy?: {name: string; template: string}
  /** `connect_matcher`: matches CONNECT requests. */
  connect: boolean
  /** Whether prefix and path matches are case sensitive; Envoy's default is true. */
  caseSensitive: boolean
  headers: HeaderMatch[]
  queryParameters: QueryParameterMatch[]
  /** Only gRPC requests match. */
  grpc: boolean
  /** Share of requests that match, as numerator over DENOMINATOR, overridable by a runtime key. */
  runtimeFraction?: {numerator: number; denominator: string; runtimeKey: string}
}

export interface WeightedCluster {
  name: string
  weight: number
}

export interface RetryPolicy {
  retryOn: string
  numRetries: number | undefined
}

export type HostRewrite = {kind: 'literal' | 'header' | 'path_regex'; value: string} | {kind: 'auto'}

/** What a forwarding action does beyond picking the cluster. */
export interface ForwardOptions {
  timeout: string
  /** retry_policy.num_retries, as the table shows it. */
  retries: number | undefined
  retryPolicy: RetryPolicy | undefined
  prefixRewrite: string | undefined
  regexRewrite: {pattern: string; substitution: string} | undefined
  hostRewrite: HostRewrite | undefined
}

export type RouteAction =
  | ({kind: 'cluster'; cluster: string} & ForwardOptions)
  /** `totalWeight`: total_weight when given, else the sum of the weights. */
  | ({kind: 'weighted'; clusters: WeightedCluster[]; totalWeight: number} & ForwardOptions)
  | ({kind: 'cluster_header'; header: string} & ForwardOptions)
  | {kind: 'redirect'; redirect: Redirect}
  | {kind: 'direct_response'; status: number; hasBody: boolean}
  | {kind: 'none'}

export interface Redirect {
  scheme: string
  httpsRedirect: boolean
  host: string
  port: number
  path: string
  prefixRewrite: string
  /** 301, 302, 303, 307 or 308. */
  status: number
  stripQuery: boolean
}

export interface Route {
  name: string
  match: RouteMatch
  action: RouteAction
  metadata: Raw | undefined
  /** The Istio object (VirtualService …) this route came from. */
  configRef: IstioConfigRef | undefined
  /** typed_per_filter_config configures the fault filter (delays or aborts) for this route. */
  fault: boolean
}

export interface VirtualHost {
  name: string
  domains: string[]
  routes: Route[]
  /** typed_per_filter_config configures the fault filter for the whole virtual host. */
  fault: boolean
}

/** An Envoy `config.route.v3.RouteConfiguration`. */
export interface RouteConfiguration {
  name: string
  virtualHosts: VirtualHost[]
  status: ResourceStatus
  load: Loader
}

export function parseRouteConfiguration(raw: Raw, load: Loader = () => raw, where?: StatusSource): RouteConfiguration {
  return {
    name: str(raw, 'name'),
    virtualHosts: list(raw, 'virtual_hosts')
      .filter(isRaw)
      .map((vh) => ({
        name: str(vh, 'name'),
        domains: strList(vh, 'domains'),
        routes: list(vh, 'routes').filter(isRaw).map(parseRoute),
        fault: configuresFault(vh),
      })),
    status: resourceStatus(where),
    load,
  }
}

function parseRoute(raw: Raw): Route {
  const metadata = obj(raw, 'metadata')
  return {name: str(raw, 'name'), match: parseRouteMatch(obj(raw, 'match')), action: parseAction(raw), metadata, configRef: istioConfigRef(metadata), fault: configuresFault(raw)}
}

export function parseRouteMatch(match: Raw | undefined): RouteMatch {
  const safeRegex = obj(match, 'safe_regex')
  const policy = obj(match, 'path_match_policy')
  const fraction = obj(match, 'runtime_fraction')
  const percent = obj(fraction, 'default_value')
  return {
    prefix: optionalStr(match, 'prefix'),
    path: optionalStr(match, 'path'),
    pathSeparatedPrefix: optionalStr(match, 'path_separated_prefix'),
    regex: safeRegex ? str(safeRegex, 'regex') : undefined,
    pathMatchPolicy: policy && {name: str(policy, 'name'), template: str(obj(policy, 'typed_config'), 'path_template')},
    connect: obj(match, 'connect_matcher') !== undefined,
    caseSensitive: boolValue(match, 'case_sensitive') ?? true,
    headers: list(match, 'headers').filter(isRaw).map(parseHeaderMatch),
    queryParameters: list(match, 'query_parameters').filter(isRaw).map(parseQueryParameterMatch),
    grpc: obj(match, 'grpc') !== undefined,
    runtimeFraction: fraction && {
      numerator: int(percent, 'numerator'),
      denominator: enumName(percent, 'denominator', ['HUNDRED', 'TEN_THOUSAND', 'MILLION']),
      runtimeKey: str(fraction, 'runtime_key'),
    },
  }
}

/** Header matchers, including the pre-StringMatcher spellings (exact_match …) older control planes still send. */
function parseHeaderMatch(raw: Raw): HeaderMatch {
  return {name: str(raw, 'name'), test: headerTest(raw), invert: bool(raw, 'invert_match'), treatMissingAsEmpty: bool(raw, 'treat_missing_header_as_empty')}
}

function headerTest(raw: Raw): HeaderTest {
  const stringMatch = obj(raw, 'string_match')
  if (stringMatch) return parseStringMatch(stringMatch)
  for (const [snake, kind] of [
    ['exact_match', 'exact'],
    ['prefix_match', 'prefix'],
    ['suffix_match', 'suffix'],
    ['contains_match', 'contains'],
  ] as const) {
    const v = optionalStr(raw, snake)
    if (v !== undefined) return {kind, value: v, ignoreCase: false}
  }
  const regex = obj(raw, 'safe_regex_match')
  if (regex) return {kind: 'regex', value: str(regex, 'regex'), ignoreCase: false}
  const range = obj(raw, 'range_match')
  if (range) return {kind: 'range', start: int(range, 'start'), end: int(range, 'end')}
  const present = field(raw, 'present_match')
  return {kind: 'present', present: typeof present === 'boolean' ? present : true}
}

function parseQueryParameterMatch(raw: Raw): QueryParameterMatch {
  const stringMatch = obj(raw, 'string_match')
  return {name: str(raw, 'name'), test: stringMatch ? parseStringMatch(stringMatch) : {kind: 'present', present: bool(raw, 'present_match')}}
}

function parseAction(raw: Raw): RouteAction {
  const route = obj(raw, 'route')
  if (route) {
    const options = forwardOptions(route)
    const weighted = obj(route, 'weighted_clusters')
    if (weighted) {
      const clusters = list(weighted, 'clusters').map((c) => ({name: str(c, 'name'), weight: wrapped(c, 'weight') ?? 0}))
      const totalWeight = wrapped(weighted, 'total_weight') ?? clusters.reduce((sum, c) => sum + c.weight, 0)
      return {kind: 'weighted', clusters, totalWeight, ...options}
    }
    if (field(route, 'cluster_header') !== undefined) return {kind: 'cluster_header', header: str(route, 'cluster_header'), ...options}
    return {kind: 'cluster', cluster: str(route, 'cluster'), ...options}
  }
  const redirect = obj(raw, 'redirect')
  if (redirect) return {kind: 'redirect', redirect: parseRedirect(redirect)}
  const direct = obj(raw, 'direct_response')
  if (direct) return {kind: 'direct_response', status: int(direct, 'status'), hasBody: obj(direct, 'body') !== undefined}
  return {kind: 'none'}
}

function forwardOptions(route: Raw): ForwardOptions {
  const retry = obj(route, 'retry_policy')
  const regexRewrite = obj(route, 'regex_rewrite')
  return {
    timeout: str(route, 'timeout'),
    retries: wrapped(retry, 'num_retries'),
    retryPolicy: retry && {retryOn: str(retry, 'retry_on'), numRetries: wrapped(retry, 'num_retries')},
    prefixRewrite: optionalStr(route, 'prefix_rewrite'),
    regexRewrite: regexRewrite && {pattern: str(obj(regexRewrite, 'pattern'), 'regex'), substitution: str(regexRewrite, 'substitution')},
    hostRewrite: hostRewrite(route),
  }
}

function hostRewrite(route: Raw): HostRewrite | undefined {
  const literal = optionalStr(route, 'host_rewrite_literal')
  if (literal !== undefined) return {kind: 'literal', value: literal}
  const header = optionalStr(route, 'host_rewrite_header')
  if (header !== undefined) return {kind: 'header', value: header}
  const pathRegex = obj(route, 'host_rewrite_path_regex')
  if (pathRegex) return {kind: 'path_regex', value: str(obj(pathRegex, 'pattern'), 'regex')}
  return boolValue(route, 'auto_host_rewrite') ? {kind: 'auto'} : undefined
}

function parseRedirect(raw: Raw): Redirect {
  return {
    scheme: str(raw, 'scheme_redirect'),
    httpsRedirect: bool(raw, 'https_redirect'),
    host: str(raw, 'host_redirect'),
    port: int(raw, 'port_redirect'),
    path: str(raw, 'path_redirect'),
    prefixRewrite: str(raw, 'prefix_rewrite'),
    status: REDIRECT_STATUS.get(enumName(raw, 'response_code', REDIRECT_CODES)) ?? 301,
    stripQuery: bool(raw, 'strip_query'),
  }
}

function configuresFault(raw: Raw): boolean {
  return field(obj(raw, 'typed_per_filter_config'), FAULT_FILTER) !== undefined
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
