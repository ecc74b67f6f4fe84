import {type IstioConfigRef, istioConfigRef, istioConfigSource} from './istio.js'
import {type StringMatch, parseStringMatch} from './matcher.js'
import {type Loader, type Raw, enumName, field, isRaw, list, obj, str, strList, wrapped} from './raw.js'
import {type ResourceStatus, type StatusSource, resourceStatus} from './status.js'

const DISCOVERY_TYPES = ['STATIC', 'STRICT_DNS', 'LOGICAL_DNS', 'EDS', 'ORIGINAL_DST'] as const
/** Number 4 was ORIGINAL_DST_LB, removed from the API. */
const LB_POLICIES = ['ROUND_ROBIN', 'LEAST_REQUEST', 'RING_HASH', 'RANDOM', 'ORIGINAL_DST_LB', 'MAGLEV', 'CLUSTER_PROVIDED', 'LOAD_BALANCING_POLICY_CONFIG'] as const
const RAW_BUFFER = 'envoy.transport_sockets.raw_buffer'

export interface CircuitBreakerThresholds {
  priority: string
  maxConnections?: number
  maxPendingRequests?: number
  maxRequests?: number
  maxRetries?: number
}

/** How a TLS client checks the server: SDS secret or inline CA, and the SANs it must present. */
export interface TlsValidation {
  /** SDS name of the validation context (Istio: `ROOTCA`); '' when inline. */
  secret: string
  trustedCa: boolean
  subjectAltNames: StringMatch[]
}

/** An upstream `tls.v3.UpstreamTlsContext`, reduced to what decides the handshake. */
export interface UpstreamTls {
  sni: string
  alpn: string[]
  /** SDS names of the client certificates (Istio: `default`). */
  certificateSecrets: string[]
  validation: TlsValidation | undefined
}

/** The cluster's transport socket, or one of its transport_socket_matches. */
export interface TransportSocket {
  /** Name of the transport_socket_matches entry; '' for the cluster's own transport_socket. */
  matchName: string
  /** Endpoint metadata an endpoint needs for this socket (`tlsMode: istio`); empty for the cluster's own. */
  match: Record<string, unknown>
  /** Extension name: envoy.transport_sockets.tls, …raw_buffer … */
  name: string
  tls: UpstreamTls | undefined
}

/**
 * What the default `cluster` table shows of a cluster. A listing of thousands of
 * clusters that shows only this is read into it instead of a whole `Cluster`:
 * nothing else of each cluster then outlives its parse.
 */
export interface ClusterHead {
  name: string
  /** Discovery type; clusters with a custom `cluster_type` (aggregate, DFP …) report STATIC, as Envoy's enum default. */
  type: string
  /** The DESTINATION RULE column: the Istio object named in the metadata (see istioConfigSource). */
  destinationRule: string
  status: ResourceStatus
  load: Loader
}

/** An Envoy `config.cluster.v3.Cluster`, reduced to what proxy-config shows and compares. */
export interface Cluster extends ClusterHead {
  /** Name of a custom cluster type extension, if any. */
  customType: string
  edsServiceName: string
  /** lb_policy; `load_balancing_policy` extensions, when set, are in `lbPolicies`. */
  lbPolicy: string
  lbPolicies: string[]
  metadata: Raw | undefined
  /** The Istio object (DestinationRule …) this cluster came from. */
  configRef: IstioConfigRef | undefined
  /** Istio's `tlsMode` transport socket match, or the transport socket's name. */
  tlsMode: string
  /** transport_socket_matches in order, then the cluster's transport_socket. */
  transportSockets: TransportSocket[]
  outlierDetection: boolean
  circuitBreakers: CircuitBreakerThresholds[]
  connectTimeout: string
}

export function parseClusterHead(raw: Raw, load: Loader = () => raw, where?: StatusSource): ClusterHead {
  return {
    name: str(raw, 'name'),
    type: obj(raw, 'cluster_type') ? 'STATIC' : enumName(raw, 'type', DISCOVERY_TYPES),
    destinationRule: istioConfigSource(obj(raw, 'metadata')),
    status: resourceStatus(where),
    load,
  }
}

export function parseCluster(raw: Raw, load: Loader = () => raw, where?: StatusSource): Cluster {
  const customType = obj(raw, 'cluster_type')
  const metadata = obj(raw, 'metadata')
  const socket = obj(raw, 'transport_socket')
  return {
    ...parseClusterHead(raw, load, where),
    customType: str(customType, 'name'),
    edsServiceName: str(obj(raw, 'eds_cluster_config'), 'service_name'),
    lbPolicy: enumName(raw, 'lb_policy', LB_POLICIES),
    lbPolicies: list(obj(raw, 'load_balancing_policy'), 'policies').map((p) => str(obj(p, 'typed_extension_config'), 'name')),
    metadata,
    configRef: istioConfigRef(metadata),
    tlsMode: tlsMode(raw),
    transportSockets: [
      ...list(raw, 'transport_socket_matches').map((m) => parseTransportSocket(obj(m, 'transport_socket'), str(m, 'name'), obj(m, 'match') ?? {})),
      ...(socket ? [parseTransportSocket(socket, '', {})] : []),
    ],
    outlierDetection: obj(raw, 'outlier_detection') !== undefined,
    circuitBreakers: list(obj(raw, 'circuit_breakers'), 'thresholds').map((t) => ({
      priority: enumName(t, 'priority', ['DEFAULT', 'HIGH']),
      maxConnections: wrapped(t, 'max_connections'),
      maxPendingRequests: wrapped(t, 'max_pending_requests'),
      maxRequests: wrapped(t, 'max_requests'),
      maxRetries: wrapped(t, 'max_retries'),
    })),
    connectTimeout: typeof field(raw, 'connect_timeout') === 'string' ? str(raw, 'connect_timeout') : '',
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
  if (socket && str(socket, 'name') !== RAW_BUFFER) return 'TLS'
  return ''
}

function parseTransportSocket(socket: Raw | undefined, matchName: string, match: Record<string, unknown>): TransportSocket {
  const name = str(socket, 'name')
  const config = obj(socket, 'typed_config')
  const isTls = config !== undefined && str(config, '@type').endsWith('.UpstreamTlsContext')
  return {matchName, match, name, tls: isTls ? parseUpstreamTls(config) : undefined}
}

function parseUpstreamTls(config: Raw): UpstreamTls {
  const common = obj(config, 'common_tls_context')
  return {
    sni: str(config, 'sni'),
    alpn: strList(common, 'alpn_protocols'),
    certificateSecrets: list(common, 'tls_certificate_sds_secret_configs').map((s) => str(s, 'name')),
    validation: tlsValidation(common),
  }
}

/** Validation lives in one of three places: inline, by SDS, or both combined (Istio's usual choice). */
function tlsValidation(common: Raw | undefined): TlsValidation | undefined {
  const combined = obj(common, 'combined_validation_context')
  const inline = obj(combined, 'default_validation_context') ?? obj(common, 'validation_context')
  const sds = obj(combined, 'validation_context_sds_secret_config') ?? obj(common, 'validation_context_sds_secret_config')
  if (!inline && !sds) return undefined
  const sans = [...list(inline, 'match_subject_alt_names'), ...list(inline, 'match_typed_subject_alt_names').map((t) => obj(t, 'matcher'))]
  return {secret: str(sds, 'name'), trustedCa: obj(inline, 'trusted_ca') !== undefined, subjectAltNames: sans.filter(isRaw).map(parseStringMatch)}
}
