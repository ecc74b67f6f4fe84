import type {Cluster, ClusterLoadAssignment, Extension, LocalityLbEndpoints, Metadata, Thresholds, TypedConfig} from './envoy.js'
import {
  ADS,
  DEFAULT_THRESHOLDS,
  GRPC_PROTOCOL_OPTIONS,
  H2_PROTOCOL_OPTIONS,
  HTTP_PROTOCOL_OPTIONS,
  RAW_BUFFER,
  SDS,
  TLS_PARAMS,
  istioConfig,
  socketAddress,
  spiffe,
} from './fragments.js'
import {type DestinationRule, destinationRule, type ExternalService, type InternalService, isHttp, type Mesh, type Pod, type Service, type ServiceCluster, podsOf} from './mesh.js'
import {TYPE} from './type-urls.js'

/** A cluster of the bootstrap: its hosts are given inline. */
export type StaticCluster = Cluster & {load_assignment: ClusterLoadAssignment & {endpoints: LocalityLbEndpoints[]}}

/** The bootstrap's clusters; typed when listed in the clusters section, bare inside the bootstrap. */
export function staticClusters(typed: boolean): StaticCluster[] {
  const t = typed ? {'@type': TYPE.cluster} : {}
  const local = (name: string, port: number): StaticCluster => ({
    ...t,
    name,
    type: 'STATIC',
    connect_timeout: '0.250s',
    load_assignment: {cluster_name: name, endpoints: [{lb_endpoints: [{endpoint: {address: socketAddress('127.0.0.1', port)}}]}]},
  })
  const pipe = (name: string, path: string): StaticCluster['load_assignment'] => ({cluster_name: name, endpoints: [{lb_endpoints: [{endpoint: {address: {pipe: {path}}}}]}]})
  const xdsLimits = {max_connections: 100000, max_pending_requests: 100000, max_requests: 100000}
  return [
    local('prometheus_stats', 15000),
    local('agent', 15020),
    {
      ...t,
      name: 'sds-grpc',
      type: 'STATIC',
      connect_timeout: '1s',
      load_assignment: pipe('sds-grpc', './var/run/secrets/workload-spiffe-uds/socket'),
      typed_extension_protocol_options: H2_PROTOCOL_OPTIONS,
    },
    {
      ...t,
      name: 'xds-grpc',
      type: 'STATIC',
      connect_timeout: '1s',
      max_requests_per_connection: 1,
      circuit_breakers: {thresholds: [xdsLimits, {priority: 'HIGH', ...xdsLimits}]},
      upstream_connection_options: {tcp_keepalive: {keepalive_time: 300}},
      load_assignment: pipe('xds-grpc', './etc/istio/proxy/XDS'),
      typed_extension_protocol_options: H2_PROTOCOL_OPTIONS,
    },
  ]
}

export function thresholds(dr: DestinationRule | undefined): Thresholds {
  if (!dr?.pool) return DEFAULT_THRESHOLDS
  return {...DEFAULT_THRESHOLDS, max_connections: dr.pool.maxConnections, max_pending_requests: dr.pool.maxPending}
}

function clusterMetadata(svc: Service, subset: string): Metadata {
  const dr = destinationRule(svc)
  return {
    filter_metadata: {
      istio: {
        ...(dr ? {config: istioConfig('destination-rule', svc.ns, dr.name)} : {}),
        services: [{host: svc.host, name: svc.name, namespace: svc.ns}],
        ...(subset ? {subset} : {}),
      },
    },
  }
}

const METADATA_EXCHANGE_CLUSTER_FILTER: Extension = {
  name: 'istio.metadata_exchange',
  typed_config: {'@type': TYPE.metadataExchange, protocol: 'istio-peer-exchange', enable_discovery: true},
}

function upstreamTls(c: ServiceCluster, svc: InternalService): TypedConfig {
  return {
    '@type': TYPE.upstreamTls,
    common_tls_context: {
      tls_params: TLS_PARAMS,
      alpn_protocols: ['istio-peer-exchange', 'istio'],
      tls_certificate_sds_secret_configs: [{name: 'default', sds_config: SDS}],
      combined_validation_context: {
        default_validation_context: {match_subject_alt_names: [{exact: spiffe(svc.ns, svc.sa)}]},
        validation_context_sds_secret_config: {name: 'ROOTCA', sds_config: SDS},
      },
    },
    sni: `outbound_.${c.port.port}_.${c.subset}_.${svc.host}`,
  }
}

function edsCluster(c: ServiceCluster, svc: InternalService): Cluster {
  const cluster: Cluster = {
    '@type': TYPE.cluster,
    name: c.name,
    type: 'EDS',
    eds_cluster_config: {eds_config: ADS, service_name: c.name},
    connect_timeout: '10s',
    lb_policy: 'LEAST_REQUEST',
    circuit_breakers: {thresholds: [thresholds(svc.dr)]},
  }
  if (svc.dr?.outlier) {
    cluster.outlier_detection = {
      consecutive_5xx: 5,
      interval: '10s',
      base_ejection_time: '30s',
      max_ejection_percent: 100,
      enforcing_consecutive_5xx: 100,
      enforcing_success_rate: 0,
    }
  }
  cluster.metadata = clusterMetadata(svc, c.subset)
  cluster.common_lb_config = {}
  if (isHttp(c.port)) cluster.typed_extension_protocol_options = c.port.protocol === 'GRPC' ? GRPC_PROTOCOL_OPTIONS : HTTP_PROTOCOL_OPTIONS
  cluster.filters = [METADATA_EXCHANGE_CLUSTER_FILTER]
  cluster.transport_socket_matches = [
    {name: 'tlsMode-istio', match: {tlsMode: 'istio'}, transport_socket: {name: 'envoy.transport_sockets.tls', typed_config: upstreamTls(c, svc)}},
    {name: 'tlsMode-disabled', match: {}, transport_socket: RAW_BUFFER},
  ]
  return cluster
}

function dnsCluster(c: ServiceCluster, svc: ExternalService): Cluster {
  const cluster: Cluster = {
    '@type': TYPE.cluster,
    name: c.name,
    type: svc.external,
    connect_timeout: '10s',
    lb_policy: 'LEAST_REQUEST',
    circuit_breakers: {thresholds: [DEFAULT_THRESHOLDS]},
    dns_refresh_rate: '60s',
    dns_lookup_family: 'V4_ONLY',
    metadata: clusterMetadata(svc, ''),
    common_lb_config: {},
    load_assignment: {
      cluster_name: c.name,
      endpoints: [{locality: {}, lb_endpoints: [{endpoint: {address: socketAddress(svc.host, c.port.port)}, load_balancing_weight: 1}]}],
    },
  }
  if (isHttp(c.port)) cluster.typed_extension_protocol_options = HTTP_PROTOCOL_OPTIONS
  cluster.respect_dns_ttl = true
  return cluster
}

export function serviceCluster(c: ServiceCluster): Cluster {
  return c.svc.external ? dnsCluster(c, c.svc) : edsCluster(c, c.svc)
}

/** One of Istio's fixed clusters, with the hosts Envoy's EDS dump and /clusters show for it. */
interface SpecialCluster {
  name: string
  resource: Cluster
  pods: Pod[]
  /** The hosts' port (0 when there are none). */
  port: number
}

export function specialClusters(mesh: Mesh): SpecialCluster[] {
  const base = (name: string, type: Cluster['type']): Cluster => ({'@type': TYPE.cluster, name, type, connect_timeout: '10s'})
  const originalDst = (name: string, bindInbound: boolean): Cluster => {
    const cluster = base(name, 'ORIGINAL_DST')
    cluster.lb_policy = 'CLUSTER_PROVIDED'
    cluster.circuit_breakers = {thresholds: [DEFAULT_THRESHOLDS]}
    if (bindInbound) cluster.upstream_bind_config = {source_address: socketAddress('127.0.0.6', 0)}
    cluster.typed_extension_protocol_options = HTTP_PROTOCOL_OPTIONS
    return cluster
  }
  const list: SpecialCluster[] = [{name: 'BlackHoleCluster', resource: base('BlackHoleCluster', 'STATIC'), pods: [], port: 0}]
  if (mesh.profile === 'gateway') return list
  list.push(
    {name: 'InboundPassthroughCluster', resource: originalDst('InboundPassthroughCluster', true), pods: [], port: 0},
    {name: 'PassthroughCluster', resource: originalDst('PassthroughCluster', false), pods: [], port: 0},
  )
  const svc = mesh.proxy
  const self = podsOf(svc)[0]
  for (const port of svc.ports) {
    const name = `inbound|${port.targetPort}||`
    const cluster = base(name, 'STATIC')
    cluster.circuit_breakers = {thresholds: [DEFAULT_THRESHOLDS]}
    cluster.upstream_bind_config = {source_address: socketAddress('127.0.0.6', 0)}
    cluster.metadata = {filter_metadata: {istio: {services: [{host: svc.host, name: svc.name, namespace: svc.ns}]}}}
    cluster.common_lb_config = {}
    cluster.load_assignment = {
      cluster_name: name,
      endpoints: [{lb_endpoints: [{endpoint: {address: socketAddress(self.ip, port.targetPort)}}]}],
    }
    if (isHttp(port)) cluster.typed_extension_protocol_options = HTTP_PROTOCOL_OPTIONS
    list.push({name, resource: cluster, pods: [{...self, locality: {}}], port: port.targetPort})
  }
  return list
}
