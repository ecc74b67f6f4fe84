/**
 * Copies of a saved config dump with known differences, for `diff`: resources
 * found by name and edited in place, and a copy that reorders and restamps
 * everything Envoy gives no meaning to.
 */
import {readFileSync} from 'node:fs'

/** Test data is edited freely. */
export type Json = any
export type Dump = {configs: Json[]}

export function loadDump(path: string): Dump {
  return JSON.parse(readFileSync(path, 'utf8'))
}

export function section(d: Dump, kind: 'Clusters' | 'Listeners' | 'Routes' | 'Endpoints' | 'Secrets'): Json {
  const found = d.configs.find((c) => c['@type'] === `type.googleapis.com/envoy.admin.v3.${kind}ConfigDump`)
  if (!found) throw new Error(`no ${kind} section`)
  return found
}

export function cluster(d: Dump, name: string): Json {
  return find(
    section(d, 'Clusters').dynamic_active_clusters.map((c: Json) => c.cluster),
    (c) => c.name === name,
    name,
  )
}

export function routeConfig(d: Dump, name: string): Json {
  return find(
    section(d, 'Routes').dynamic_route_configs.map((c: Json) => c.route_config),
    (c) => c.name === name,
    name,
  )
}

export function virtualHost(d: Dump, route: string, name: string): Json {
  return find(routeConfig(d, route).virtual_hosts, (v) => v.name === name, name)
}

export function listener(d: Dump, name: string): Json {
  return find(
    section(d, 'Listeners').dynamic_listeners.map((l: Json) => l.active_state?.listener),
    (l) => l?.name === name,
    name,
  )
}

export function assignment(d: Dump, cluster: string): Json {
  return find(
    section(d, 'Endpoints').dynamic_endpoint_configs.map((e: Json) => e.endpoint_config),
    (e) => e.cluster_name === cluster,
    cluster,
  )
}

export function secret(d: Dump, name: string): Json {
  return find(
    section(d, 'Secrets').dynamic_active_secrets.map((s: Json) => s.secret),
    (s) => s.name === name,
    name,
  )
}

function find(items: Json[], test: (item: Json) => boolean, what: string): Json {
  const found = items.find(test)
  if (!found) throw new Error(`${what} not found`)
  return found
}

/** Lists whose order Envoy ignores, by the field that holds them. */
const UNORDERED = new Set([
  'dynamic_active_clusters',
  'static_clusters',
  'dynamic_listeners',
  'static_listeners',
  'dynamic_route_configs',
  'dynamic_endpoint_configs',
  'static_endpoint_configs',
  'dynamic_active_secrets',
  'virtual_hosts',
  'domains',
  'filter_chains',
  'endpoints',
  'lb_endpoints',
  'server_names',
  'application_protocols',
])

/**
 * The same configuration as Envoy would see it: unordered lists reversed, every
 * object's members in reverse order, and new version_info and last_updated stamps.
 */
export function reordered(value: Json, key = ''): Json {
  if (Array.isArray(value)) {
    const items = value.map((v) => reordered(v))
    return UNORDERED.has(key) ? items.reverse() : items
  }
  if (typeof value !== 'object' || value === null) return value
  const out: Json = {}
  for (const k of Object.keys(value).reverse()) {
    if (k === 'version_info') out[k] = `${value[k]}-later`
    else if (k === 'last_updated') out[k] = '2030-01-01T00:00:00.000Z'
    else out[k] = reordered(value[k], k)
  }
  return out
}

export function copy(d: Dump): Dump {
  return structuredClone(d)
}

/** The reviews subset only the odd replica has. */
export const ODD_CLUSTER = 'outbound|9080|v9|reviews.default.svc.cluster.local'

/** A copy of a dump with one more reviews subset cluster: the replica that disagrees with the others. */
export function oddReplica(d: Dump): Dump {
  const odd = copy(d)
  const extra = structuredClone(cluster(odd, 'outbound|9080||reviews.default.svc.cluster.local'))
  extra.name = ODD_CLUSTER
  section(odd, 'Clusters').dynamic_active_clusters.push({cluster: extra})
  return odd
}
