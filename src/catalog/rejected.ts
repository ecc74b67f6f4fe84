import type {ConfigDump} from '../dump/configdump.js'
import {obj, str} from '../model/raw.js'

/** Configuration Envoy refused: the `error_state` of a dynamic resource, with Envoy's error text. */
export interface RejectedConfig {
  name: string
  details: string
  lastUpdateAttempt?: string
}

/** What Envoy rejected, by the kind of resource it would have been. */
export interface Rejections {
  listener: RejectedConfig[]
  route: RejectedConfig[]
  cluster: RejectedConfig[]
}

/**
 * Where each kind keeps its dynamic entries and what the resource is called inside
 * one. A rejected entry may carry no resource at all (only `error_state`, whose
 * `failed_configuration` holds what was refused), so the entries are read whole.
 */
const DYNAMIC = {
  listener: ['listeners', 'dynamic_listeners', 'listener'],
  route: ['routes', 'dynamic_route_configs', 'route_config'],
  cluster: ['clusters', 'dynamic_active_clusters', 'cluster'],
} as const

function rejectedOf(dump: ConfigDump, kind: keyof typeof DYNAMIC): RejectedConfig[] {
  const [section, list, resource] = DYNAMIC[kind]
  const out: RejectedConfig[] = []
  for (const {value} of dump.resources(section, [[list, '']])) {
    const error = obj(value, 'error_state')
    if (!error) continue
    const name = str(value, 'name') || str(obj(error, 'failed_configuration'), 'name') || str(obj(value, resource), 'name')
    out.push({name, details: str(error, 'details'), lastUpdateAttempt: str(error, 'last_update_attempt') || undefined})
  }
  return out
}

/** Every `error_state` entry of the dump's dynamic listeners, route configurations and clusters, in dump order. */
export function rejections(dump: ConfigDump): Rejections {
  return {listener: rejectedOf(dump, 'listener'), route: rejectedOf(dump, 'route'), cluster: rejectedOf(dump, 'cluster')}
}
