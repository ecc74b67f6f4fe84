import type {Extension, Filter, FilterChain, HttpConnectionManager, Listener, RouteConfiguration, Tracing} from './envoy.js'
import {ACCESS_LOG, ADS, HTTP_APPS, ROUTER, SDS, STATS_FILTER_PREFIX, TLS_PARAMS, WASM_FILTER, ecdsFilter, socketAddress, tcpProxy} from './fragments.js'
import {CLUSTER_ID, GATEWAY_HTTPS_ROUTES, type GatewayMesh, type IpListener, isHttp, type Mesh, type SharedListener, type SidecarMesh, TRUST_DOMAIN} from './mesh.js'
import {serviceChains} from './heavy.js'
import {inboundRouteConfigs, staticListenerRoute} from './routes.js'
import {TYPE} from './type-urls.js'

/** The bootstrap's listeners: Prometheus stats and the readiness probe, each routing one path prefix to a local cluster. */
export const STATIC_LISTENERS = [
  {port: 15090, statPrefix: 'stats', prefix: '/stats/prometheus', cluster: 'prometheus_stats'},
  {port: 15021, statPrefix: 'agent', prefix: '/healthz/ready', cluster: 'agent'},
] as const

/** Typed when listed in the listeners section, bare inside the bootstrap. */
export function staticListeners(typed: boolean): Listener[] {
  return STATIC_LISTENERS.map((l) => ({
    ...(typed ? {'@type': TYPE.listener} : {}),
    address: socketAddress('0.0.0.0', l.port),
    filter_chains: [
      {
        filters: [
          {
            name: 'envoy.filters.network.http_connection_manager',
            typed_config: {'@type': TYPE.hcm, stat_prefix: l.statPrefix, route_config: staticListenerRoute(l.prefix, l.cluster), http_filters: [ROUTER]},
          },
        ],
      },
    ],
  }))
}

function hcmFilter(config: HttpConnectionManager): Extension {
  return {name: 'envoy.filters.network.http_connection_manager', typed_config: {'@type': TYPE.hcm, ...config}}
}

function tracing(mesh: Mesh): Tracing {
  const id = mesh.profile === 'gateway' ? {app: 'istio-ingressgateway', rev: 'latest', ns: 'istio-system'} : {app: mesh.proxy.name, rev: 'v1', ns: mesh.proxy.ns}
  const literal = (tag: string, value: string): Tracing['custom_tags'][number] => ({tag, literal: {value}})
  return {
    client_sampling: {value: 100},
    random_sampling: {value: 1},
    overall_sampling: {value: 100},
    custom_tags: [
      literal('istio.canonical_revision', id.rev),
      literal('istio.canonical_service', id.app),
      literal('istio.cluster_id', CLUSTER_ID),
      literal('istio.mesh_id', TRUST_DOMAIN),
      literal('istio.namespace', id.ns),
    ],
  }
}

const COMMON_HTTP_FILTERS: Extension[] = [
  {name: 'envoy.filters.http.grpc_stats', typed_config: {'@type': TYPE.grpcStats, emit_filter_state: true, stats_for_all_methods: false}},
  {name: 'envoy.filters.http.fault', typed_config: {'@type': TYPE.fault}},
  {name: 'envoy.filters.http.cors', typed_config: {'@type': TYPE.cors}},
]
const PEER_METADATA: Extension = {
  name: 'istio.metadata_exchange',
  typed_config: {
    '@type': TYPE.typedStruct,
    type_url: 'type.googleapis.com/io.istio.http.peer_metadata.Config',
    value: {upstream_discovery: [{istio_headers: {}}, {workload_discovery: {}}], upstream_propagation: [{istio_headers: {}}]},
  },
}

type HcmHead = Pick<HttpConnectionManager, 'stat_prefix' | 'rds' | 'route_config' | 'http_filters'>
type HcmClientCert = Pick<HttpConnectionManager, 'use_remote_address' | 'forward_client_cert_details' | 'set_current_client_cert_details'>

/** Everything after the route and the filters, the same for every HCM Istio writes but for client-cert handling. */
function hcm(mesh: Mesh, head: HcmHead, clientCert: HcmClientCert): Extension {
  return hcmFilter({
    ...head,
    tracing: tracing(mesh),
    server_name: 'istio-envoy',
    access_log: ACCESS_LOG,
    ...clientCert,
    upgrade_configs: [{upgrade_type: 'websocket'}],
    stream_idle_timeout: '0s',
    normalize_path: true,
    request_id_extension: {typed_config: {'@type': TYPE.uuid, use_request_id_for_trace_sampling: true}},
    path_with_escaped_slashes_action: 'KEEP_UNCHANGED',
  })
}

/** `extra`: a service's own HTTP filters (the listener-heavy shape), after the peer metadata exchange. */
function outboundHcm(mesh: Mesh, port: number, extra: Extension[] = []): Extension {
  return hcm(
    mesh,
    {
      stat_prefix: `outbound_0.0.0.0_${port}`,
      rds: {config_source: ADS, route_config_name: String(port)},
      http_filters: [PEER_METADATA, ...extra, ...COMMON_HTTP_FILTERS, ecdsFilter(`${STATS_FILTER_PREFIX}/Outbound/HTTP`, [TYPE.istioStats]), ROUTER],
    },
    {use_remote_address: false},
  )
}

const OUTBOUND_TCP_STATS = ecdsFilter(`${STATS_FILTER_PREFIX}/Outbound/TCP`, [TYPE.istioStats])
const INBOUND_TCP_STATS = ecdsFilter(`${STATS_FILTER_PREFIX}/Inbound/TCP`, [TYPE.istioStats])
const TLS_INSPECTOR: Extension = {name: 'envoy.filters.listener.tls_inspector', typed_config: {'@type': TYPE.tlsInspector}}
const LISTENER_INSPECTORS: Extension[] = [TLS_INSPECTOR, {name: 'envoy.filters.listener.http_inspector', typed_config: {'@type': TYPE.httpInspector}}]
const PASSTHROUGH_CHAIN: FilterChain = {filters: [OUTBOUND_TCP_STATS, tcpProxy('PassthroughCluster')], name: 'PassthroughFilterChain'}
const ISTIO_HTTP_TLS_APPS = ['istio-http/1.0', 'istio-http/1.1', 'istio-h2']

function outboundListener(name: string, address: string, port: number, chains: FilterChain[], options: {defaultChain?: boolean; additional?: string} = {}): Listener {
  const listener: Listener = {'@type': TYPE.listener, name, address: socketAddress(address, port), filter_chains: chains}
  listener.listener_filters = LISTENER_INSPECTORS
  listener.listener_filters_timeout = '0s'
  listener.traffic_direction = 'OUTBOUND'
  listener.continue_on_listener_filters_timeout = true
  if (options.defaultChain) listener.default_filter_chain = PASSTHROUGH_CHAIN
  listener.bind_to_port = false
  if (options.additional) listener.additional_addresses = [{address: socketAddress(options.additional, port)}]
  return listener
}

/** <ip>_<port>: one TCP service port. */
export function ipListener({svc, port}: IpListener): Listener {
  const cluster = `outbound|${port.port}||${svc.host}`
  return outboundListener(`${svc.ip}_${port.port}`, svc.ip, port.port, [{filters: [OUTBOUND_TCP_STATS, tcpProxy(cluster)]}])
}

/**
 * 0.0.0.0_<port>: per-IP TCP chains and SNI chains for IP-less TLS hosts first,
 * then the HTTP chain, then the passthrough default chain.
 */
export function sharedListener(mesh: Mesh, entry: SharedListener): Listener {
  const chains: FilterChain[] = entry.tcp.map(({svc, port}) => {
    const cluster = `outbound|${port.port}||${svc.host}`
    const match = svc.external ? {server_names: [svc.host]} : {prefix_ranges: [{address_prefix: svc.ip, prefix_len: 32}], destination_port: port.port}
    return {filter_chain_match: match, filters: [OUTBOUND_TCP_STATS, tcpProxy(cluster)]}
  })
  if (mesh.listenerHeavy) {
    const tls = downstreamTls(['h2', 'http/1.1'], true)
    for (const svc of entry.http) chains.push(...serviceChains(svc, entry.port, (extra) => outboundHcm(mesh, entry.port, extra), tls))
  }
  if (entry.http.length) {
    chains.push({
      filter_chain_match: {transport_protocol: 'raw_buffer', application_protocols: HTTP_APPS},
      filters: [outboundHcm(mesh, entry.port)],
    })
  }
  return outboundListener(`0.0.0.0_${entry.port}`, '0.0.0.0', entry.port, chains, {defaultChain: true, additional: entry.port === 80 ? '::' : undefined})
}

export function virtualOutbound(): Listener {
  return {
    '@type': TYPE.listener,
    name: 'virtualOutbound',
    address: socketAddress('0.0.0.0', 15001),
    filter_chains: [
      {filter_chain_match: {destination_port: 15001}, filters: [OUTBOUND_TCP_STATS, tcpProxy('BlackHoleCluster', false)], name: 'virtualOutbound-blackhole'},
      {filters: [OUTBOUND_TCP_STATS, tcpProxy('PassthroughCluster')], name: 'virtualOutbound-catchall-tcp'},
    ],
    use_original_dst: true,
    traffic_direction: 'OUTBOUND',
  }
}

function downstreamTls(alpn: string[], requireClient: boolean): Extension {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': TYPE.downstreamTls,
      common_tls_context: {
        tls_params: TLS_PARAMS,
        alpn_protocols: alpn,
        tls_certificate_sds_secret_configs: [{name: 'default', sds_config: SDS}],
        combined_validation_context: {
          default_validation_context: {},
          validation_context_sds_secret_config: {name: 'ROOTCA', sds_config: SDS},
        },
      },
      require_client_certificate: requireClient,
    },
  }
}

function inboundHcm(mesh: Mesh, statPrefix: string, routeConfig: RouteConfiguration): Extension {
  return hcm(
    mesh,
    {
      stat_prefix: statPrefix,
      route_config: routeConfig,
      http_filters: [
        PEER_METADATA,
        ecdsFilter(WASM_FILTER, [TYPE.wasm, TYPE.rbac]),
        ...COMMON_HTTP_FILTERS,
        ecdsFilter(`${STATS_FILTER_PREFIX}/Inbound/HTTP`, [TYPE.istioStats]),
        ROUTER,
      ],
    },
    {use_remote_address: false, forward_client_cert_details: 'APPEND_FORWARD', set_current_client_cert_details: {subject: true, dns: true, uri: true}},
  )
}

export function virtualInbound(mesh: SidecarMesh): Listener {
  const svc = mesh.proxy
  const routes = inboundRouteConfigs(mesh)
  const anyV4 = [{address_prefix: '0.0.0.0', prefix_len: 0}]
  const tcpInbound = (cluster: string): Filter[] => [INBOUND_TCP_STATS, tcpProxy(cluster)]
  const chains: FilterChain[] = [
    {filter_chain_match: {destination_port: 15006}, filters: [INBOUND_TCP_STATS, tcpProxy('BlackHoleCluster', false)], name: 'virtualInbound-blackhole'},
    {
      filter_chain_match: {prefix_ranges: anyV4, transport_protocol: 'tls', application_protocols: ['istio-peer-exchange', 'istio']},
      filters: tcpInbound('InboundPassthroughCluster'),
      transport_socket: downstreamTls(['istio-peer-exchange', 'istio'], true),
      name: 'virtualInbound',
    },
    {filter_chain_match: {prefix_ranges: anyV4, transport_protocol: 'raw_buffer'}, filters: tcpInbound('InboundPassthroughCluster'), name: 'virtualInbound'},
    {
      filter_chain_match: {prefix_ranges: anyV4, transport_protocol: 'tls', application_protocols: ISTIO_HTTP_TLS_APPS},
      filters: [inboundHcm(mesh, 'InboundPassthroughCluster', routes.passthrough)],
      transport_socket: downstreamTls(['h2', 'http/1.1'], true),
      name: 'virtualInbound-catchall-http',
    },
    {
      filter_chain_match: {prefix_ranges: anyV4, transport_protocol: 'raw_buffer', application_protocols: HTTP_APPS},
      filters: [inboundHcm(mesh, 'InboundPassthroughCluster', routes.passthrough)],
      name: 'virtualInbound-catchall-http',
    },
  ]
  let httpIndex = 0
  for (const p of svc.ports) {
    const cluster = `inbound|${p.targetPort}||`
    const name = `0.0.0.0_${p.targetPort}`
    if (!isHttp(p)) {
      chains.push({
        filter_chain_match: {destination_port: p.targetPort, transport_protocol: 'tls'},
        filters: tcpInbound(cluster),
        transport_socket: downstreamTls(['istio-peer-exchange', 'istio'], true),
        name,
      })
      continue
    }
    const route = routes.perPort[httpIndex++]
    chains.push(
      {
        filter_chain_match: {destination_port: p.targetPort, transport_protocol: 'tls', application_protocols: ['istio', 'istio-peer-exchange', ...ISTIO_HTTP_TLS_APPS]},
        filters: [inboundHcm(mesh, `inbound_0.0.0.0_${p.targetPort}`, route)],
        transport_socket: downstreamTls(['h2', 'http/1.1'], true),
        name,
      },
      {
        filter_chain_match: {destination_port: p.targetPort, transport_protocol: 'raw_buffer', application_protocols: HTTP_APPS},
        filters: [inboundHcm(mesh, `inbound_0.0.0.0_${p.targetPort}`, route)],
        name,
      },
    )
  }
  return {
    '@type': TYPE.listener,
    name: 'virtualInbound',
    address: socketAddress('0.0.0.0', 15006),
    filter_chains: chains,
    listener_filters: [{name: 'envoy.filters.listener.original_dst', typed_config: {'@type': TYPE.originalDst}}, ...LISTENER_INSPECTORS],
    listener_filters_timeout: '0s',
    traffic_direction: 'INBOUND',
    continue_on_listener_filters_timeout: true,
  }
}

function gatewayHcm(mesh: Mesh, statPrefix: string, routeName: string): Extension {
  return hcm(
    mesh,
    {
      stat_prefix: statPrefix,
      rds: {config_source: ADS, route_config_name: routeName},
      http_filters: [...COMMON_HTTP_FILTERS, {name: 'istio.stats', typed_config: {'@type': TYPE.istioStats}}, ROUTER],
    },
    {use_remote_address: true, forward_client_cert_details: 'SANITIZE_SET', set_current_client_cert_details: {subject: true, dns: true, uri: true}},
  )
}

/** 0.0.0.0_8080 (plain HTTP) and 0.0.0.0_8443 with one SNI chain per HTTPS server. */
export function gatewayListeners(mesh: GatewayMesh): Listener[] {
  const http: Listener = {
    '@type': TYPE.listener,
    name: '0.0.0.0_8080',
    address: socketAddress('0.0.0.0', 8080),
    filter_chains: [{filters: [gatewayHcm(mesh, 'outbound_0.0.0.0_8080', 'http.8080')]}],
  }
  const https: Listener = {
    '@type': TYPE.listener,
    name: '0.0.0.0_8443',
    address: socketAddress('0.0.0.0', 8443),
    filter_chains: GATEWAY_HTTPS_ROUTES.map((g) => ({
      filter_chain_match: {server_names: [g.host]},
      filters: [gatewayHcm(mesh, 'outbound_0.0.0.0_8443', g.route)],
      transport_socket: {
        name: 'envoy.transport_sockets.tls',
        typed_config: {
          '@type': TYPE.downstreamTls,
          common_tls_context: {
            tls_params: TLS_PARAMS,
            alpn_protocols: ['h2', 'http/1.1'],
            tls_certificate_sds_secret_configs: [{name: g.secret, sds_config: {ads: {}, resource_api_version: 'V3'}}],
          },
          require_client_certificate: false,
        },
      },
      name: `0.0.0.0_8443_${g.host}`,
    })),
    listener_filters: [TLS_INSPECTOR],
  }
  return [http, https]
}
