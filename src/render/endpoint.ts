import type {ClusterLoadAssignment, HostStatus} from '../model/endpoint.js'
import type {SummaryOptions} from './cluster.js'
import {tabwrite} from './tabwriter.js'

/** `endpoint`: hosts from `/clusters?format=json`. */
export function hostTable(hosts: readonly HostStatus[]): string {
  const rows = hosts.map((h) => [h.port === 0 ? h.address : `${h.address}:${h.port}`, h.healthStatus, h.failedOutlierCheck ? 'FAILED' : 'OK', h.clusterName])
  return tabwrite([['ENDPOINT', 'STATUS', 'OUTLIER CHECK', 'CLUSTER'], ...rows], 5)
}

/** `eds` and the endpoints section of `all`: lb_endpoints from EDS. */
export function edsTable(assignments: readonly ClusterLoadAssignment[], opts: SummaryOptions = {}): string {
  const prefix = opts.withTypeNames ? 'endpoint/' : ''
  const rows = [['NAME', 'STATUS', 'LOCALITY', 'CLUSTER']]
  for (const cla of assignments) {
    for (const e of cla.endpoints) rows.push([prefix + e.addresses.join(','), e.healthStatus, e.locality, cla.clusterName])
  }
  return tabwrite(rows, 5)
}
