import {cmp} from '../core/gosort.js'
import type {ResourceEntry} from '../dump/configdump.js'
import {type RouteConfiguration, type WeightedCluster, parseRouteConfiguration} from './route.js'
import {type Loader, type Raw, boolValue, enumName, field, int, intValue, isRaw, list, obj, str, strList, wrapped} from './raw.js'
import {type ResourceStatus, type StatusSource, resourceStatus} from './status.js'

export const HCM_FILTER = 'envoy.filters.network.http_connection_manager'
export const TCP_PROXY_FILTER = 'envoy.filters.network.tcp_proxy'

/** A `core.v3.CidrRange`. */
export interface CidrRange {
  addressPrefix: string
  prefixLen: number
}

/** A `listener.v3.FilterChainMatch`: every field must hold for a connection to pick the chain. */
export interface FilterChainMatch {
  destinationPort: number | undefined
  prefixRanges: CidrRange[]
  directSourcePrefixRanges: CidrRange[]
  /** ANY, SAME_IP_OR_LOOPBACK or EXTERNAL. */
  sourceType: string
  sourcePrefixRanges: CidrRange[]
  sourcePorts: number[]
  serverNames: string[]
  transportProtocol: string
  applicationProtocols: string[]
}

export type NetworkFilter =
  | {
      kind: 'hcm'
      name: string
      /** RDS route configuration name; '' when the routes are inline. */
      rds: string
      routeConfig: RouteConfiguration | undefined
      /** Names of the HTTP filters, in order. */
      httpFilters: string[]
    }
  | {
      kind: 'tcp'
      name: string
      cluster: string
      weighted: boolean
      weightedClusters: WeightedCluster[]
      toBlackHole: boolean
    }
  | {kind: 'other'; name: string}

export interface FilterChain {
  name: string
  match: FilterChainMatch | undefined
  filters: NetworkFilter[]
  /** TLS on the downstream side: the chain has a non-raw transport socket. */
  tls: boolean
  /** The listener's default_filter_chain: taken when no other chain matches. */
  isDefault: boolean
}

/** A `core.v3.SocketAddress` a listener listens on. */
export interface SocketAddress {
  address: string
  port: number
  /** TCP or UDP. */
  protocol: string
}

/** An Envoy `config.listener.v3.Listener`. */
export interface Listener {
  name: string
  /** Socket address, pipe path, or "" for internal listeners. */
  address: string
  additionalAddresses: string[]
  port: number
  /** The primary socket address then the additional ones; empty for pipes and internal listeners. */
  sockets: SocketAddress[]
  /** False for Istio's per-service listeners, which only receive traffic handed over by 15001/15006. */
  bindToPort: boolean
  /** 15001/15006: hand connections to the listener matching their original destination. */
  useOriginalDst: boolean
  /** INBOUND, OUTBOUND or UNSPECIFIED. */
  trafficDirection: string
  /** Names of the listener filters (TLS inspector, original_dst …), in order. */
  listenerFilters: string[]
  /** `filter_chains` followed by `default_filter_chain`, as istioctl walks them. */
  filterChains: FilterChain[]
  status: ResourceStatus
  /** An internal listener (`internal_listener`), reached by name rather than by address: waypoints chain them. */
  internal: boolean
  /** `filter_chain_matcher`, which replaces `filter_chain_match` on waypoints. */
  chainMatcher: ChainMatcher | undefined
  load: Loader
  /** The JSON text `load` parses, when the listener was read from a dump: a huge one is printed from it piece by piece. */
  bytes: (() => Buffer) | undefined
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

/**
 * Lists parseListener reads through `where.list` when a dump entry is too large to
 * parse whole: a listener of thousands of filter chains is then never one tree.
 */
export const LISTENER_LISTS = ['filter_chains'] as const

export function parseListener(raw: Raw, load: Loader = () => raw, where?: StatusSource & Pick<ResourceEntry, 'bytes' | 'list'>): Listener {
  const address = obj(raw, 'address')
  const socket = obj(address, 'socket_address')
  const chains: FilterChain[] = []
  for (const c of where?.list?.('filter_chains') ?? list(raw, 'filter_chains')) if (isRaw(c)) chains.push(parseFilterChain(c, false))
  const defaultChain = obj(raw, 'default_filter_chain')
  if (defaultChain) chains.push(parseFilterChain(defaultChain, true))
  const additional = list(raw, 'additional_addresses').map((a) => obj(obj(a, 'address'), 'socket_address'))
  return {
    name: str(raw, 'name'),
    address: socket ? str(socket, 'address') : str(obj(address, 'pipe'), 'path'),
    additionalAddresses: additional.map((s) => str(s, 'address')),
    port: int(socket, 'port_value'),
    sockets: [socket, ...additional].filter(isRaw).map(parseSocketAddress),
    bindToPort: boolValue(raw, 'bind_to_port') ?? true,
    useOriginalDst: boolValue(raw, 'use_original_dst') ?? false,
    trafficDirection: enumName(raw, 'traffic_direction', ['UNSPECIFIED', 'INBOUND', 'OUTBOUND']),
    listenerFilters: list(raw, 'listener_filters').map((f) => str(f, 'name')),
    filterChains: chains,
    internal: obj(raw, 'internal_listener') !== undefined,
    chainMatcher: parseChainMatcher(obj(raw, 'filter_chain_matcher')),
    status: resourceStatus(where),
    load,
    bytes: where?.bytes,
  }
}

function parseSocketAddress(socket: Raw): SocketAddress {
  return {address: str(socket, 'address'), port: int(socket, 'port_value'), protocol: enumName(socket, 'protocol', ['TCP', 'UDP'])}
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

function parseFilterChain(raw: Raw, isDefault: boolean): FilterChain {
  const m = obj(raw, 'filter_chain_match')
  const socket = obj(raw, 'transport_socket')
  return {
    name: str(raw, 'name'),
    match: m && parseFilterChainMatch(m),
    filters: list(raw, 'filters').filter(isRaw).map(parseNetworkFilter),
    tls: socket !== undefined && str(socket, 'name') !== 'envoy.transport_sockets.raw_buffer',
    isDefault,
  }
}

function parseFilterChainMatch(m: Raw): FilterChainMatch {
  return {
    destinationPort: wrapped(m, 'destination_port'),
    prefixRanges: cidrRanges(m, 'prefix_ranges'),
    directSourcePrefixRanges: cidrRanges(m, 'direct_source_prefix_ranges'),
    sourceType: enumName(m, 'source_type', ['ANY', 'SAME_IP_OR_LOOPBACK', 'EXTERNAL']),
    sourcePrefixRanges: cidrRanges(m, 'source_prefix_ranges'),
    sourcePorts: list(m, 'source_ports').map(intValue),
    serverNames: strList(m, 'server_names'),
    transportProtocol: str(m, 'transport_protocol'),
    applicationProtocols: strList(m, 'application_protocols'),
  }
}

function cidrRanges(m: Raw, snake: string): CidrRange[] {
  return list(m, snake).map((r) => ({addressPrefix: str(r, 'address_prefix'), prefixLen: int(r, 'prefix_len')}))
}

function parseNetworkFilter(raw: Raw): NetworkFilter {
  const name = str(raw, 'name')
  const config = obj(raw, 'typed_config') ?? {}
  if (name === HCM_FILTER) {
    const inline = obj(config, 'route_config')
    return {
      kind: 'hcm',
      name,
      rds: str(obj(config, 'rds'), 'route_config_name'),
      routeConfig: inline && parseRouteConfiguration(inline),
      httpFilters: list(config, 'http_filters').map((f) => str(f, 'name')),
    }
  }
  if (name === TCP_PROXY_FILTER) {
    const weighted = obj(config, 'weighted_clusters')
    return {
      kind: 'tcp',
      name,
      cluster: str(config, 'cluster'),
      weighted: weighted !== undefined,
      weightedClusters: list(weighted, 'clusters').map((c) => ({name: str(c, 'name'), weight: wrapped(c, 'weight') ?? 0})),
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
