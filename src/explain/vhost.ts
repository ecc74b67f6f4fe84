import {type Raw, bool, isRaw, list, str, strList} from '../model/raw.js'
import type {Rejected, Step} from './types.js'

/** The four kinds of virtual-host domain, in Envoy's search order. */
type DomainKind = 'exact' | 'suffix' | 'prefix' | 'any'
const ORDER: DomainKind[] = ['exact', 'suffix', 'prefix', 'any']
const KIND_TEXT: Record<DomainKind, string> = {exact: 'exact domain', suffix: 'suffix wildcard', prefix: 'prefix wildcard', any: 'the catch-all'}

function describeHit(hit: DomainHit): string {
  return `${KIND_TEXT[hit.kind]} "${hit.domain}"`
}

interface DomainHit {
  kind: DomainKind
  domain: string
  /** Length of the fixed part: among wildcards of one kind, the longest wins. */
  length: number
}

/**
 * How `domain` matches `host`, if it does. Wildcards must stand for at least one
 * character: `*-bar.foo.com` matches `baz-bar.foo.com`, not `-bar.foo.com`.
 */
export function matchDomain(domain: string, host: string): DomainHit | undefined {
  const d = domain.toLowerCase()
  if (d === '*') return {kind: 'any', domain, length: 0}
  if (d.startsWith('*')) {
    const suffix = d.slice(1)
    return host.length > suffix.length && host.endsWith(suffix) ? {kind: 'suffix', domain, length: suffix.length} : undefined
  }
  if (d.endsWith('*')) {
    const prefix = d.slice(0, -1)
    return host.length > prefix.length && host.startsWith(prefix) ? {kind: 'prefix', domain, length: prefix.length} : undefined
  }
  return d === host ? {kind: 'exact', domain, length: d.length} : undefined
}

/** Whether hit `a` wins over hit `b` in Envoy's search order. */
function better(a: DomainHit, b: DomainHit): boolean {
  const ka = ORDER.indexOf(a.kind)
  const kb = ORDER.indexOf(b.kind)
  return ka !== kb ? ka < kb : a.length > b.length
}

function bestHit(vhost: Raw, host: string): DomainHit | undefined {
  let best: DomainHit | undefined
  for (const d of strList(vhost, 'domains')) {
    const hit = matchDomain(d, host)
    if (hit && (!best || better(hit, best))) best = hit
  }
  return best
}

/** `host:port` → `host`, leaving IPv6 literals (`[::1]`) whole. */
export function stripPort(authority: string): {host: string; port?: number} {
  const m = /^(.*):(\d+)$/.exec(authority)
  if (!m || (m[1].includes(':') && !m[1].startsWith('['))) return {host: authority}
  return {host: m[1], port: Number(m[2])}
}

export interface HostOptions {
  /** HCM strip_any_host_port. */
  stripAnyPort?: boolean
  /** HCM strip_matching_host_port: the port is removed when it is the listener's. */
  stripMatchingPort?: number
}

/**
 * `:authority` after the HTTP connection manager's port stripping, which rewrites the
 * header itself (what a redirect is built from), unlike ignore_port_in_host_matching.
 */
export function strippedAuthority(authority: string, opts: HostOptions): string {
  const {host, port} = stripPort(authority)
  return port !== undefined && (opts.stripAnyPort || opts.stripMatchingPort === port) ? host : authority
}

/** The host Envoy matches domains against, and what happened to the port on the way. */
export function hostForMatching(authority: string, routeConfig: Raw, opts: HostOptions): {host: string; note?: string} {
  const lower = authority.toLowerCase()
  const {host, port} = stripPort(lower)
  if (port === undefined) return {host: lower}
  if (opts.stripAnyPort) return {host, note: 'the HTTP connection manager strips the port (strip_any_host_port)'}
  if (opts.stripMatchingPort === port) return {host, note: `the HTTP connection manager strips the port, as it is the listener's (strip_matching_host_port)`}
  if (bool(routeConfig, 'ignore_port_in_host_matching')) return {host, note: 'the route configuration ignores the port (ignore_port_in_host_matching)'}
  return {host: lower}
}

export interface VirtualHostChoice {
  step: Step
  vhost?: Raw
}

function sample(domains: string[]): string {
  const shown = domains.slice(0, 4).join(', ')
  return domains.length > 4 ? `${shown}, … ${domains.length - 4} more` : shown
}

/**
 * Step 5a, Envoy's domain search: exact names, then suffix wildcards, then prefix
 * wildcards (longest first within each), then `*`. With no match Envoy answers 404.
 */
export function selectVirtualHost(routeConfig: Raw, authority: string, opts: HostOptions = {}): VirtualHostChoice {
  const {host, note} = hostForMatching(authority, routeConfig, opts)
  const vhosts = list(routeConfig, 'virtual_hosts').filter(isRaw)
  let winner: {vhost: Raw; hit: DomainHit} | undefined
  const hits = vhosts.map((vhost) => ({vhost, hit: bestHit(vhost, host)}))
  for (const h of hits) if (h.hit && (!winner || better(h.hit, winner.hit))) winner = {vhost: h.vhost, hit: h.hit}
  const rejected: Rejected[] = hits
    .filter((h) => h.vhost !== winner?.vhost)
    .map(({vhost, hit}) => ({
      name: str(vhost, 'name'),
      reason: hit
        ? `matches by ${describeHit(hit)}, but ${winner ? describeHit(winner.hit) : 'another'} comes first`
        : `no domain matches "${host}" (domains: ${sample(strList(vhost, 'domains'))})`,
    }))
  const prefix = note ? `${note}; ` : ''
  if (!winner) {
    return {step: {chosen: null, reason: `${prefix}no virtual host matches :authority "${host}": Envoy answers 404 (NR, no route)`, rejected}}
  }
  const portNote = stripPort(host).port === undefined ? '' : ' (with its port)'
  return {
    step: {chosen: str(winner.vhost, 'name'), reason: `${prefix}:authority "${host}"${portNote} matches ${describeHit(winner.hit)}`, rejected},
    vhost: winner.vhost,
  }
}
