import type {Cluster, ClusterHead} from '../model/cluster.js'
import {isSubsetKey, parseSubsetKey} from '../model/istio.js'
import {statusLabel} from './status.js'
import type {SummaryOptions, Table} from './table.js'

/** For -o wide: endpoints known per EDS cluster (by service name), if the dump has EDS. */
export type EndpointCounts = ReadonlyMap<string, number> | undefined

const HEADER = ['SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE', 'DESTINATION RULE']
const WIDE_HEADER = ['ENDPOINTS', 'CIRCUIT BREAKERS', 'TLS', 'STATUS']

export function clusterTable(clusters: readonly Cluster[], opts: SummaryOptions = {}, endpoints?: EndpointCounts): Table {
  if (!opts.wide) return clusterHeadTable(clusters, opts)
  const rows = clusters.map((c) => [...clusterRow(c, opts), endpointCount(c, endpoints), circuitBreakers(c), c.tlsMode || '-', statusLabel(c.status)])
  const header = withNames([...HEADER, ...WIDE_HEADER], opts)
  return {header, rows, padding: 5, statusColumns: [header.length - 1]}
}

/** The short table (not -o wide), which needs only what a ClusterHead holds. */
export function clusterHeadTable(clusters: readonly ClusterHead[], opts: SummaryOptions = {}): Table {
  return {header: withNames(HEADER, opts), rows: clusters.map((c) => clusterRow(c, opts)), padding: 5}
}

function withNames(header: string[], opts: SummaryOptions): string[] {
  return opts.withTypeNames ? ['NAME', ...header] : [...header]
}

function clusterRow(c: ClusterHead, opts: SummaryOptions): string[] {
  const dr = c.destinationRule
  if (isSubsetKey(c.name)) {
    const key = parseSubsetKey(c.name)
    const row = [key.hostname, String(key.port), key.subset || '-', key.direction, c.type, dr]
    return opts.withTypeNames ? [`cluster/${c.name}`, ...row] : row
  }
  // In `all`, istioctl repeats the prefixed name in the FQDN column for plain clusters, and
  // writes no NAME cell at all for a nameless one (a row one cell short; -o wide keeps its columns).
  if (!opts.withTypeNames || (c.name === '' && !opts.wide)) return [c.name, '-', '-', '-', c.type, dr]
  const named = `cluster/${c.name}`
  return [named, named, '-', '-', '-', c.type, dr]
}

function endpointCount(c: Cluster, endpoints: EndpointCounts): string {
  if (!endpoints) return '-'
  const n = endpoints.get(c.edsServiceName || c.name)
  return n === undefined ? '-' : String(n)
}

/** Default-priority limits as connections/pending/requests/retries; `-` where Envoy's default applies. */
function circuitBreakers(c: Cluster): string {
  const t = c.circuitBreakers.find((b) => b.priority === 'DEFAULT')
  if (!t) return '-'
  const v = (n: number | undefined): string => (n === undefined ? '-' : String(n))
  return `${v(t.maxConnections)}/${v(t.maxPendingRequests)}/${v(t.maxRequests)}/${v(t.maxRetries)}`
}
