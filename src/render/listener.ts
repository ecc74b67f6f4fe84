import {sortSlice} from '../core/gosort.js'
import {listenerType} from '../filter/listener.js'
import {cmp} from '../core/gosort.js'
import type {ChainMatcher, FilterChain, FilterChainMatch, Listener} from '../model/listener.js'
import {type RouteConfiguration, describeMatch} from '../model/route.js'
import {statusLabel} from './status.js'
import type {SummaryOptions, Table} from './table.js'

export interface ListenerTableOptions extends SummaryOptions {
  /** One row per filter chain with MATCH and DESTINATION (istioctl's default). */
  verbose?: boolean
}

export function listenerTable(listeners: readonly Listener[], opts: ListenerTableOptions = {}): Table {
  if (opts.wide) return wideListenerTable(listeners, opts)
  const verbose = opts.verbose ?? true
  const header = verbose ? ['ADDRESSES', 'PORT', 'MATCH', 'DESTINATION'] : ['ADDRESSES', 'PORT', 'TYPE']
  const rows: string[][] = []
  for (const l of listeners) {
    const lead = [addresses(l), String(l.port)]
    if (opts.withTypeNames) lead.unshift(`listener/${l.name}`)
    if (!verbose) {
      rows.push([...lead, listenerType(l)])
      continue
    }
    const chains = l.filterChains.map((c) => ({match: describeChainMatch(c.match), destination: describeDestination(c)}))
    // Within a listener istioctl lists chains by destination, descending, with Go's unstable sort.
    sortSlice(chains, (a, b) => cmp(a.destination, b.destination) > 0)
    for (const c of chains) rows.push([...lead, c.match, c.destination])
  }
  return {header: opts.withTypeNames ? ['NAME', ...header] : header, rows, padding: 1}
}

/** One row per listener with what istioctl leaves out: its name, chain count and how it is bound. */
function wideListenerTable(listeners: readonly Listener[], opts: ListenerTableOptions): Table {
  const header = ['NAME', 'ADDRESSES', 'PORT', 'TYPE', 'CHAINS', 'BIND', 'STATUS']
  const rows = listeners.map((l) => [
    (opts.withTypeNames ? 'listener/' : '') + l.name,
    addresses(l),
    String(l.port),
    listenerType(l),
    String(l.filterChains.length),
    !l.bindToPort ? 'not bound' : l.useOriginalDst ? `${l.address}:${l.port} (original dst)` : `${l.address}:${l.port}`,
    statusLabel(l.status),
  ])
  return {header, rows, padding: 1, statusColumns: [header.length - 1]}
}

/**
 * istioctl's hidden `listener --waypoint`: one row per filter chain and per way a
 * connection reaches it, for proxies whose listeners chain into internal listeners.
 */
export function waypointTable(listeners: readonly Listener[]): Table {
  const rows: string[][] = []
  for (const l of listeners) {
    let name = `envoy://${l.name}`
    // An internal listener with one chain named after it would repeat the name.
    if (l.internal && l.filterChains.length === 1 && l.filterChains[0].name === name) name = 'internal'
    for (const chain of l.filterChains) {
      const destination = describeDestination(chain)
      const matches = l.chainMatcher ? matcherPaths(l.chainMatcher, chain.name, true) : [describeChainMatch(chain.match)]
      for (const match of matches.length > 0 ? matches : ['NONE']) rows.push([name, chain.name, match, destination])
    }
  }
  return {header: ['LISTENER', 'CHAIN', 'MATCH', 'DESTINATION'], rows, padding: 1}
}

/**
 * Every way through `m` that ends at `chain`, as `port=8080 -> ip=10.0.0.1`; falling
 * through to it is UNMATCHED at the top and ANY further down.
 */
function matcherPaths(m: ChainMatcher, chain: string, top: boolean): string[] {
  const paths: string[] = []
  for (const b of m.branches) {
    const step = `${b.input}${b.kind === 'prefix' ? '^' : '='}${b.key}`
    if ('chain' in b.target) {
      if (b.target.chain === chain) paths.push(step)
    } else {
      for (const rest of matcherPaths(b.target.matcher, chain, false)) paths.push(`${step} -> ${rest}`)
    }
  }
  const fallback = m.onNoMatch
  if (fallback && 'chain' in fallback && fallback.chain === chain) paths.push(top ? 'UNMATCHED' : 'ANY')
  if (fallback && 'matcher' in fallback) paths.push(...matcherPaths(fallback.matcher, chain, false))
  return paths
}

function addresses(l: Listener): string {
  return [l.address, ...l.additionalAddresses].join(',')
}

const ALPN_LABELS: readonly (readonly [string, string])[] = [
  ['http/1.0,http/1.1,h2c,istio-http/1.0,istio-http/1.1,istio-h2', 'App: HTTP TLS'],
  ['istio,istio-http/1.0,istio-http/1.1,istio-h2', 'App: Istio HTTP Plain'],
  ['istio-peer-exchange,istio', 'App: TCP TLS'],
  ['http/1.0,http/1.1,h2c', 'App: HTTP'],
]

export function describeChainMatch(m: FilterChainMatch | undefined): string {
  if (!m) return 'ALL'
  const parts: string[] = []
  if (m.serverNames.length > 0) parts.push(`SNI: ${m.serverNames.join(',')}`)
  if (m.transportProtocol !== '') parts.push(`Trans: ${m.transportProtocol}`)
  if (m.applicationProtocols.length > 0) {
    const alpn = m.applicationProtocols.join(',')
    parts.push(ALPN_LABELS.find(([list]) => list === alpn)?.[1] ?? `App: ${alpn}`)
  }
  if (m.prefixRanges.length > 0) {
    let addr = `Addr: ${m.prefixRanges.map((r) => `${r.addressPrefix}/${r.prefixLen}`).join(',')}`
    // istioctl tests whether the port is set, so port 0 still prints.
    if (m.destinationPort !== undefined) addr += `:${m.destinationPort}`
    parts.push(addr)
  } else if (m.destinationPort !== undefined) {
    parts.push(`Addr: *:${m.destinationPort}`)
  }
  return parts.length > 0 ? parts.join('; ') : 'ALL'
}

/** Where a chain sends traffic: the first HTTP connection manager or non-BlackHole TCP proxy decides. */
export function describeDestination(chain: FilterChain): string {
  for (const f of chain.filters) {
    if (f.kind === 'hcm') {
      if (f.routeConfig) return describeInlineRoute(f.routeConfig)
      return f.rds !== '' ? `Route: ${f.rds}` : 'HTTP'
    }
    if (f.kind === 'tcp' && !f.toBlackHole) {
      if (f.weighted) return 'Cluster: '
      return describeCluster(f.cluster)
    }
  }
  return 'Non-HTTP/Non-TCP'
}

/** Istio's special clusters (PassthroughCluster …) are shown bare. */
function describeCluster(name: string): string {
  return name.includes('Cluster') ? name : `Cluster: ${name}`
}

function describeInlineRoute(rc: RouteConfiguration): string {
  const [only] = rc.virtualHosts
  if (rc.virtualHosts.length === 1 && isCatchAll(only.domains) && only.routes.length === 1) {
    const [route] = only.routes
    if (route.match.prefix === '/' && route.action.kind === 'cluster') return describeCluster(route.action.cluster)
  }
  const vhosts = rc.virtualHosts.map((vh) => {
    const routes = vh.routes.map((r) => describeMatch(r.match)).join(', ')
    return isCatchAll(vh.domains) || vh.domains.length === 0 ? routes : `${vh.domains.join('/')} ${routes}`
  })
  return `Inline Route: ${vhosts.join('; ')}`
}

function isCatchAll(domains: readonly string[]): boolean {
  return domains.length === 1 && domains[0] === '*'
}
