import {type Loader, type Raw, enumName, field, list, obj, str, wrapped} from './raw.js'

const DISCOVERY_TYPES = ['STATIC', 'STRICT_DNS', 'LOGICAL_DNS', 'EDS', 'ORIGINAL_DST'] as const

export interface CircuitBreakerThresholds {
  priority: string
  maxConnections?: number
  maxPendingRequests?: number
  maxRequests?: number
  maxRetries?: number
}

/** An Envoy `config.cluster.v3.Cluster`, reduced to what proxy-config shows. */
export interface Cluster {
  name: string
  /** Discovery type; clusters with a custom `cluster_type` (aggregate, DFP …) report STATIC, as Envoy's enum default. */
  type: string
  /** Name of a custom cluster type extension, if any. */
  customType: string
  edsServiceName: string
  metadata: Raw | undefined
  /** Istio's `tlsMode` transport socket match, or the transport socket's name. */
  tlsMode: string
  circuitBreakers: CircuitBreakerThresholds[]
  connectTimeout: string
  load: Loader
}

export function parseCluster(raw: Raw, load: Loader = () => raw): Cluster {
  const customType = obj(raw, 'cluster_type')
  return {
    name: str(raw, 'name'),
    type: customType ? 'STATIC' : enumName(raw, 'type', DISCOVERY_TYPES),
    customType: str(customType, 'name'),
    edsServiceName: str(obj(raw, 'eds_cluster_config'), 'service_name'),
    metadata: obj(raw, 'metadata'),
    tlsMode: tlsMode(raw),
    circuitBreakers: list(obj(raw, 'circuit_breakers'), 'thresholds').map((t) => ({
      priority: enumName(t, 'priority', ['DEFAULT', 'HIGH']),
      maxConnections: wrapped(t, 'max_connections'),
      maxPendingRequests: wrapped(t, 'max_pending_requests'),
      maxRequests: wrapped(t, 'max_requests'),
      maxRetries: wrapped(t, 'max_retries'),
    })),
    connectTimeout: typeof field(raw, 'connect_timeout') === 'string' ? str(raw, 'connect_timeout') : '',
    load,
  }
}

/**
 * Istio sidecars pick mTLS per endpoint through transport_socket_matches keyed on
 * `tlsMode: istio`; a plain transport_socket means TLS for every endpoint.
 */
function tlsMode(raw: Raw): string {
  const matches = list(raw, 'transport_socket_matches')
  if (matches.some((m) => str(obj(m, 'match'), 'tlsMode') === 'istio')) return 'ISTIO_MUTUAL'
  const socket = obj(raw, 'transport_socket')
  if (socket && str(socket, 'name') !== 'envoy.transport_sockets.raw_buffer') return 'TLS'
  return ''
}
