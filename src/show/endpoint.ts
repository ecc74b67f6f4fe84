import {type ConfigDump, parseJson} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/source.js'
import {type EndpointFilter, clustersWithMatchingHosts, filterLoadAssignment, matchingHosts} from '../filter/endpoint.js'
import {sortByClusterName} from '../filter/cluster.js'
import {parseClusterLoadAssignment, parseClusterStatuses} from '../model/endpoint.js'
import type {SummaryOptions} from '../render/cluster.js'
import {edsTable, hostTable} from '../render/endpoint.js'
import {type OutputFormat, structuredResources} from '../render/output.js'

export const endpointRequest: DumpRequest = {kind: 'clusters'}
export const edsRequest: DumpRequest = {kind: 'config_dump', includeEds: true}

/** `endpoint`: the live host table of `/clusters?format=json`. */
export async function showEndpoints(bytes: Buffer, origin: string, filter: EndpointFilter, format: OutputFormat): Promise<string> {
  const statuses = parseClusterStatuses(parseJson(bytes, origin))
  if (format === 'short') return hostTable(matchingHosts(statuses, filter))
  return structuredResources(clustersWithMatchingHosts(statuses, filter).map((s) => s.raw), 'envoy.admin.v3.ClusterStatus', format)
}

/** `eds`: ClusterLoadAssignments from the dump; a dump without an EDS section has none. */
export async function showEds(dump: ConfigDump, filter: EndpointFilter, format: OutputFormat, opts: SummaryOptions = {}): Promise<string> {
  const raws = [...dump.resources('endpoints', [['dynamic_endpoint_configs', 'endpoint_config'], ['static_endpoint_configs', 'endpoint_config']])]
  const kept = raws.map((r) => filterLoadAssignment(r, filter)).filter((r) => r !== undefined)
  const assignments = sortByClusterName(kept.map(parseClusterLoadAssignment), (c) => c.clusterName)
  if (format === 'short') return edsTable(assignments, opts)
  return structuredResources(assignments.map((a) => a.raw), 'envoy.config.endpoint.v3.ClusterLoadAssignment', format)
}
