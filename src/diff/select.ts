import {ExitCode, UserError} from '../core/errors.js'
import {matchesCluster} from '../filter/cluster.js'
import {isObject} from './lists.js'
import {RESOURCE_TYPES, type Resource, type ResourceType} from './resources.js'

/** What the user narrowed the comparison to. */
export interface Selection {
  types: readonly ResourceType[]
  /** Substring of cluster names (clusters, endpoints) or of virtual host domains (route configs). */
  fqdn?: string
  /** Service port: in cluster names, listener addresses, route config names. 0 means any. */
  port?: number
  /** Exact resource name, any type. */
  name?: string
}

const ALIASES: Record<string, ResourceType> = {clusters: 'cluster', listeners: 'listener', routes: 'route', endpoints: 'endpoint', eds: 'endpoint', secrets: 'secret'}

/** `--type cluster,listener`: the types named, in the order the output lists them. */
export function parseTypes(text: string): ResourceType[] {
  const wanted = new Set<ResourceType>()
  for (const word of text.split(',').map((w) => w.trim().toLowerCase())) {
    const type = (RESOURCE_TYPES as readonly string[]).includes(word) ? (word as ResourceType) : ALIASES[word]
    if (type === undefined) throw new UserError(`unknown --type "${word}" (use a comma-separated list of ${RESOURCE_TYPES.join(', ')})`, ExitCode.usage)
    wanted.add(type)
  }
  return RESOURCE_TYPES.filter((t) => wanted.has(t))
}

/**
 * The types to compare: those named by --type, else all but endpoints, which come
 * with --include-eds. Types asked for by name must be in both dumps.
 */
export function chooseTypes(typeFlag: string | undefined, includeEds: boolean): {types: ResourceType[]; required: Set<ResourceType>} {
  const named = typeFlag === undefined ? [] : parseTypes(typeFlag)
  const required = new Set<ResourceType>(includeEds ? [...named, 'endpoint'] : named)
  const wanted = typeFlag === undefined ? RESOURCE_TYPES.filter((t) => t !== 'endpoint' || includeEds) : [...required]
  return {types: RESOURCE_TYPES.filter((t) => wanted.includes(t)), required}
}

/** Types a filter can say something about; the others are left out while it is given. */
const FQDN_TYPES: ReadonlySet<ResourceType> = new Set(['cluster', 'endpoint', 'route'])
const PORT_TYPES: ReadonlySet<ResourceType> = new Set(['cluster', 'endpoint', 'listener', 'route'])

export function selectedTypes(s: Selection): ResourceType[] {
  return s.types.filter((t) => (!s.fqdn || FQDN_TYPES.has(t)) && (!s.port || PORT_TYPES.has(t)))
}

export function selects(type: ResourceType, r: Resource, s: Selection): boolean {
  if (s.name !== undefined && r.name !== s.name) return false
  if (type === 'cluster' || type === 'endpoint') return matchesCluster(r.name, {fqdn: s.fqdn, port: s.port})
  if (type === 'listener') return !s.port || listenerPort(r.value) === s.port
  if (type === 'route') return (!s.port || routePort(r.name, s.port)) && (!s.fqdn || domains(r.value).some((d) => d.includes(s.fqdn!)))
  return true
}

function listenerPort(value: unknown): number | undefined {
  const port = member(member(member(value, 'address'), 'socketAddress'), 'portValue')
  return typeof port === 'number' ? port : undefined
}

/** Istio names route configs after their port: `9080`, `inbound|9080||`, `http.8080`, `https.443.https.gw.ns`. */
function routePort(name: string, port: number): boolean {
  return name.split(/[|.]/).includes(String(port))
}

function domains(value: unknown): string[] {
  const hosts = member(value, 'virtualHosts')
  if (!Array.isArray(hosts)) return []
  return hosts.flatMap((vh) => {
    const d = member(vh, 'domains')
    return Array.isArray(d) ? d.filter((x): x is string => typeof x === 'string') : []
  })
}

function member(value: unknown, name: string): unknown {
  return isObject(value) ? value[name] : undefined
}
