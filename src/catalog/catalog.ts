import {UserError} from '../core/errors.js'
import type {Loader, Raw} from '../core/json.js'
import {type ConfigDump, type ResourceEntry, type ResourceState, type ResourceKind as SectionKind, missingSection, parseResources} from '../dump/configdump.js'
import type {SectionName} from '../dump/sections.js'
import {type Cluster, type ClusterHead, parseCluster, parseClusterHead} from '../model/cluster.js'
import {type EcdsFilter, ecdsEntries, parseEcdsFilter} from '../model/ecds.js'
import {type ClusterLoadAssignment, parseClusterLoadAssignment} from '../model/endpoint.js'
import {LISTENER_LISTS, type Listener, parseListener} from '../model/listener.js'
import {type RouteConfiguration, parseRouteConfiguration} from '../model/route.js'
import {type SecretEntry, secretEntries, staticSecretEntries} from '../model/secret.js'
import {type Rejections, rejections} from './rejected.js'

/** The SDS secrets of a dump, with the section JSON output prints whole (as istioctl does). */
export interface Secrets {
  section: Raw
  /** Warming then active secrets, as istioctl lists them. */
  entries: SecretEntry[]
  /** Secrets from the bootstrap, which istioctl does not list. */
  statics: SecretEntry[]
}

/**
 * How to get a dump that has a section. Envoy always writes the ones proxy-config
 * reads except EDS (only with include_eds) and ECDS (only once ECDS delivers a
 * filter); a dump saved with `mask=` or `resource=` leaves out the rest.
 */
export function howToSave(name: SectionName): string {
  if (name === 'endpoints') return "the dump was saved without EDS: save one from Envoy's /config_dump?include_eds=true (e.g. proxy-config all <pod> -o json > dump.json)"
  if (name === 'ecds') return 'Envoy writes it only once a filter is delivered by ECDS, so this proxy has none (unless the dump was saved with mask=)'
  return 'a dump saved with mask= or resource= leaves sections out: save the whole /config_dump?include_eds=true (e.g. proxy-config all <pod> -o json > dump.json)'
}

/**
 * The one answer to a missing section, for every command: istioctl's words (after
 * `lead`, its per-command prefix), then how to save a dump that has the section.
 */
export function requireSection(dump: ConfigDump, name: SectionName, lead = ''): void {
  if (!dump.has(name)) throw new UserError(`${dump.origin}: ${lead}${missingSection(name)}; ${howToSave(name)}`)
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
    requireSection(dump, 'clusters')
    return nonEmpty(dump, 'clusters', parseResources(dump, 'clusters', parseCluster))
  },
  /** The clusters `cluster` lists, reduced to what its short table shows (read as `cluster` reads them). */
  clusterHead: (dump: ConfigDump): ClusterHead[] => {
    requireSection(dump, 'clusters')
    return nonEmpty(dump, 'clusters', parseResources(dump, 'clusters', parseClusterHead))
  },
  /** Active dynamic listeners, then static ones (warming, draining and failed ones are skipped). */
  listener: (dump: ConfigDump): Listener[] => {
    requireSection(dump, 'listeners', 'listener dump: ')
    return nonEmpty(dump, 'listeners', parseResources(dump, 'listeners', parseListener, LISTENER_LISTS))
  },
  /** Dynamic (RDS) route configs, then static ones, which include routes inlined in listeners. */
  route: (dump: ConfigDump): RouteConfiguration[] => {
    requireSection(dump, 'routes')
    return nonEmpty(dump, 'routes', parseResources(dump, 'routes', parseRouteConfiguration))
  },
  /**
   * ClusterLoadAssignments (EDS). istioctl takes a dump without an EDS section as one
   * without endpoints; that section is only missing from dumps saved without include_eds.
   */
  eds: (dump: ConfigDump): ClusterLoadAssignment[] => {
    requireSection(dump, 'endpoints')
    return parseResources(dump, 'endpoints', (value, load, where) => (isV3Assignment(value) ? parseClusterLoadAssignment(value, load, where) : undefined))
  },
  secret: (dump: ConfigDump): Secrets => {
    requireSection(dump, 'secrets', "sidecar doesn't support secrets: ")
    const section = dump.section('secrets') as Raw
    return {section, entries: secretEntries(section), statics: staticSecretEntries(section)}
  },
  /** Filters of every ECDS section, in dump order (istioctl concatenates them), with the entries JSON output merges. */
  ecds: (dump: ConfigDump): {entries: Raw[]; filters: EcdsFilter[]} => {
    requireSection(dump, 'ecds')
    const entries = ecdsEntries(dump.sections('ecds'))
    return {entries, filters: entries.map(parseEcdsFilter)}
  },
  bootstrap: (dump: ConfigDump): Raw => {
    requireSection(dump, 'bootstrap')
    return dump.section('bootstrap') as Raw
  },
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

/**
 * A resource Envoy holds but does not serve: one still warming, or an update it
 * refused (the refused configuration when Envoy kept it, else just its name).
 */
export interface Unready<T> {
  resource: T
  /** Its whole entry in the dump: state, client status and error_state. */
  entry: Loader
}

const UNREADY_STATES: readonly ResourceState[] = ['warming', 'rejected']

function unready<T>(dump: ConfigDump, section: SectionKind, parse: (value: Raw, load: Loader, where: ResourceEntry) => T, lists: readonly string[] = []): Unready<T>[] {
  if (!dump.has(section)) return []
  const out: Unready<T>[] = []
  for (const e of dump.resourceEntries(section, lists, UNREADY_STATES)) out.push({resource: parse(e.value, e.load, e), entry: e.loadEntry})
  return out
}

const CLUSTER_ENTRY = 'envoy.admin.v3.ClustersConfigDump.DynamicCluster'

/** The resources each kind leaves out, and the admin message their dump entries are. */
const UNREADY = {
  cluster: {entryType: CLUSTER_ENTRY, load: (dump: ConfigDump) => unready(dump, 'clusters', parseCluster)},
  clusterHead: {entryType: CLUSTER_ENTRY, load: (dump: ConfigDump) => unready(dump, 'clusters', parseClusterHead)},
  listener: {entryType: 'envoy.admin.v3.ListenersConfigDump.DynamicListener', load: (dump: ConfigDump) => unready(dump, 'listeners', parseListener, LISTENER_LISTS)},
  route: {entryType: 'envoy.admin.v3.RoutesConfigDump.DynamicRouteConfig', load: (dump: ConfigDump) => unready(dump, 'routes', parseRouteConfiguration)},
  eds: {
    entryType: 'envoy.admin.v3.EndpointsConfigDump.DynamicEndpointConfig',
    load: (dump: ConfigDump) => unready(dump, 'endpoints', parseClusterLoadAssignment),
  },
} as const

export type UnreadyKind = keyof typeof UNREADY

/** Warming resources and refused updates of one kind, as models, in dump order; none when the section is missing. */
export function loadUnready<K extends UnreadyKind>(dump: ConfigDump, kind: K): {entryType: string; items: ReturnType<(typeof UNREADY)[K]['load']>} {
  return {entryType: UNREADY[kind].entryType, items: UNREADY[kind].load(dump) as ReturnType<(typeof UNREADY)[K]['load']>}
}
