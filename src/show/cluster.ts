import {type Unready, load, loadUnready} from '../catalog/catalog.js'
import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/request.js'
import {type ClusterFilter, filterClusters, matchesCluster, sortByClusterName} from '../filter/cluster.js'
import {noMatchNote} from '../filter/describe.js'
import type {Cluster, ClusterHead} from '../model/cluster.js'
import {type EndpointCounts, clusterHeadTable, clusterTable} from '../render/cluster.js'
import type {Listing} from '../render/listing.js'
import type {Table, SummaryOptions} from '../render/table.js'
import {hiddenPart} from './hidden.js'

const MASK = ['dynamic_active_clusters', 'dynamic_warming_clusters', 'static_clusters']

/** -o wide also counts endpoints, which needs EDS. */
export function clusterRequest(wide: boolean): DumpRequest {
  return wide ? {kind: 'config_dump', includeEds: true, sections: ['clusters', 'endpoints']} : {kind: 'config_dump', mask: MASK, sections: ['clusters']}
}

/** `opts.wide` counts each cluster's endpoints for the ENDPOINTS column, before anything is rendered. */
export function clusterListing(dump: ConfigDump, filter: ClusterFilter, opts: SummaryOptions = {}): Listing<Cluster> {
  const all = load(dump, 'cluster')
  const endpoints = opts.wide ? endpointCounts(dump) : undefined
  return listing(filter, all, loadUnready(dump, 'cluster'), (items, wide) => clusterTable(items, {...opts, wide}, endpoints))
}

/**
 * For output that is only the short table (no -o, no --sort-by): the same listing,
 * with each cluster read into what that table shows. JSON, YAML, names and wide
 * tables need `clusterListing`.
 */
export function clusterHeadListing(dump: ConfigDump, filter: ClusterFilter, opts: Pick<SummaryOptions, 'withTypeNames'> = {}): Listing<ClusterHead> {
  return listing(filter, load(dump, 'clusterHead'), loadUnready(dump, 'clusterHead'), (items) => clusterHeadTable(items, opts))
}

function listing<T extends ClusterHead>(
  filter: ClusterFilter,
  all: readonly T[],
  unready: {entryType: string; items: readonly Unready<T>[]},
  table: (items: readonly T[], wide: boolean) => Table,
): Listing<T> {
  const clusters = sortByClusterName(filterClusters(all, filter), (c) => c.name)
  const hidden = hiddenPart(
    'cluster',
    unready,
    (c) => c.name,
    (c) => matchesCluster(c.name, filter),
    (cs) => sortByClusterName(cs, (c) => c.name),
  )
  return {
    ...hidden,
    emptyNote: hidden.hidden?.items.length ? undefined : noMatchNote('clusters', filter, all.length),
    kind: 'cluster',
    items: clusters,
    typeName: 'envoy.config.cluster.v3.Cluster',
    raw: (c) => c.load(),
    names: (items) => items.map((c) => c.name),
    table,
  }
}

function endpointCounts(dump: ConfigDump): EndpointCounts {
  if (!dump.has('endpoints')) return undefined
  const counts = new Map<string, number>()
  for (const cla of load(dump, 'eds')) counts.set(cla.clusterName, (counts.get(cla.clusterName) ?? 0) + cla.endpoints.length)
  return counts
}
