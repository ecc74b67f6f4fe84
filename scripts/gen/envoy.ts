/**
 * Just enough of Envoy's v3 JSON shapes for the generator, with field names as
 * Envoy prints them. Key order in the output is the order the generator builds
 * each object in (proto field-number order), not the order declared here.
 */

/** An `Any`: its type URL plus the message's own fields. */
export type TypedConfig = {readonly '@type': string; readonly [field: string]: unknown}

/** A named extension (filter, transport socket, access logger, ...). */
export interface Extension {
  name: string
  typed_config: TypedConfig
}

/** A filter whose config comes from ECDS. */
interface DiscoveredFilter {
  name: string
  config_discovery: {config_source: ConfigSource; type_urls: string[]}
}

export type Filter = Extension | DiscoveredFilter

type Empty = Record<string, never>

interface ApiConfigSource {
  api_type: 'GRPC'
  grpc_services: {envoy_grpc: {cluster_name: string}}[]
  set_node_on_first_message_only: boolean
  transport_api_version: 'V3'
}

export interface ConfigSource {
  ads?: Empty
  api_config_source?: ApiConfigSource
  initial_fetch_timeout?: string
  resource_api_version: 'V3'
}

export interface SocketAddress {
  socket_address: {address: string; port_value: number}
}
type Address = SocketAddress | {pipe: {path: string}}

export interface Locality {
  region?: string
  zone?: string
  sub_zone?: string
}

export type HealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'DRAINING'

interface IstioMetadata {
  config?: string
  services?: {host: string; name: string; namespace: string}[]
  subset?: string
  workload?: string
}

export interface Metadata {
  filter_metadata: {istio: IstioMetadata; 'envoy.transport_socket_match'?: {tlsMode: string}}
}

export interface Thresholds {
  priority?: 'HIGH'
  max_connections: number
  max_pending_requests: number
  max_requests: number
  max_retries?: number
  track_remaining?: boolean
}

interface TransportSocketMatch {
  name: string
  match: {tlsMode?: string}
  transport_socket: Extension
}

export interface Cluster {
  '@type'?: string
  name: string
  type: 'STATIC' | 'EDS' | 'STRICT_DNS' | 'LOGICAL_DNS' | 'ORIGINAL_DST'
  eds_cluster_config?: {eds_config: ConfigSource; service_name: string}
  connect_timeout: string
  lb_policy?: 'LEAST_REQUEST' | 'CLUSTER_PROVIDED'
  max_requests_per_connection?: number
  circuit_breakers?: {thresholds: Thresholds[]}
  upstream_connection_options?: {tcp_keepalive: {keepalive_time: number}}
  dns_refresh_rate?: string
  dns_lookup_family?: 'V4_ONLY'
  outlier_detection?: {
    consecutive_5xx: number
    interval: string
    base_ejection_time: string
    max_ejection_percent: number
    enforcing_consecutive_5xx: number
    enforcing_success_rate: number
  }
  upstream_bind_config?: {source_address: SocketAddress}
  metadata?: Metadata
  common_lb_config?: Empty
  load_assignment?: ClusterLoadAssignment
  typed_extension_protocol_options?: Record<string, TypedConfig>
  filters?: Extension[]
  transport_socket_matches?: TransportSocketMatch[]
  respect_dns_ttl?: boolean
}

export interface LbEndpoint {
  endpoint: {address: Address; health_check_config?: Empty; hostname?: string}
  health_status?: HealthStatus
  metadata?: Metadata
  load_balancing_weight?: number
}

export interface LocalityLbEndpoints {
  locality?: Locality
  lb_endpoints: LbEndpoint[]
  load_balancing_weight?: number
}

export interface ClusterLoadAssignment {
  '@type'?: string
  cluster_name: string
  endpoints?: LocalityLbEndpoints[]
  policy?: {overprovisioning_factor: number}
}

interface FilterChainMatch {
  destination_port?: number
  prefix_ranges?: {address_prefix: string; prefix_len: number}[]
  server_names?: string[]
  transport_protocol?: 'tls' | 'raw_buffer'
  application_protocols?: string[]
}

export interface FilterChain {
  filter_chain_match?: FilterChainMatch
  filters: Filter[]
  transport_socket?: Extension
  name?: string
}

export interface Listener {
  '@type'?: string
  name?: string
  address: SocketAddress
  filter_chains: FilterChain[]
  use_original_dst?: boolean
  default_filter_chain?: FilterChain
  listener_filters?: Extension[]
  listener_filters_timeout?: string
  traffic_direction?: 'INBOUND' | 'OUTBOUND'
  continue_on_listener_filters_timeout?: boolean
  bind_to_port?: boolean
  additional_addresses?: {address: SocketAddress}[]
}

export interface RetryPolicy {
  retry_on: string
  num_retries: number
  retry_host_predicate: Extension[]
  host_selection_retry_max_attempts: string
  retriable_status_codes: number[]
}

export interface RouteMatch {
  prefix?: string
  path?: string
  safe_regex?: {regex: string}
  path_separated_prefix?: string
  case_sensitive?: boolean
  headers?: {name: string; string_match: {exact: string}}[]
}

export interface RouteAction {
  cluster?: string
  weighted_clusters?: {clusters: {name: string; weight: number}[]}
  timeout?: string
  retry_policy?: RetryPolicy
  max_stream_duration?: {max_stream_duration: string; grpc_timeout_header_max: string}
  max_grpc_timeout?: string
}

export interface Route {
  match: RouteMatch
  route?: RouteAction
  redirect?: {https_redirect: boolean}
  metadata?: Metadata
  decorator?: {operation: string}
  name?: string
}

export interface VirtualHost {
  name: string
  domains: string[]
  routes: Route[]
  include_request_attempt_count?: boolean
}

export interface RouteConfiguration {
  '@type'?: string
  name?: string
  virtual_hosts: VirtualHost[]
  validate_clusters?: boolean
}

/** The members a dynamic route config carries after its virtual hosts. */
export interface RouteConfigTail {
  validate_clusters: boolean
  max_direct_response_body_size_bytes?: number
  ignore_port_in_host_matching: boolean
}

interface DataSource {
  inline_bytes: string
}

export interface Secret {
  '@type': string
  name: string
  tls_certificate?: {certificate_chain: DataSource; private_key: DataSource}
  validation_context?: {trusted_ca: DataSource}
}

export interface SecretEntry {
  name: string
  version_info: string
  last_updated: string
  secret: Secret
}

export interface SecretsConfigDump {
  '@type': string
  dynamic_active_secrets: SecretEntry[]
  dynamic_warming_secrets: SecretEntry[]
}

export interface EcdsConfigDump {
  '@type': string
  ecds_filters: {version_info: string; ecds_filter: {'@type': string; name: string; typed_config?: TypedConfig}; last_updated: string}[]
}

interface Node {
  id: string
  cluster: string
  metadata: Readonly<Record<string, unknown>>
  locality: Locality
  user_agent_name: string
  user_agent_build_version: {version: {major_number: number; minor_number: number; patch: number}; metadata: Record<string, string>}
  extensions: {name: string; category: string; type_urls: string[]}[]
}

interface Bootstrap {
  node: Node
  static_resources: {listeners: Listener[]; clusters: Cluster[]}
  dynamic_resources: {lds_config: ConfigSource; cds_config: ConfigSource; ads_config: ApiConfigSource}
  cluster_manager: {outlier_detection: Empty}
  stats_config: {
    stats_tags: {tag_name: string; regex: string}[]
    use_all_default_tags: boolean
    stats_matcher: {inclusion_list: {patterns: ({prefix: string} | {suffix: string})[]}}
  }
  admin: {access_log: Extension[]; profile_path: string; address: SocketAddress}
  layered_runtime: {layers: ({name: string; static_layer: Record<string, string>} | {name: string; admin_layer: Empty})[]}
}

export interface BootstrapConfigDump {
  '@type': string
  bootstrap: Bootstrap
  last_updated: string
}

/** One counter or gauge of a host in /clusters?format=json; zero values print only the name. */
export interface HostStat {
  type?: 'GAUGE'
  value?: string
  name: string
}

export interface HostStatus {
  address: Address
  stats: HostStat[]
  health_status: {failed_outlier_check?: boolean; eds_health_status: HealthStatus}
  weight: number
  hostname?: string
  locality: Locality
}

export interface ClusterStatus {
  name: string
  added_via_api?: boolean
  host_statuses?: HostStatus[]
  circuit_breakers: {thresholds: Thresholds[]}
  observability_name: string
  eds_service_name?: string
}

export interface Tracing {
  client_sampling: {value: number}
  random_sampling: {value: number}
  overall_sampling: {value: number}
  custom_tags: {tag: string; literal: {value: string}}[]
}

// A type alias rather than an interface, so that it spreads into a TypedConfig.
export type HttpConnectionManager = {
  stat_prefix: string
  rds?: {config_source: ConfigSource; route_config_name: string}
  route_config?: RouteConfiguration
  http_filters: Filter[]
  tracing?: Tracing
  server_name?: string
  access_log?: Extension[]
  use_remote_address?: boolean
  forward_client_cert_details?: 'APPEND_FORWARD' | 'SANITIZE_SET'
  set_current_client_cert_details?: {subject: boolean; dns: boolean; uri: boolean}
  upgrade_configs?: {upgrade_type: string}[]
  stream_idle_timeout?: string
  normalize_path?: boolean
  request_id_extension?: {typed_config: TypedConfig}
  path_with_escaped_slashes_action?: 'KEEP_UNCHANGED'
}
