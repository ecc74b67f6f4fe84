import {type ConfigDump, RESOURCES} from '../dump/configdump.js'
import {type Raw, isRaw, obj, str} from '../model/raw.js'
import {type ClusterStatus, parseClusterStatuses} from '../model/endpoint.js'
import type {RejectedConfig} from './types.js'

/**
 * The raw resources `explain` walks through, with what Envoy rejected. This is
 * the only module that knows how they are read from a dump.
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

type Kind = 'listeners' | 'routes' | 'clusters'

/** The `error_state` of each dynamic entry: what Envoy refused and why. */
function rejected(dump: ConfigDump, kind: Kind, list: string, resource: string): Map<string, RejectedConfig> {
  const out = new Map<string, RejectedConfig>()
  for (const {value} of dump.resources(kind, [[list, '']])) {
    const error = obj(value, 'error_state')
    if (!error) continue
    const failed = obj(error, 'failed_configuration')
    const name = str(value, 'name') || str(failed, 'name') || str(obj(value, resource), 'name')
    out.set(name, {name, details: str(error, 'details'), lastUpdateAttempt: str(error, 'last_update_attempt') || undefined})
  }
  return out
}

function byName(dump: ConfigDump, kind: Kind, nameField: string): Map<string, Raw> {
  const out = new Map<string, Raw>()
  for (const {value} of dump.resources(kind, RESOURCES[kind])) {
    const name = str(value, nameField)
    if (!out.has(name)) out.set(name, value)
  }
  return out
}

export function loadResources(dump: ConfigDump, clustersJson?: unknown): ProxyResources {
  const listeners = [...dump.resources('listeners', RESOURCES.listeners)].map((r) => r.value)
  const endpoints = new Map<string, Raw>()
  for (const {value} of dump.resources('endpoints', RESOURCES.endpoints)) {
    if (isRaw(value)) endpoints.set(str(value, 'cluster_name'), value)
  }
  const hostStatuses = clustersJson === undefined ? undefined : new Map(parseClusterStatuses(clustersJson).map((c) => [c.name, c]))
  return {
    listeners,
    routes: byName(dump, 'routes', 'name'),
    clusters: byName(dump, 'clusters', 'name'),
    endpoints,
    hasEds: dump.has('endpoints'),
    hostStatuses,
    errors: {
      listeners: rejected(dump, 'listeners', 'dynamic_listeners', 'listener'),
      routes: rejected(dump, 'routes', 'dynamic_route_configs', 'route_config'),
      clusters: rejected(dump, 'clusters', 'dynamic_active_clusters', 'cluster'),
    },
  }
}
