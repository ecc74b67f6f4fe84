import type {ConfigSource, Extension, Filter, RetryPolicy, SocketAddress, Thresholds, TypedConfig} from './envoy.js'
import {TRUST_DOMAIN} from './mesh.js'
import {TYPE} from './type-urls.js'

// Pieces of configuration that Istio repeats across clusters, listeners and routes.

export const ADS: ConfigSource = {ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3'}
export const SDS: ConfigSource = {
  api_config_source: {
    api_type: 'GRPC',
    grpc_services: [{envoy_grpc: {cluster_name: 'sds-grpc'}}],
    set_node_on_first_message_only: true,
    transport_api_version: 'V3',
  },
  initial_fetch_timeout: '0s',
  resource_api_version: 'V3',
}
const MAX = 4294967295
export const DEFAULT_THRESHOLDS: Thresholds = {max_connections: MAX, max_pending_requests: MAX, max_requests: MAX, max_retries: MAX, track_remaining: true}
export const TLS_PARAMS = {tls_minimum_protocol_version: 'TLSv1_2', tls_maximum_protocol_version: 'TLSv1_3'}
export const RAW_BUFFER: Extension = {name: 'envoy.transport_sockets.raw_buffer', typed_config: {'@type': TYPE.rawBuffer}}
export const ROUTER: Extension = {name: 'envoy.filters.http.router', typed_config: {'@type': TYPE.router}}
export const HTTP_APPS = ['http/1.0', 'http/1.1', 'h2c']
export const STATS_FILTER_PREFIX = 'istio.io/telemetry/stats/prometheus/sidecar'
export const WASM_FILTER = 'default.productpage-header-injector'

const ACCESS_LOG_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% ' +
  '%RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" ' +
  '%BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" ' +
  '"%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW% ' +
  '%UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%\n'
export const ACCESS_LOG: Extension[] = [
  {
    name: 'envoy.access_loggers.file',
    typed_config: {'@type': TYPE.fileAccessLog, path: '/dev/stdout', log_format: {text_format_source: {inline_string: ACCESS_LOG_FORMAT}}},
  },
]

const PROTOCOL_OPTIONS_KEY = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions'
const protocolOptions = (options: Omit<TypedConfig, '@type'>): Record<string, TypedConfig> => ({[PROTOCOL_OPTIONS_KEY]: {'@type': TYPE.httpOptions, ...options}})
export const HTTP_PROTOCOL_OPTIONS = protocolOptions({
  common_http_protocol_options: {idle_timeout: '3600s'},
  use_downstream_protocol_config: {http_protocol_options: {}, http2_protocol_options: {}},
})
export const GRPC_PROTOCOL_OPTIONS = protocolOptions({common_http_protocol_options: {idle_timeout: '3600s'}, explicit_http_config: {http2_protocol_options: {}}})
export const H2_PROTOCOL_OPTIONS = protocolOptions({explicit_http_config: {http2_protocol_options: {}}})

export const RETRY_POLICY: RetryPolicy = {
  retry_on: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
  num_retries: 2,
  retry_host_predicate: [{name: 'envoy.retry_host_predicates.previous_hosts', typed_config: {'@type': TYPE.previousHosts}}],
  host_selection_retry_max_attempts: '5',
  retriable_status_codes: [503],
}
export const NO_STREAM_LIMIT = {max_stream_duration: '0s', grpc_timeout_header_max: '0s'}

export const socketAddress = (address: string, port: number): SocketAddress => ({socket_address: {address, port_value: port}})
export const istioConfig = (kind: string, ns: string, name: string): string => `/apis/networking.istio.io/v1/namespaces/${ns}/${kind}/${name}`
export const spiffe = (ns: string, sa: string): string => `spiffe://${TRUST_DOMAIN}/ns/${ns}/sa/${sa}`

export function ecdsFilter(name: string, typeUrls: string[]): Filter {
  return {name, config_discovery: {config_source: ADS, type_urls: typeUrls}}
}

export function tcpProxy(cluster: string, accessLog = true): Extension {
  const config = {'@type': TYPE.tcpProxy, stat_prefix: cluster, cluster, ...(accessLog ? {access_log: ACCESS_LOG} : {})}
  return {name: 'envoy.filters.network.tcp_proxy', typed_config: config}
}
