import {type Raw, enumName, field, isRaw, list, obj, str, strList, wrapped} from '../model/raw.js'
import {type Cidr, describeCidr, inPrefix, isLoopback, parseCidrRange} from './cidr.js'
import type {Rejected, Step} from './types.js'

/** What the listener filters know about a connection when a filter chain is picked. */
export interface Connection {
  destIp?: string
  destPort: number
  /** SNI, when the client speaks TLS and sends one. */
  serverName?: string
  /** `raw_buffer`, or `tls` when tls_inspector sees a ClientHello. */
  transportProtocol: string
  /** ALPN from the ClientHello, or what http_inspector detected (`http/1.1`, `h2c`). */
  applicationProtocols: string[]
  sourceIp?: string
  sourcePort?: number
}

const SOURCE_TYPES = ['ANY', 'SAME_IP_OR_LOOPBACK', 'EXTERNAL'] as const

/**
 * A criterion of Envoy's filter-chain match, in Envoy's order. `score` ranks how
 * specifically a chain matches: higher wins, 0 means the chain does not constrain
 * this criterion, undefined means it excludes the connection.
 */
interface Criterion {
  field: string
  /** The connection's value, as the reasons print it. */
  value: (c: Connection) => string
  score: (m: Raw | undefined, c: Connection) => number | undefined
  /** The chain's requirement, as the reasons print it. */
  wants: (m: Raw | undefined) => string
}

function rangeScore(ranges: Cidr[], ip: string | undefined): number | undefined {
  if (ranges.length === 0) return 0
  let best: number | undefined
  for (const r of ranges) {
    // An unknown address can only be said to lie in a range that holds every address.
    const hit = ip === undefined ? r.len === 0 : inPrefix(ip, r.prefix, r.len)
    if (hit && (best === undefined || r.len > best)) best = r.len
  }
  return best
}

const ranges = (m: Raw | undefined, f: string) => list(m, f).map(parseCidrRange)

/** Exact server name first, then `*.suffix` wildcards, longer suffixes before shorter. */
function serverNameScore(names: string[], sni: string | undefined): number | undefined {
  if (names.length === 0) return 0
  if (sni === undefined) return undefined
  const host = sni.toLowerCase()
  let best: number | undefined
  for (const n of names.map((x) => x.toLowerCase())) {
    if (n === host) return Number.MAX_SAFE_INTEGER
    if (n.startsWith('*.') && host.endsWith(n.slice(1)) && host.length > n.length - 1) best = Math.max(best ?? 0, n.length)
  }
  return best
}

function sourceType(c: Connection): string {
  if (c.sourceIp === undefined) return 'EXTERNAL'
  return isLoopback(c.sourceIp) || c.sourceIp === c.destIp ? 'SAME_IP_OR_LOOPBACK' : 'EXTERNAL'
}

const CRITERIA: Criterion[] = [
  {
    field: 'destination_port',
    value: (c) => String(c.destPort),
    score: (m, c) => {
      const p = wrapped(m, 'destination_port')
      return p === undefined ? 0 : p === c.destPort ? 1 : undefined
    },
    wants: (m) => String(wrapped(m, 'destination_port') ?? 'any'),
  },
  {
    field: 'prefix_ranges',
    value: (c) => c.destIp ?? 'unknown destination IP',
    score: (m, c) => rangeScore(ranges(m, 'prefix_ranges'), c.destIp),
    wants: (m) => ranges(m, 'prefix_ranges').map(describeCidr).join(',') || 'any',
  },
  {
    field: 'server_names',
    value: (c) => c.serverName ?? 'no SNI',
    score: (m, c) => serverNameScore(strList(m, 'server_names'), c.serverName),
    wants: (m) => strList(m, 'server_names').join(',') || 'any',
  },
  {
    field: 'transport_protocol',
    value: (c) => c.transportProtocol,
    score: (m, c) => {
      const t = str(m, 'transport_protocol')
      return t === '' ? 0 : t === c.transportProtocol ? 1 : undefined
    },
    wants: (m) => str(m, 'transport_protocol') || 'any',
  },
  {
    field: 'application_protocols',
    value: (c) => c.applicationProtocols.join(',') || 'none detected',
    score: (m, c) => {
      const want = strList(m, 'application_protocols')
      return want.length === 0 ? 0 : want.some((p) => c.applicationProtocols.includes(p)) ? 1 : undefined
    },
    wants: (m) => strList(m, 'application_protocols').join(',') || 'any',
  },
  {
    field: 'direct_source_prefix_ranges',
    value: (c) => c.sourceIp ?? 'unknown source IP',
    score: (m, c) => rangeScore(ranges(m, 'direct_source_prefix_ranges'), c.sourceIp),
    wants: (m) => ranges(m, 'direct_source_prefix_ranges').map(describeCidr).join(',') || 'any',
  },
  {
    field: 'source_type',
    value: sourceType,
    score: (m, c) => {
      const t = enumName(m, 'source_type', SOURCE_TYPES)
      return t === 'ANY' ? 0 : t === sourceType(c) ? 1 : undefined
    },
    wants: (m) => enumName(m, 'source_type', SOURCE_TYPES),
  },
  {
    field: 'source_prefix_ranges',
    value: (c) => c.sourceIp ?? 'unknown source IP',
    score: (m, c) => rangeScore(ranges(m, 'source_prefix_ranges'), c.sourceIp),
    wants: (m) => ranges(m, 'source_prefix_ranges').map(describeCidr).join(',') || 'any',
  },
  {
    field: 'source_ports',
    value: (c) => (c.sourcePort === undefined ? 'unknown source port' : String(c.sourcePort)),
    score: (m, c) => {
      const ports = list(m, 'source_ports').map(Number)
      return ports.length === 0 ? 0 : c.sourcePort !== undefined && ports.includes(c.sourcePort) ? 1 : undefined
    },
    wants: (m) => list(m, 'source_ports').join(',') || 'any',
  },
]

export function chainLabel(chain: unknown, index: number): string {
  const name = str(chain, 'name')
  return name === '' ? `#${index}` : `${name} (#${index})`
}

export interface ChainChoice {
  step: Step
  chain?: Raw
}

/**
 * Step 3, Envoy's filter-chain match: criteria are applied in order; at each,
 * only the chains that match most specifically go on (a chain that does not
 * constrain the criterion counts only when no chain matches it specifically).
 * If none is left, the default_filter_chain takes the connection.
 */
export function selectFilterChain(listener: Raw, conn: Connection): ChainChoice {
  if (field(listener, 'filter_chain_matcher') !== undefined) {
    return {step: {chosen: null, reason: 'this listener picks chains with filter_chain_matcher (the matcher API), which explain does not evaluate', rejected: []}}
  }
  const chains = list(listener, 'filter_chains').filter(isRaw)
  let alive = chains.map((chain, index) => ({chain, index, match: obj(chain, 'filter_chain_match')}))
  const rejected: Rejected[] = []
  const decidedBy: string[] = []
  for (const criterion of CRITERIA) {
    if (alive.length === 0) break
    const scored = alive.map((a) => ({...a, score: criterion.score(a.match, conn)}))
    const best = Math.max(-1, ...scored.map((s) => s.score ?? -1))
    const next = scored.filter((s) => s.score !== undefined && s.score === best)
    if (next.length === alive.length) continue
    decidedBy.push(criterion.field)
    for (const s of scored) {
      if (next.includes(s)) continue
      const wants = criterion.wants(s.match)
      rejected.push({
        name: chainLabel(s.chain, s.index),
        reason:
          s.score === undefined
            ? `${criterion.field} wants ${wants}; the connection has ${criterion.value(conn)}`
            : `${criterion.field} ${wants} matches ${criterion.value(conn)} less specifically than another chain`,
      })
    }
    alive = next
  }
  const conditions = describeConnection(conn)
  if (alive.length > 0) {
    const [winner] = alive
    const m = winner.match
    const constrained = CRITERIA.filter((c) => c.score(m, conn) !== 0).map((c) => `${c.field} ${c.wants(m)}`)
    const why = constrained.length > 0 ? `it matches ${constrained.join(', ')}` : 'it has no match conditions'
    const decided = decidedBy.length > 0 ? `; decided by ${decidedBy.join(', ')}` : ''
    return {
      step: {chosen: chainLabel(winner.chain, winner.index), reason: `${why}${decided} (connection: ${conditions})`, rejected, details: {match: m ?? {}}},
      chain: winner.chain,
    }
  }
  const fallback = obj(listener, 'default_filter_chain')
  if (fallback) {
    return {
      step: {
        chosen: `${str(fallback, 'name') || 'default_filter_chain'} (default)`,
        reason: `no filter chain matches (connection: ${conditions}), so the default_filter_chain takes it`,
        rejected,
      },
      chain: fallback,
    }
  }
  return {step: {chosen: null, reason: `no filter chain matches (connection: ${conditions}) and there is no default_filter_chain: Envoy closes the connection`, rejected}}
}

export function describeConnection(c: Connection): string {
  const parts = [`${c.destIp ?? '?'}:${c.destPort}`, c.transportProtocol]
  if (c.serverName !== undefined) parts.push(`SNI ${c.serverName}`)
  if (c.applicationProtocols.length > 0) parts.push(`ALPN/protocol ${c.applicationProtocols.join(',')}`)
  return parts.join(', ')
}
