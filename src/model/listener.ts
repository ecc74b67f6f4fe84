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
  load: Loader
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
