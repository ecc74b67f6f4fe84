import type {ClusterLoadAssignment, HostStatus} from '../model/endpoint.js'
import type {SummaryOptions, Table} from './table.js'

/** `endpoint`: hosts from `/clusters?format=json`. */
export function hostTable(hosts: readonly HostStatus[], opts: SummaryOptions = {}): Table {
  const header = ['ENDPOINT', 'STATUS', 'OUTLIER CHECK', 'CLUSTER']
  if (opts.wide) header.push('WEIGHT', 'LOCALITY', 'HOSTNAME')
  const rows = hosts.map((h) => {
    const row = [hostName(h), h.healthStatus, h.failedOutlierCheck ? 'FAILED' : 'OK', h.clusterName]
    if (opts.wide) row.push(String(h.weight), h.locality || '-', h.hostname || '-')
    return row
  })
  return {header, rows, padding: 5, statusColumns: [1, 2]}
}

export function hostName(h: HostStatus): string {
  return h.port === 0 ? h.address : `${h.address}:${h.port}`
}

/** `eds` and the endpoints section of `all`: lb_endpoints from EDS. */
export function edsTable(assignments: readonly ClusterLoadAssignment[], opts: SummaryOptions = {}): Table {
  const prefix = opts.withTypeNames ? 'endpoint/' : ''
  const header = ['NAME', 'STATUS', 'LOCALITY', 'CLUSTER']
  if (opts.wide) header.push('WEIGHT')
  const rows: string[][] = []
  for (const cla of assignments) {
    for (const e of cla.endpoints) {
      const row = [prefix + e.addresses.join(','), e.healthStatus, e.locality, cla.clusterName]
      if (opts.wide) row.push(e.weight ? String(e.weight) : '-')
      rows.push(row)
    }
  }
  return {header, rows, padding: 5, statusColumns: [1]}
}
