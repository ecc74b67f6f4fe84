import {type RouteConfiguration, type WeightedCluster, parseRouteConfiguration} from './route.js'
import {type Loader, type Raw, boolValue, enumName, int, intValue, isRaw, list, obj, str, strList, wrapped} from './raw.js'
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
  load: Loader
}

export function parseListener(raw: Raw, load: Loader = () => raw, where?: StatusSource): Listener {
  const address = obj(raw, 'address')
  const socket = obj(address, 'socket_address')
  const chains = list(raw, 'filter_chains')
    .filter(isRaw)
    .map((c) => parseFilterChain(c, false))
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
    status: resourceStatus(where),
    load,
  }
}

function parseSocketAddress(socket: Raw): SocketAddress {
  return {address: str(socket, 'address'), port: int(socket, 'port_value'), protocol: enumName(socket, 'protocol', ['TCP', 'UDP'])}
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
