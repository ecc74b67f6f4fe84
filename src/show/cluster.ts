import {UserError} from '../core/errors.js'
import {type ConfigDump, RESOURCES, parseResources} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/source.js'
import {type ClusterFilter, filterClusters, sortByClusterName} from '../filter/cluster.js'
import {noMatchNote} from '../filter/describe.js'
import {type Cluster, parseCluster} from '../model/cluster.js'
import {parseClusterLoadAssignment} from '../model/endpoint.js'
import {type EndpointCounts, type SummaryOptions, clusterTable} from '../render/cluster.js'
import type {Listing} from '../render/listing.js'

const MASK = ['dynamic_active_clusters', 'dynamic_warming_clusters', 'static_clusters']

/** -o wide also counts endpoints, which needs EDS. */
export function clusterRequest(wide: boolean): DumpRequest {
  return wide ? {kind: 'config_dump', includeEds: true} : {kind: 'config_dump', mask: MASK}
}

/** Active dynamic clusters, then static ones; warming clusters are not shown, as in istioctl. */
export function listClusters(dump: ConfigDump): Cluster[] {
  dump.require('clusters')
  const clusters = parseResources(dump, 'clusters', parseCluster)
  if (clusters.length === 0) throw new UserError(`${dump.origin}: no clusters found`)
  return clusters
}

export function clusterListing(dump: ConfigDump, filter: ClusterFilter, opts: SummaryOptions = {}): Listing<Cluster> {
  const all = listClusters(dump)
  const clusters = sortByClusterName(filterClusters(all, filter), (c) => c.name)
  return {
    emptyNote: noMatchNote('clusters', filter, all.length),
    kind: 'cluster',
    items: clusters,
    typeName: 'envoy.config.cluster.v3.Cluster',
    raw: (c) => c.load(),
    names: (items) => items.map((c) => c.name),
    table: (items, wide) => clusterTable(items, {...opts, wide}, wide ? endpointCounts(dump) : undefined),
  }
}

function endpointCounts(dump: ConfigDump): EndpointCounts {
  if (!dump.has('endpoints')) return undefined
  const counts = new Map<string, number>()
  for (const {value} of dump.resources('endpoints', RESOURCES.endpoints)) {
    const cla = parseClusterLoadAssignment(value)
    counts.set(cla.clusterName, (counts.get(cla.clusterName) ?? 0) + cla.endpoints.length)
  }
  return counts
}
