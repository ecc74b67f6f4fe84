import {type ConfigDump, RESOURCES} from '../dump/configdump.js'
import type {SectionName} from '../dump/sections.js'
import {str} from '../model/raw.js'
import {secretEntries} from '../model/secret.js'
import {redact} from '../proto/redact.js'
import {protoConverter} from '../render/proto-json.js'
import {secretView} from './secret.js'

/** What `diff` compares, in the order its output lists them. */
export const RESOURCE_TYPES = ['cluster', 'listener', 'route', 'endpoint', 'secret'] as const
export type ResourceType = (typeof RESOURCE_TYPES)[number]

/** One resource in the form that is compared: canonical proto JSON (a summary for secrets). */
export interface Resource {
  name: string
  value: unknown
}

const SECTIONS: Record<ResourceType, SectionName> = {cluster: 'clusters', listener: 'listeners', route: 'routes', endpoint: 'endpoints', secret: 'secrets'}

const MESSAGES: Record<Exclude<ResourceType, 'secret'>, string> = {
  cluster: 'envoy.config.cluster.v3.Cluster',
  listener: 'envoy.config.listener.v3.Listener',
  route: 'envoy.config.route.v3.RouteConfiguration',
  endpoint: 'envoy.config.endpoint.v3.ClusterLoadAssignment',
}

/** The config_dump fields that hold each type, for narrowing a live request. */
export const DUMP_FIELDS: Record<ResourceType, readonly string[]> = {
  cluster: ['dynamic_active_clusters', 'static_clusters'],
  listener: ['dynamic_listeners', 'static_listeners'],
  route: ['dynamic_route_configs', 'static_route_configs'],
  endpoint: ['dynamic_endpoint_configs', 'static_endpoint_configs'],
  secret: ['dynamic_active_secrets', 'dynamic_warming_secrets'],
}

export function hasResources(dump: ConfigDump, type: ResourceType): boolean {
  return dump.has(SECTIONS[type])
}

/**
 * Every resource of one type: active and static ones as the listing commands show
 * them (warming clusters and listeners are Envoy's business until they apply), in
 * proto JSON, with credentials redacted so they are neither compared nor printed.
 */
export async function readResources(dump: ConfigDump, type: ResourceType): Promise<Resource[]> {
  if (type === 'secret') {
    return secretEntries(dump.section('secrets')).map(({name, state, secret}) => ({
      name: state === 'ACTIVE' ? name : `${name} (warming)`,
      value: secretView(secret),
    }))
  }
  const toJson = await protoConverter(MESSAGES[type])
  const section = SECTIONS[type] as keyof typeof RESOURCES
  const out: Resource[] = []
  for (const {value} of dump.resources(section, RESOURCES[section])) {
    const json = redact(toJson(value), MESSAGES[type])
    out.push({name: str(json, type === 'endpoint' ? 'clusterName' : 'name'), value: json})
  }
  return out
}
