import {UserError} from '../cli/errors.js'
import {type ConfigDump, parseJson, parseResources} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/source.js'
import {sortByClusterName} from '../filter/cluster.js'
import {noMatchNote} from '../filter/describe.js'
import {type EndpointFilter, clustersWithMatchingHosts, filterLoadAssignment, matchingHosts} from '../filter/endpoint.js'
import {type ClusterLoadAssignment, type ClusterStatus, parseClusterLoadAssignment, parseClusterStatuses} from '../model/endpoint.js'
import {type Raw, field, isRaw, list} from '../model/raw.js'
import type {SummaryOptions} from '../render/cluster.js'
import {edsTable, hostName, hostTable} from '../render/endpoint.js'
import type {Listing} from '../render/listing.js'

export const endpointRequest: DumpRequest = {kind: 'clusters'}
export const edsRequest: DumpRequest = {kind: 'config_dump', includeEds: true}

/**
 * `endpoint`: the host table of `/clusters?format=json`. JSON shows whole cluster
 * statuses that have a matching host, as istioctl does; the table shows the hosts.
 */
export function endpointListing(bytes: Buffer, origin: string, filter: EndpointFilter): Listing<ClusterStatus> {
  const statuses = parseClusterStatuses(clustersAnswer(bytes, origin))
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
  }
}

/**
 * `/clusters?format=json` is an object (`{}` when Envoy has no clusters). Anything
 * else, such as a config dump given to `endpoint -f`, would show as an empty table.
 */
function clustersAnswer(bytes: Buffer, origin: string): Raw {
  const value = parseJson(bytes, origin)
  if (!isRaw(value)) throw new UserError(`${origin} is not Envoy's /clusters?format=json: expected a JSON object with a "cluster_statuses" list`)
  if (field(value, 'cluster_statuses') === undefined && 'configs' in value) {
    throw new UserError(`${origin} is a config dump, not Envoy's /clusters?format=json; \`eds\` shows the endpoints of a config dump`)
  }
  return value
}

const ASSIGNMENT_TYPE = 'envoy.config.endpoint.v3.ClusterLoadAssignment'

/**
 * istioctl decodes each EDS entry as a v3 ClusterLoadAssignment and silently drops
 * any entry whose @type names another message (envoy.api.v2 ones included).
 */
function isV3Assignment(value: Raw): boolean {
  const type = value['@type']
  return typeof type !== 'string' || type === ASSIGNMENT_TYPE || type.endsWith(`/${ASSIGNMENT_TYPE}`)
}

/** `eds`: ClusterLoadAssignments from the dump; a dump without an EDS section has none. */
export function edsListing(dump: ConfigDump, filter: EndpointFilter, opts: SummaryOptions = {}): Listing<ClusterLoadAssignment> {
  let total = 0
  const assignments = parseResources(dump, 'endpoints', (value, load) => {
    if (!isV3Assignment(value)) return undefined
    for (const group of list(value, 'endpoints')) total += list(group, 'lb_endpoints').length
    const kept = filterLoadAssignment(value, filter)
    return kept && parseClusterLoadAssignment(kept, () => filterLoadAssignment(load(), filter) ?? {})
  })
  return {
    kind: 'endpoint',
    emptyNote: noMatchNote('endpoints', filter, total),
    items: sortByClusterName(assignments, (c) => c.clusterName),
    typeName: 'envoy.config.endpoint.v3.ClusterLoadAssignment',
    raw: (a) => a.load(),
    names: (items) => items.flatMap((a) => a.endpoints.map((e) => e.addresses.join(','))),
    table: (items, wide) => edsTable(items, {...opts, wide}),
  }
}
