import {sortSlice} from '../core/gosort.js'
import {compareSubsetKeys, safeSubsetKey} from '../model/istio.js'

/** istioctl's cluster filters: all are substring tests on the raw cluster name. */
export interface ClusterFilter {
  fqdn?: string
  direction?: string
  subset?: string
  /** 0 means "any port". */
  port?: number
}

export function matchesCluster(name: string, f: ClusterFilter): boolean {
  if (f.fqdn && !name.includes(f.fqdn)) return false
  if (f.direction && !name.includes(f.direction)) return false
  if (f.subset && !name.includes(f.subset)) return false
  if (f.port && !name.includes(`|${f.port}|`)) return false
  return true
}

export function filterClusters<T extends {name: string}>(clusters: readonly T[], f: ClusterFilter): T[] {
  return clusters.filter((c) => matchesCluster(c.name, f))
}

/** By hostname, subset, port, direction of the Istio cluster name; plain names by their text. Ties as Go's sort.Slice leaves them. */
export function sortByClusterName<T>(items: readonly T[], name: (item: T) => string): T[] {
  const keyed = items.map((item) => ({item, key: safeSubsetKey(name(item))}))
  sortSlice(keyed, (a, b) => compareSubsetKeys(a.key, b.key) < 0)
  return keyed.map((k) => k.item)
}
