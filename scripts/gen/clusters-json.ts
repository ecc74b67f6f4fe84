import {specialClusters, staticClusters, thresholds} from './clusters.js'
import type {ClusterStatus, HostStat, HostStatus, Thresholds} from './envoy.js'
import {socketAddress} from './fragments.js'
import type {JsonStreamWriter} from './json-writer.js'
import {clusterPods, destinationRule, type Mesh, type Pod, serviceClusters} from './mesh.js'
import {hashSeed, mulberry32, type Rng} from './random.js'

const ENVOY_DEFAULT_LIMITS = {max_connections: 1024, max_pending_requests: 1024, max_requests: 1024, max_retries: 3}

/** Envoy reports both priorities; whatever the cluster leaves unset shows Envoy's defaults. */
function breakers(configured: Thresholds[] = []): {thresholds: Thresholds[]} {
  const limits = (priority: 'DEFAULT' | 'HIGH'): Thresholds => {
    const t = {...ENVOY_DEFAULT_LIMITS, ...configured.find((x) => (x.priority ?? 'DEFAULT') === priority)}
    return {
      ...(priority === 'HIGH' ? {priority} : {}),
      max_connections: t.max_connections,
      max_pending_requests: t.max_pending_requests,
      max_requests: t.max_requests,
      max_retries: t.max_retries,
    }
  }
  return {thresholds: [limits('DEFAULT'), limits('HIGH')]}
}

/** Counters with value 0 print only their name: proto3 JSON drops zero uint64s. */
function hostStats(rng: Rng, health: Pod['health']): HostStat[] {
  const total = health === 'HEALTHY' ? rng.int(5000) : rng.int(20)
  const failed = rng.next() < 0.1 ? 1 + rng.int(5) : 0
  const errors = Math.floor(total * rng.next() * 0.02)
  const counter = (name: string, value: number): HostStat => (value ? {value: String(value), name} : {name})
  const gauge = (name: string, value: number): HostStat => (value ? {type: 'GAUGE', value: String(value), name} : {type: 'GAUGE', name})
  return [
    counter('cx_connect_fail', failed),
    counter('cx_total', total ? 1 + rng.int(Math.max(1, total >> 4)) : 0),
    counter('rq_error', errors),
    counter('rq_success', total - errors),
    counter('rq_timeout', errors ? rng.int(errors) : 0),
    counter('rq_total', total),
    gauge('cx_active', total ? rng.int(4) : 0),
    gauge('rq_active', total ? rng.int(3) : 0),
  ]
}

function hostStatus(rng: Rng, pod: Pod, port: number, hostname?: string): HostStatus {
  const health = pod.outlier ? {failed_outlier_check: true, eds_health_status: pod.health} : {eds_health_status: pod.health}
  return {
    address: socketAddress(pod.ip, port),
    stats: hostStats(rng, pod.health),
    health_status: health,
    weight: 1,
    ...(hostname ? {hostname} : {}),
    locality: pod.locality,
  }
}

/** /clusters?format=json (admin.v3.Clusters): every cluster with its hosts' health and stats. */
export async function writeClusters(w: JsonStreamWriter, mesh: Mesh): Promise<void> {
  const rng = mulberry32(hashSeed(mesh.proxySha, 'stats'))
  w.open(undefined, '{')
  w.open('cluster_statuses', '[')
  for (const cluster of staticClusters(false)) {
    const {address} = cluster.load_assignment.endpoints[0].lb_endpoints[0].endpoint
    const status: ClusterStatus = {
      name: cluster.name,
      host_statuses: [{address, stats: hostStats(rng, 'HEALTHY'), health_status: {eds_health_status: 'HEALTHY'}, weight: 1, locality: {}}],
      circuit_breakers: breakers(cluster.circuit_breakers?.thresholds),
      observability_name: cluster.name,
    }
    w.value(undefined, status)
  }
  for (const s of specialClusters(mesh)) {
    const status: ClusterStatus = {
      name: s.name,
      added_via_api: true,
      ...(s.pods.length ? {host_statuses: s.pods.map((p) => hostStatus(rng, p, s.port))} : {}),
      circuit_breakers: breakers(s.resource.circuit_breakers?.thresholds),
      observability_name: s.name,
    }
    w.value(undefined, status)
  }
  for (const svc of mesh.services) {
    for (const c of serviceClusters(svc)) {
      const pods = clusterPods(c)
      const status: ClusterStatus = {
        name: c.name,
        added_via_api: true,
        ...(pods.length ? {host_statuses: pods.map((p) => hostStatus(rng, p, c.port.targetPort, svc.external ? svc.host : undefined))} : {}),
        circuit_breakers: breakers([thresholds(destinationRule(svc))]),
        observability_name: c.name,
        ...(svc.external ? {} : {eds_service_name: c.name}),
      }
      w.value(undefined, status)
    }
    await w.flush()
  }
  w.close(']')
  w.close('}')
}
