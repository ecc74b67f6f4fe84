import {UserError} from '../cli/errors.js'
import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/source.js'
import {type ClusterFilter, filterClusters, sortByClusterName} from '../filter/cluster.js'
import {type Cluster, parseCluster} from '../model/cluster.js'
import {type SummaryOptions, clusterTable} from '../render/cluster.js'
import {type OutputFormat, structuredResources} from '../render/output.js'

export const clusterRequest: DumpRequest = {kind: 'config_dump', mask: ['dynamic_active_clusters', 'dynamic_warming_clusters', 'static_clusters']}

/** Active dynamic clusters, then static ones; warming clusters are not shown, as in istioctl. */
export function listClusters(dump: ConfigDump): Cluster[] {
  dump.require('clusters')
  const raws = [...dump.resources('clusters', [['dynamic_active_clusters', 'cluster'], ['static_clusters', 'cluster']])]
  if (raws.length === 0) throw new UserError('no clusters found')
  return raws.map(parseCluster)
}

export async function showClusters(dump: ConfigDump, filter: ClusterFilter, format: OutputFormat, opts: SummaryOptions = {}): Promise<string> {
  const clusters = sortByClusterName(filterClusters(listClusters(dump), filter), (c) => c.name)
  if (format === 'short') return clusterTable(clusters, opts)
  return structuredResources(clusters.map((c) => c.raw), 'envoy.config.cluster.v3.Cluster', format)
}
