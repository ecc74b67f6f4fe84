import type {ClusterLoadAssignment, HostStatus} from '../model/endpoint.js'
import {statusLabel} from './status.js'
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
  // STATUS is the endpoint's health; CONFIG STATUS the state of its ClusterLoadAssignment.
  if (opts.wide) header.push('WEIGHT', 'CONFIG STATUS')
  const rows: string[][] = []
  for (const cla of assignments) {
    // A warming or refused assignment without endpoints still gets its row in -o wide.
    if (opts.wide && cla.endpoints.length === 0 && cla.status.state !== 'active') rows.push([`${prefix}-`, '-', '-', cla.clusterName, '-', statusLabel(cla.status)])
    for (const e of cla.endpoints) {
      const row = [prefix + e.addresses.join(','), e.healthStatus, e.locality, cla.clusterName]
      if (opts.wide) row.push(e.weight ? String(e.weight) : '-', statusLabel(cla.status))
      rows.push(row)
    }
  }
  return {header, rows, padding: 5, statusColumns: opts.wide ? [1, header.length - 1] : [1]}
}
