import {UserError} from '../core/errors.js'
import type {Raw} from '../core/json.js'
import {type ConfigDump, missingSection, parseResources} from '../dump/configdump.js'
import {type Cluster, parseCluster} from '../model/cluster.js'
import {type EcdsFilter, ecdsEntries, parseEcdsFilter} from '../model/ecds.js'
import {type ClusterLoadAssignment, parseClusterLoadAssignment} from '../model/endpoint.js'
import {type Listener, parseListener} from '../model/listener.js'
import {type RouteConfiguration, parseRouteConfiguration} from '../model/route.js'
import {type SecretEntry, secretEntries} from '../model/secret.js'
import {type Rejections, rejections} from './rejected.js'

/** The SDS secrets of a dump, with the section JSON output prints whole (as istioctl does). */
export interface Secrets {
  section: Raw
  entries: SecretEntry[]
}

/**
 * What a request can pass through besides listeners: route configurations, clusters
 * and EDS assignments, read as `route`, `cluster` and `eds` read them but with none
 * required (a proxy with TCP listeners only has no routes).
 */
export interface Traffic {
  routes: RouteConfiguration[]
  clusters: Cluster[]
  /** Undefined when the dump has no EDS section at all (saved without `?include_eds`). */
  assignments: ClusterLoadAssignment[] | undefined
}

/** istioctl's answer when a dump that must list some resource lists none. */
function nonEmpty<T>(dump: ConfigDump, noun: string, items: T[]): T[] {
  if (items.length === 0) throw new UserError(`${dump.origin}: no ${noun} found`)
  return items
}

const ASSIGNMENT_TYPE = 'envoy.config.endpoint.v3.ClusterLoadAssignment'

/**
 * istioctl decodes each EDS entry as a v3 ClusterLoadAssignment and silently drops
 * any entry whose @type names another message (envoy.api.v2 ones included).
 */
function isV3Assignment(value: Raw): boolean {
  const type = value['@type']
  return typeof type !== 'string' || type === ASSIGNMENT_TYPE || type.endsWith(`/${ASSIGNMENT_TYPE}`)
}

/**
 * Every kind of resource a dump holds, and how to read it: which section, which
 * model, and what is an error (a missing section, an empty list) in istioctl's words.
 */
const KINDS = {
  /** Active dynamic clusters, then static ones; warming clusters are not shown, as in istioctl. */
  cluster: (dump: ConfigDump): Cluster[] => {
    dump.require('clusters')
    return nonEmpty(dump, 'clusters', parseResources(dump, 'clusters', parseCluster))
  },
  /** Active dynamic listeners, then static ones (warming, draining and failed ones are skipped). */
  listener: (dump: ConfigDump): Listener[] => {
    if (!dump.has('listeners')) throw new UserError(`${dump.origin}: listener dump: ${missingSection('listeners')}`)
    return nonEmpty(dump, 'listeners', parseResources(dump, 'listeners', parseListener))
  },
  /** Dynamic (RDS) route configs, then static ones, which include routes inlined in listeners. */
  route: (dump: ConfigDump): RouteConfiguration[] => {
    dump.require('routes')
    return nonEmpty(dump, 'routes', parseResources(dump, 'routes', parseRouteConfiguration))
  },
  /** ClusterLoadAssignments (EDS); a dump without an EDS section has none. */
  eds: (dump: ConfigDump): ClusterLoadAssignment[] =>
    parseResources(dump, 'endpoints', (value, load) => (isV3Assignment(value) ? parseClusterLoadAssignment(value, load) : undefined)),
  secret: (dump: ConfigDump): Secrets => {
    const section = dump.section('secrets')
    if (!section) throw new UserError(`${dump.origin}: sidecar doesn't support secrets: ${missingSection('secrets')}`)
    return {section, entries: secretEntries(section)}
  },
  /** Filters of every ECDS section, in dump order (istioctl concatenates them), with the entries JSON output merges. */
  ecds: (dump: ConfigDump): {entries: Raw[]; filters: EcdsFilter[]} => {
    const entries = ecdsEntries(dump.sections('ecds'))
    return {entries, filters: entries.map(parseEcdsFilter)}
  },
  bootstrap: (dump: ConfigDump): Raw => dump.requireSection('bootstrap'),
  /** For following a request through the proxy (explain), with `listener`. */
  traffic: (dump: ConfigDump): Traffic => ({
    routes: parseResources(dump, 'routes', parseRouteConfiguration),
    clusters: parseResources(dump, 'clusters', parseCluster),
    assignments: dump.has('endpoints') ? load(dump, 'eds') : undefined,
  }),
  /** Listeners, route configurations and clusters Envoy rejected (`error_state`), with its error text. */
  rejected: (dump: ConfigDump): Rejections => rejections(dump),
} as const

export type ResourceKind = keyof typeof KINDS
export type Resources<K extends ResourceKind> = ReturnType<(typeof KINDS)[K]>

/** The resources of one kind in a dump, as models, in istioctl's order. */
export function load<K extends ResourceKind>(dump: ConfigDump, kind: K): Resources<K> {
  return KINDS[kind](dump) as Resources<K>
}
