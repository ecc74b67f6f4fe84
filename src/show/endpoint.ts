import {load, loadUnready} from '../catalog/catalog.js'
import {loadClusterStatuses} from '../catalog/clusters-answer.js'
import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/request.js'
import {sortByClusterName} from '../filter/cluster.js'
import {noMatchNote} from '../filter/describe.js'
import {type EndpointFilter, clustersWithMatchingHosts, filterLoadAssignment, matchingHosts} from '../filter/endpoint.js'
import {type ClusterLoadAssignment, type ClusterStatus, type HostStatus, parseClusterLoadAssignment} from '../model/endpoint.js'
import {edsTable, hostName, hostTable} from '../render/endpoint.js'
import type {Listing} from '../render/listing.js'
import type {SummaryOptions} from '../render/table.js'
import {hiddenPart} from './hidden.js'

export const endpointRequest: DumpRequest = {kind: 'clusters'}
export const edsRequest: DumpRequest = {kind: 'config_dump', includeEds: true, sections: ['endpoints']}

/**
 * `endpoint`: the host table of `/clusters?format=json`. JSON shows whole cluster
 * statuses that have a matching host, as istioctl does; the table shows the hosts.
 */
export function endpointListing(bytes: Buffer, origin: string, filter: EndpointFilter): Listing<ClusterStatus, HostStatus> {
  const statuses = loadClusterStatuses(bytes, origin)
  return {
    kind: 'endpoint',
    emptyNote: noMatchNote(
      'endpoints',
      filter,
      statuses.reduce((n, s) => n + s.hosts.length, 0),
    ),
    items: clustersWithMatchingHosts(statuses, filter),
    typeName: 'envoy.admin.v3.ClusterStatus',
    raw: (s) => s.raw,
    names: (items) => [...new Set(matchingHosts(items, filter).map(hostName))],
    table: (items, wide) => hostTable(matchingHosts(items, filter), {wide}),
    rows: {
      typeName: 'envoy.admin.v3.HostStatus',
      of: (items) => matchingHosts(items, filter),
      raw: (h) => h.raw,
      name: hostName,
      table: (hosts, wide) => hostTable(hosts, {wide}),
    },
  }
}

/** `eds`: ClusterLoadAssignments from the dump, each with only its matching endpoints; a dump without an EDS section has none. */
export function edsListing(dump: ConfigDump, filter: EndpointFilter, opts: SummaryOptions = {}): Listing<ClusterLoadAssignment> {
  const all = load(dump, 'eds')
  const kept = all.flatMap((a) => {
    // The loader keeps `load`, not `a`: a model of every assignment twice would double the largest section's memory.
    const {load} = a
    const again = () => filterLoadAssignment(load(), filter) ?? {}
    // Without filters the assignment keeps every endpoint it was parsed with: no second parse.
    if (!hasEndpointFilter(filter)) return a.endpoints.length > 0 ? [{...a, load: again}] : []
    const matching = filterLoadAssignment(load(), filter)
    return matching ? [{...parseClusterLoadAssignment(matching, again), status: a.status}] : []
  })
  const unready = loadUnready(dump, 'eds')
  const hidden = hiddenPart(
    'endpoint config',
    // A refusal Envoy kept no configuration of has nothing for the filters to test.
    {...unready, items: unready.items.map((u) => ({...u, resource: onlyMatching(u.resource, filter)}))},
    (a) => a.clusterName,
    (a) => a.endpoints.length > 0 || !hasEndpointFilter(filter),
    (as) => sortByClusterName(as, (a) => a.clusterName),
  )
  return {
    ...hidden,
    kind: 'endpoint',
    emptyNote: noMatchNote(
      'endpoints',
      filter,
      all.reduce((n, a) => n + a.endpoints.length, 0),
    ),
    items: sortByClusterName(kept, (c) => c.clusterName),
    typeName: 'envoy.config.endpoint.v3.ClusterLoadAssignment',
    raw: (a) => a.load(),
    names: (items) => items.flatMap((a) => a.endpoints.map((e) => e.addresses.join(','))),
    table: (items, wide) => edsTable(items, {...opts, wide}),
  }
}

function hasEndpointFilter(f: EndpointFilter): boolean {
  return Boolean(f.address || f.port || f.cluster || f.status)
}

/** A warming or refused assignment with only the endpoints the filters keep (its status kept). */
function onlyMatching(a: ClusterLoadAssignment, filter: EndpointFilter): ClusterLoadAssignment {
  if (!hasEndpointFilter(filter)) return a
  const matching = filterLoadAssignment(a.load(), filter)
  return matching ? {...parseClusterLoadAssignment(matching), status: a.status, load: a.load} : {...a, endpoints: []}
}
