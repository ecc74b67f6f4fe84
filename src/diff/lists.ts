import {cmp} from '../core/gosort.js'

/**
 * How a list of Envoy config is compared, by the proto JSON name of the field that
 * holds it. Envoy gives meaning to the order of some lists (routes are matched
 * first to last, HTTP and network filters run in order) and none to others
 * (virtual hosts are picked by domain, filter chains by their match, endpoints by
 * the load balancer). An unlisted field is an ordered list compared item by item,
 * which may over-report but never hides a change.
 */
export type ListRule =
  /** Items matched by the first key that names every item uniquely on both sides; `ordered` also reports moves. */
  | {kind: 'keyed'; ordered: boolean; keys: readonly KeyOf[]}
  /** Scalars or small values whose order carries no meaning: compared as multisets. */
  | {kind: 'set'}

/** An item's identity within its list, or undefined when this key does not apply to it. */
export type KeyOf = (item: unknown) => string | undefined

const byName: KeyOf = (item) => nonEmpty(prop(item, 'name'))

/** A filter chain match (or route match, locality…) as one stable line: members sorted, lists sorted. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(describeValue).sort(cmp).join(',')
  if (isObject(value)) {
    return Object.keys(value)
      .sort(cmp)
      .map((k) => {
        const v = value[k]
        return isObject(v) ? `${k}={${describeValue(v)}}` : `${k}=${describeValue(v)}`
      })
      .join(' ')
  }
  return String(value)
}

const byMember =
  (member: string): KeyOf =>
  (item) =>
    isObject(item) ? describeValue(item[member] ?? {}) || '*' : undefined

const byNameAndMember =
  (member: string): KeyOf =>
  (item) => {
    const name = byName(item)
    return name === undefined ? undefined : `${name} ${byMember(member)(item)}`
  }

/** `address:port`, a pipe path or an internal address: how Envoy tells endpoints apart. */
const byAddress: KeyOf = (item) => {
  const address = prop(prop(item, 'endpoint'), 'address')
  const socket = prop(address, 'socketAddress')
  if (socket !== undefined) return `${String(prop(socket, 'address') ?? '')}:${String(prop(socket, 'portValue') ?? prop(socket, 'namedPort') ?? '')}`
  const pipe = prop(prop(address, 'pipe'), 'path')
  if (pipe !== undefined) return String(pipe)
  return isObject(address) ? describeValue(address) : undefined
}

/** Locality groups of a ClusterLoadAssignment; proto JSON omits priority 0 and an empty locality. */
const byLocality: KeyOf = (item) => {
  if (!isObject(item)) return undefined
  const locality = describeValue(item.locality ?? {}) || '(no locality)'
  return item.priority === undefined ? locality : `${locality} priority=${String(item.priority)}`
}

const byPriority: KeyOf = (item) => (isObject(item) ? String(item.priority ?? 'DEFAULT') : undefined)

const bySerial: KeyOf = (item) => nonEmpty(prop(item, 'serialNumber'))

const keyed = (ordered: boolean, ...keys: KeyOf[]): ListRule => ({kind: 'keyed', ordered, keys})
const SET: ListRule = {kind: 'set'}

const RULES = new Map<string, ListRule>([
  // Listener: a connection gets the chain whose match is most specific, wherever it sits in the list.
  ['filterChains', keyed(false, byName, byNameAndMember('filterChainMatch'), byMember('filterChainMatch'))],
  ['listenerFilters', keyed(true, byName)],
  ['filters', keyed(true, byName)],
  ['httpFilters', keyed(true, byName)],
  ['accessLog', keyed(true, byName)],
  ['transportSocketMatches', keyed(true, byName)],
  ['serverNames', SET],
  ['applicationProtocols', SET],
  ['prefixRanges', SET],
  ['sourcePrefixRanges', SET],
  ['directSourcePrefixRanges', SET],
  ['sourcePorts', SET],
  ['additionalAddresses', SET],
  // Routes: virtual hosts are chosen by domain; routes inside one are tried in order.
  ['virtualHosts', keyed(false, byName)],
  ['domains', SET],
  ['routes', keyed(true, byName, byMember('match'))],
  ['virtualClusters', keyed(false, byName)],
  ['headers', keyed(false, byName)],
  ['queryParameters', keyed(false, byName)],
  // weighted_clusters.clusters; a list of plain names (aggregate clusters, in priority order) has no keys and stays ordered.
  ['clusters', keyed(false, byName)],
  ['requestHeadersToRemove', SET],
  ['responseHeadersToRemove', SET],
  ['matchSubjectAltNames', SET],
  ['matchTypedSubjectAltNames', SET],
  // Clusters and endpoints.
  ['thresholds', keyed(false, byPriority)],
  ['endpoints', keyed(false, byLocality)],
  ['lbEndpoints', keyed(false, byAddress)],
  // Secrets, as src/diff/secret.ts describes them.
  ['trustedCa', keyed(false, bySerial)],
  ['trustDomains', keyed(false, byName)],
  ['subjectAltNames', SET],
])

const ORDERED: ListRule = {kind: 'keyed', ordered: true, keys: []}

export function listRule(field: string | undefined): ListRule {
  return (field !== undefined && RULES.get(field)) || ORDERED
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function prop(value: unknown, name: string): unknown {
  return isObject(value) ? value[name] : undefined
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}
