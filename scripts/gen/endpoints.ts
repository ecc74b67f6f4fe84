import type {StaticCluster} from './clusters.js'
import type {ClusterLoadAssignment, LbEndpoint, LocalityLbEndpoints, Metadata} from './envoy.js'
import {socketAddress} from './fragments.js'
import {CLUSTER_ID, type Pod, type Service} from './mesh.js'
import {TYPE} from './type-urls.js'

/** `svc` is absent for Istio's own clusters, whose hosts carry no workload metadata. */
function lbEndpoint(pod: Pod, svc: Service | undefined, port: number): LbEndpoint {
  const lb: LbEndpoint = {
    endpoint: {address: socketAddress(pod.ip, port), health_check_config: {}},
    health_status: pod.health,
  }
  if (svc?.external) {
    lb.endpoint.hostname = svc.host
  } else if (svc) {
    const version = pod.version || 'latest'
    const workload = svc.workload ?? (pod.version ? `${svc.name}-${pod.version}` : svc.name)
    const filterMetadata: Metadata['filter_metadata'] = {istio: {workload: `${workload};${svc.ns};${svc.name};${version};${CLUSTER_ID}`}}
    if (svc.meshed) filterMetadata['envoy.transport_socket_match'] = {tlsMode: 'istio'}
    lb.metadata = {filter_metadata: filterMetadata}
  }
  lb.load_balancing_weight = 1
  return lb
}

/** An EDS assignment: Envoy groups hosts by locality, in first-seen order, weighted by host count. */
export function loadAssignment(name: string, pods: Pod[], svc: Service | undefined, port: number): ClusterLoadAssignment {
  const groups = new Map<string, Required<LocalityLbEndpoints>>()
  for (const p of pods) {
    const key = `${p.locality.region ?? ''}/${p.locality.zone ?? ''}/${p.locality.sub_zone ?? ''}`
    let group = groups.get(key)
    if (!group) groups.set(key, (group = {locality: p.locality, lb_endpoints: [], load_balancing_weight: 0}))
    group.lb_endpoints.push(lbEndpoint(p, svc, port))
    group.load_balancing_weight++
  }
  const cla: ClusterLoadAssignment = {'@type': TYPE.loadAssignment, cluster_name: name}
  if (groups.size) cla.endpoints = [...groups.values()]
  cla.policy = {overprovisioning_factor: 140}
  return cla
}

/** What the EDS dump shows for a static cluster of the bootstrap. */
export function staticLoadAssignment(cluster: StaticCluster): ClusterLoadAssignment {
  const lbs = cluster.load_assignment.endpoints.flatMap((group) =>
    group.lb_endpoints.map((lb) => ({
      endpoint: {address: lb.endpoint.address, health_check_config: {}},
      health_status: 'HEALTHY' as const,
      load_balancing_weight: 1,
    })),
  )
  return {
    '@type': TYPE.loadAssignment,
    cluster_name: cluster.name,
    endpoints: [{locality: {}, lb_endpoints: lbs}],
    policy: {overprovisioning_factor: 140},
  }
}
