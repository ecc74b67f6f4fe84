import {load} from '../catalog/catalog.js'
import type {RejectedConfig} from '../catalog/rejected.js'
import type {ConfigDump} from '../dump/configdump.js'
import type {ClusterStatus} from '../model/endpoint.js'
import type {Raw} from '../model/raw.js'

/**
 * The resources `explain` walks through, as raw JSON (matching needs fields the
 * models leave out), taken from the catalog, with what Envoy rejected.
 */
export interface ProxyResources {
  /** Active listeners, in dump order. */
  listeners: Raw[]
  routes: Map<string, Raw>
  clusters: Map<string, Raw>
  /** ClusterLoadAssignments by cluster_name (EDS in the dump). */
  endpoints: Map<string, Raw>
  /** Whether the dump carried an endpoints section at all (`?include_eds`). */
  hasEds: boolean
  /** Live host statuses from `/clusters?format=json`, by cluster name, when read. */
  hostStatuses?: Map<string, ClusterStatus>
  /** Rejected configuration by resource kind and name. */
  errors: {listeners: Map<string, RejectedConfig>; routes: Map<string, RejectedConfig>; clusters: Map<string, RejectedConfig>}
}

/** By name, the first of a name winning, as Envoy keeps the first of duplicate resources. */
function byName<T>(items: readonly T[], name: (item: T) => string): Map<string, T> {
  const out = new Map<string, T>()
  for (const item of items) if (!out.has(name(item))) out.set(name(item), item)
  return out
}

function rawByName(models: readonly {name: string; load(): Raw}[]): Map<string, Raw> {
  return new Map([...byName(models, (m) => m.name)].map(([name, m]) => [name, m.load()]))
}

/** `hostStatuses`: Envoy's live `/clusters` answer, when the proxy was asked. */
export function loadResources(dump: ConfigDump, hostStatuses?: readonly ClusterStatus[]): ProxyResources {
  const traffic = load(dump, 'traffic')
  const rejected = load(dump, 'rejected')
  const assignments = traffic.assignments ?? []
  return {
    listeners: load(dump, 'listener').map((l) => l.load()),
    routes: rawByName(traffic.routes),
    clusters: rawByName(traffic.clusters),
    endpoints: new Map([...byName(assignments, (a) => a.clusterName)].map(([name, a]) => [name, a.load()])),
    hasEds: traffic.assignments !== undefined,
    hostStatuses: hostStatuses && new Map(hostStatuses.map((c) => [c.name, c])),
    errors: {
      listeners: byName(rejected.listener, (r) => r.name),
      routes: byName(rejected.route, (r) => r.name),
      clusters: byName(rejected.cluster, (r) => r.name),
    },
  }
}
