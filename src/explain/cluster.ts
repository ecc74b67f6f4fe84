import {type Raw, enumName, isRaw, list, obj, str, wrapped} from '../model/raw.js'
import {describeLocality, parseLbEndpoint} from '../model/endpoint.js'
import {provenanceOf} from './provenance.js'
import type {ProxyResources} from './resources.js'
import type {EndpointInfo, Rejected, Step} from './types.js'

const DISCOVERY_TYPES = ['STATIC', 'STRICT_DNS', 'LOGICAL_DNS', 'EDS', 'ORIGINAL_DST'] as const
const LB_POLICIES = ['ROUND_ROBIN', 'LEAST_REQUEST', 'RING_HASH', 'RANDOM', 'MAGLEV', 'CLUSTER_PROVIDED', 'LOAD_BALANCING_POLICY_CONFIG'] as const

/** What the well-known Istio clusters mean for the request. */
const SPECIAL: Record<string, string> = {
  PassthroughCluster: 'the connection goes to its original destination unchanged, outside mesh routing (outbound traffic policy ALLOW_ANY)',
  BlackHoleCluster: 'the connection is dropped: this cluster has no endpoints (outbound traffic policy REGISTRY_ONLY, or traffic to the capture port itself)',
  InboundPassthroughCluster: 'the connection goes to the application on its original destination port, with no inbound service configuration',
}

export function clusterType(c: Raw): string {
  const custom = obj(c, 'cluster_type')
  return custom ? str(custom, 'name') : enumName(c, 'type', DISCOVERY_TYPES)
}

/** Whether an Istio upstream TLS context is Istio's own mTLS (workload certificate `default`, root `ROOTCA`). */
function describeTlsSocket(socket: unknown): string {
  const name = str(socket, 'name')
  const config = obj(socket, 'typed_config')
  if (!name.includes('tls') && !str(config, '@type').includes('TlsContext')) return 'plaintext'
  const common = obj(config, 'common_tls_context')
  const certs = list(common, 'tls_certificate_sds_secret_configs').map((s) => str(s, 'name'))
  const root =
    str(obj(obj(common, 'combined_validation_context'), 'validation_context_sds_secret_config'), 'name') || str(obj(common, 'validation_context_sds_secret_config'), 'name')
  const sni = str(config, 'sni')
  const sniText = sni ? `, SNI ${sni}` : ''
  if (certs.includes('default') && root === 'ROOTCA') return `ISTIO_MUTUAL (Istio mTLS with the workload certificate${sniText})`
  const mutual = certs.length > 0 || list(common, 'tls_certificates').length > 0
  return `${mutual ? 'MUTUAL' : 'SIMPLE'} TLS${sniText}`
}

/** The transport socket a cluster uses for an endpoint with this `envoy.transport_socket_match` metadata. */
function socketFor(cluster: Raw, labels: Raw | undefined): string {
  for (const m of list(cluster, 'transport_socket_matches')) {
    const want = obj(m, 'match') ?? {}
    if (Object.entries(want).every(([k, v]) => labels?.[k] === v)) return describeTlsSocket(obj(m, 'transport_socket'))
  }
  return describeTlsSocket(obj(cluster, 'transport_socket'))
}

function describeTls(cluster: Raw): string {
  const matches = list(cluster, 'transport_socket_matches')
  if (matches.length === 0) return describeTlsSocket(obj(cluster, 'transport_socket'))
  const parts = matches.map((m) => {
    const want = obj(m, 'match') ?? {}
    const cond =
      Object.keys(want).length === 0
        ? 'other endpoints'
        : `endpoints labelled ${Object.entries(want)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(',')}`
    return `${cond}: ${describeTlsSocket(obj(m, 'transport_socket'))}`
  })
  return `per endpoint (auto mTLS): ${parts.join('; ')}`
}

function describeOutlier(o: Raw): string {
  const parts: string[] = []
  const c5 = wrapped(o, 'consecutive_5xx')
  parts.push(`eject after ${c5 ?? 5} consecutive 5xx`)
  const gw = wrapped(o, 'consecutive_gateway_failure')
  if (gw !== undefined) parts.push(`${gw} consecutive gateway failures`)
  parts.push(`checked every ${str(o, 'interval') || '10s'}`)
  parts.push(`ejected for ${str(o, 'base_ejection_time') || '30s'} at least`)
  parts.push(`at most ${wrapped(o, 'max_ejection_percent') ?? 10}% of hosts`)
  return parts.join(', ')
}

const UNLIMITED = 4294967295

function describeCircuitBreakers(c: Raw): string | undefined {
  const thresholds = list(obj(c, 'circuit_breakers'), 'thresholds').filter(isRaw)
  const t = thresholds.find((x) => enumName(x, 'priority', ['DEFAULT', 'HIGH']) === 'DEFAULT')
  if (!t) return undefined
  const limit = (f: string, fallback: number) => {
    const v = wrapped(t, f) ?? fallback
    return v >= UNLIMITED ? 'unlimited' : String(v)
  }
  return `max connections ${limit('max_connections', 1024)}, pending requests ${limit('max_pending_requests', 1024)}, requests ${limit('max_requests', 1024)}, retries ${limit('max_retries', 3)}`
}

export interface ClusterChoice {
  step: Step
  cluster?: Raw
}

/** Step 7a: the cluster and the policies that shape the upstream connection. */
export function describeCluster(res: ProxyResources, name: string): ClusterChoice {
  const cluster = res.clusters.get(name)
  const rejectedConfig = res.errors.clusters.has(name) ? [res.errors.clusters.get(name)!] : undefined
  if (!cluster) {
    const why = rejectedConfig ? `Envoy rejected cluster ${name}` : `cluster ${name} does not exist in this proxy`
    return {step: {chosen: null, reason: `${why}: HTTP requests get 503 (NC, cluster not found), TCP connections are closed`, rejected: [], rejectedConfig}}
  }
  const type = clusterType(cluster)
  const details: Record<string, unknown> = {
    type,
    lbPolicy: enumName(cluster, 'lb_policy', LB_POLICIES),
    connectTimeout: str(cluster, 'connect_timeout') || '5s',
    tls: describeTls(cluster),
  }
  const edsName = str(obj(cluster, 'eds_cluster_config'), 'service_name')
  if (type === 'EDS') details.edsServiceName = edsName || name
  const outlier = obj(cluster, 'outlier_detection')
  if (outlier) details.outlierDetection = describeOutlier(outlier)
  const breakers = describeCircuitBreakers(cluster)
  if (breakers) details.circuitBreakers = breakers
  const provenance = provenanceOf(cluster)
  const special = SPECIAL[name]
  const reason = special ?? `${type} cluster with ${String(details.lbPolicy)} load balancing`
  return {step: {chosen: name, reason, rejected: [], provenance, rejectedConfig, details}, cluster}
}

/** Healthy for load balancing: Envoy sends to HEALTHY and UNKNOWN (not health-checked) hosts, DEGRADED only as a fallback. */
function usable(health: string, failedOutlier: boolean): string | undefined {
  if (failedOutlier) return 'ejected by outlier detection'
  if (health === 'HEALTHY' || health === 'UNKNOWN' || health === '') return undefined
  if (health === 'DEGRADED') return 'DEGRADED: used only when too few hosts are healthy'
  return `${health}: the load balancer skips it`
}

function summarise(name: string, endpoints: EndpointInfo[], source: string): Step {
  const rejected: Rejected[] = []
  let healthy = 0
  for (const e of endpoints) {
    const why = usable(e.health, e.failedOutlierCheck ?? false)
    if (why) rejected.push({name: e.address, reason: why})
    else healthy++
  }
  if (endpoints.length === 0) return {chosen: null, reason: `${name} has no endpoints (${source}): HTTP requests get 503 (UH, no healthy upstream)`, rejected, details: {endpoints}}
  const reason =
    healthy === 0
      ? `none of the ${endpoints.length} endpoints is healthy (${source}): HTTP requests get 503 (UH)`
      : `${healthy} of ${endpoints.length} endpoint${endpoints.length === 1 ? '' : 's'} can take the request (${source})`
  return {chosen: healthy === 0 ? null : `${healthy} healthy`, reason, rejected, details: {endpoints}}
}

/** Step 7b: the cluster's endpoints: live host status when read, else EDS in the dump, else the cluster's own load_assignment. */
export function describeEndpoints(res: ProxyResources, name: string, cluster: Raw | undefined, originalDestination?: string): Step {
  const live = res.hostStatuses?.get(name)
  if (live) {
    return summarise(
      name,
      live.hosts.map((h) => ({
        address: `${h.address}:${h.port}`,
        health: h.healthStatus,
        weight: h.weight,
        locality: h.locality,
        failedOutlierCheck: h.failedOutlierCheck || undefined,
        hostname: h.hostname || undefined,
      })),
      'live, from /clusters',
    )
  }
  if (!cluster) return {chosen: null, reason: 'no cluster, so no endpoints', rejected: []}
  const type = clusterType(cluster)
  if (type === 'ORIGINAL_DST') {
    return {chosen: originalDestination ?? 'the original destination', reason: 'ORIGINAL_DST: the upstream is the address the client connected to', rejected: []}
  }
  // The dump's endpoints section is Envoy's current view, DNS answers included; a cluster's own load_assignment is what it was configured with.
  const key = str(obj(cluster, 'eds_cluster_config'), 'service_name') || name
  let assignment = res.endpoints.get(key)
  let source = 'endpoints section of the dump'
  if (!assignment && type === 'EDS') {
    if (!res.hasEds) return {chosen: null, reason: 'unknown: the dump has no EDS section (save it with /config_dump?include_eds, or ask the pod live)', rejected: []}
    return summarise(name, [], 'EDS in the dump')
  }
  if (!assignment) {
    assignment = obj(cluster, 'load_assignment')
    source = 'the cluster’s own load_assignment'
  }
  const endpoints: EndpointInfo[] = []
  for (const group of list(assignment, 'endpoints')) {
    const locality = describeLocality(obj(group, 'locality'))
    for (const lb of list(group, 'lb_endpoints')) {
      const e = parseLbEndpoint(lb, locality)
      const labels = obj(obj(obj(lb, 'metadata'), 'filter_metadata'), 'envoy.transport_socket_match')
      endpoints.push({
        address: e.addresses[0] ?? 'unknown',
        health: e.healthStatus,
        weight: e.weight,
        locality: e.locality,
        tls: list(cluster, 'transport_socket_matches').length > 0 ? socketFor(cluster, labels) : undefined,
      })
    }
  }
  return summarise(name, endpoints, source)
}
