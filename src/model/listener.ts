import {cmp} from '../core/gosort.js'
import {type RouteConfiguration, parseRouteConfiguration} from './route.js'
import {type Loader, type Raw, field, int, isRaw, list, obj, str, strList, wrapped} from './raw.js'

export const HCM_FILTER = 'envoy.filters.network.http_connection_manager'
export const TCP_PROXY_FILTER = 'envoy.filters.network.tcp_proxy'

export interface FilterChainMatch {
  serverNames: string[]
  transportProtocol: string
  applicationProtocols: string[]
  prefixRanges: {addressPrefix: string; prefixLen: number}[]
  destinationPort: number | undefined
}

export type NetworkFilter =
  | {kind: 'hcm'; name: string; rds: string; routeConfig: RouteConfiguration | undefined}
  | {kind: 'tcp'; name: string; cluster: string; weighted: boolean; toBlackHole: boolean}
  | {kind: 'other'; name: string}

export interface FilterChain {
  name: string
  match: FilterChainMatch | undefined
  filters: NetworkFilter[]
  /** TLS on the downstream side: the chain has a non-raw transport socket. */
  tls: boolean
}

/** An Envoy `config.listener.v3.Listener`. */
export interface Listener {
  name: string
  /** Socket address, pipe path, or "" for internal listeners. */
  address: string
  additionalAddresses: string[]
  port: number
  /** False for Istio's per-service listeners, which only receive traffic handed over by 15001/15006. */
  bindToPort: boolean
  /** 15001/15006: hand connections to the listener matching their original destination. */
  useOriginalDst: boolean
  /** `filter_chains` followed by `default_filter_chain`, as istioctl walks them. */
  filterChains: FilterChain[]
  /** An internal listener (`internal_listener`), reached by name rather than by address: waypoints chain them. */
  internal: boolean
  /** `filter_chain_matcher`, which replaces `filter_chain_match` on waypoints. */
  chainMatcher: ChainMatcher | undefined
  load: Loader
}

/** Where a matcher sends a connection: a filter chain by name, or a further matcher. */
export type ChainTarget = {chain: string} | {matcher: ChainMatcher}

/** One key of a matcher tree: an exact or prefix key of a map, or an IP range (`10.0.0.0/8`). */
export interface ChainBranch {
  input: string
  kind: 'exact' | 'prefix' | 'ip'
  key: string
  target: ChainTarget
}

/** `xds.type.matcher.v3.Matcher` as listeners use it: which filter chain takes a connection. */
export interface ChainMatcher {
  branches: ChainBranch[]
  onNoMatch: ChainTarget | undefined
}

export function parseListener(raw: Raw, load: Loader = () => raw): Listener {
  const address = obj(raw, 'address')
  const socket = obj(address, 'socket_address')
  const chains = list(raw, 'filter_chains').filter(isRaw)
  const defaultChain = obj(raw, 'default_filter_chain')
  if (defaultChain) chains.push(defaultChain)
  return {
    name: str(raw, 'name'),
    address: socket ? str(socket, 'address') : str(obj(address, 'pipe'), 'path'),
    additionalAddresses: list(raw, 'additional_addresses').map((a) => str(obj(obj(a, 'address'), 'socket_address'), 'address')),
    port: int(socket, 'port_value'),
    bindToPort: boolValue(raw, 'bind_to_port') ?? true,
    useOriginalDst: boolValue(raw, 'use_original_dst') ?? false,
    filterChains: chains.map(parseFilterChain),
    internal: obj(raw, 'internal_listener') !== undefined,
    chainMatcher: parseChainMatcher(obj(raw, 'filter_chain_matcher')),
    load,
  }
}

/** google.protobuf.BoolValue: a bare boolean in proto JSON, `{"value": b}` from some tools. */
function boolValue(o: unknown, snake: string): boolean | undefined {
  const v = field(o, snake)
  if (typeof v === 'boolean') return v
  const inner = field(v, 'value')
  return typeof inner === 'boolean' ? inner : undefined
}

/** Matchers nest; a hostile dump must not nest them deeper than the stack. */
const MAX_MATCHER_DEPTH = 32

function parseChainMatcher(raw: Raw | undefined, depth = 0): ChainMatcher | undefined {
  if (!raw || depth > MAX_MATCHER_DEPTH) return undefined
  const tree = obj(raw, 'matcher_tree')
  const input = str(obj(tree, 'input'), 'name')
  const branches: ChainBranch[] = []
  for (const [kind, mapField] of [
    ['exact', 'exact_match_map'],
    ['prefix', 'prefix_match_map'],
  ] as const) {
    // Sorted by key: istioctl walks these maps in Go's random map order, which no output can match anyway.
    for (const [key, onMatch] of Object.entries(obj(obj(tree, mapField), 'map') ?? {}).sort(([a], [b]) => cmp(a, b))) {
      const target = parseChainTarget(onMatch, depth)
      if (target) branches.push({input, kind, key, target})
    }
  }
  for (const range of list(obj(obj(tree, 'custom_match'), 'typed_config'), 'range_matchers')) {
    const target = parseChainTarget(obj(range, 'on_match'), depth)
    if (!target) continue
    for (const r of list(range, 'ranges')) {
      const len = wrapped(r, 'prefix_len')
      const prefix = str(r, 'address_prefix')
      // A single address (/32, /128) is written without its length.
      const key = len === undefined || len === 32 || len === 128 ? prefix : `${prefix}/${len}`
      branches.push({input, kind: 'ip', key, target})
    }
  }
  return {branches, onNoMatch: parseChainTarget(obj(raw, 'on_no_match'), depth)}
}

/** An `OnMatch`: an action naming a chain (Istio puts the name in a StringValue and in `name`), or a nested matcher. */
function parseChainTarget(onMatch: unknown, depth: number): ChainTarget | undefined {
  const action = obj(onMatch, 'action')
  if (action) {
    const value = field(obj(action, 'typed_config'), 'value')
    return {chain: typeof value === 'string' ? value : str(action, 'name')}
  }
  const matcher = parseChainMatcher(obj(onMatch, 'matcher'), depth + 1)
  return matcher && {matcher}
}

function parseFilterChain(raw: Raw): FilterChain {
  const m = obj(raw, 'filter_chain_match')
  const socket = obj(raw, 'transport_socket')
  return {
    name: str(raw, 'name'),
    match: m && {
      serverNames: strList(m, 'server_names'),
      transportProtocol: str(m, 'transport_protocol'),
      applicationProtocols: strList(m, 'application_protocols'),
      prefixRanges: list(m, 'prefix_ranges').map((r) => ({addressPrefix: str(r, 'address_prefix'), prefixLen: int(r, 'prefix_len')})),
      destinationPort: wrapped(m, 'destination_port'),
    },
    filters: list(raw, 'filters').filter(isRaw).map(parseNetworkFilter),
    tls: socket !== undefined && str(socket, 'name') !== 'envoy.transport_sockets.raw_buffer',
  }
}

function parseNetworkFilter(raw: Raw): NetworkFilter {
  const name = str(raw, 'name')
  const config = obj(raw, 'typed_config') ?? {}
  if (name === HCM_FILTER) {
    const inline = obj(config, 'route_config')
    return {kind: 'hcm', name, rds: str(obj(config, 'rds'), 'route_config_name'), routeConfig: inline && parseRouteConfiguration(inline)}
  }
  if (name === TCP_PROXY_FILTER) {
    return {
      kind: 'tcp',
      name,
      cluster: str(config, 'cluster'),
      weighted: obj(config, 'weighted_clusters') !== undefined,
      toBlackHole: mentions(config, 'BlackHoleCluster'),
    }
  }
  return {kind: 'other', name}
}

/**
 * istioctl searches the serialised tcp_proxy config for "BlackHoleCluster"; looking
 * through every string in the decoded config finds the same thing.
 */
function mentions(value: unknown, text: string, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(text)
  if (depth > 64 || typeof value !== 'object' || value === null) return false
  for (const [k, v] of Object.entries(value)) {
    if (k.includes(text) || mentions(v, text, depth + 1)) return true
  }
  return false
}
