import {istioConfigSource} from '../model/istio.js'
import type {StringMatch} from '../model/matcher.js'
import {type HeaderMatch, type QueryParameterMatch, type Route, type RouteConfiguration, type RouteMatch, describeMatch} from '../model/route.js'
import {statusLabel} from './status.js'
import type {SummaryOptions, Table} from './table.js'

export interface RouteTableOptions extends SummaryOptions {
  verbose?: boolean
}

export function routeTable(configs: readonly RouteConfiguration[], opts: RouteTableOptions = {}): Table {
  const prefix = opts.withTypeNames ? 'route/' : ''
  if (!(opts.verbose ?? true) && !opts.wide) {
    return {header: ['NAME', 'VIRTUAL HOSTS'], rows: configs.map((c) => [prefix + c.name, String(c.virtualHosts.length)]), padding: 5}
  }
  const header = ['NAME', 'VHOST NAME', 'DOMAINS', 'MATCH', 'VIRTUAL SERVICE']
  if (opts.wide) header.push('DESTINATION', 'TIMEOUT', 'RETRIES', 'STATUS')
  const rows: string[][] = []
  for (const c of configs) {
    // A refused config Envoy kept nothing of still gets its row in -o wide.
    if (opts.wide && c.virtualHosts.length === 0 && c.status.state !== 'active') rows.push([prefix + c.name, '-', '-', '-', '-', '-', '-', '-', statusLabel(c.status)])
    for (const vh of c.virtualHosts) {
      // -o wide never abbreviates: every domain Envoy matches on.
      const domains = opts.wide ? vh.domains.join(', ') : describeDomains(vh.domains)
      if (vh.routes.length === 0) {
        // Envoy answers 404 for a virtual host without routes.
        rows.push([prefix + c.name, vh.name, domains, '/*', '404', ...(opts.wide ? ['-', '-', '-', statusLabel(c.status)] : [])])
        continue
      }
      for (const r of vh.routes) {
        // Istio's catch-all passthrough route says nothing about configured services; -o wide shows it all the same.
        if (!opts.wide && r.action.kind === 'cluster' && r.action.cluster === 'PassthroughCluster') continue
        const match = opts.wide ? withConditions(r.match) : describeMatch(r.match)
        const row = [prefix + c.name, vh.name, domains, match, istioConfigSource(r.metadata)]
        if (opts.wide) row.push(...routeDetails(r), statusLabel(c.status))
        rows.push(row)
      }
    }
  }
  return {header, rows, padding: 5, statusColumns: opts.wide ? [header.length - 1] : undefined}
}

function routeDetails(r: Route): string[] {
  const a = r.action
  switch (a.kind) {
    case 'cluster':
    case 'weighted':
    case 'cluster_header': {
      const destination = a.kind === 'cluster' ? a.cluster : a.kind === 'weighted' ? a.clusters.map((c) => `${c.name}:${c.weight}`).join(',') : `header ${a.header}`
      return [destination, a.timeout || '-', a.retries === undefined ? '-' : String(a.retries)]
    }
    case 'redirect':
      return ['redirect', '-', '-']
    case 'direct_response':
      return [`direct response ${a.status}`, '-', '-']
    default:
      return ['-', '-', '-']
  }
}

/**
 * Istio lists every spelling of a host (short name, with port, FQDN, IPs); istioctl
 * keeps the shortest forms, drops `host:port` entries (but keeps bracketed IPv6), and
 * abbreviates long lists.
 */
export function describeDomains(domains: readonly string[]): string {
  if (domains.length === 0) return ''
  if (domains.length === 1) return domains[0]
  const kept = domains.filter((d) => !d.includes(':') || (d.split(':').length > 3 && d.endsWith(']')))
  const unique = kept.filter((d) => !isLongFormOf(d, kept))
  if (unique.length > 2) return `${unique.slice(0, 2).join(', ')} + ${unique.length - 2} more...`
  return unique.join(', ')
}

function isLongFormOf(host: string, all: readonly string[]): boolean {
  for (const suffix of ['.svc.cluster.local', '.svc']) {
    if (host.endsWith(suffix)) {
      const short = host.slice(0, -suffix.length)
      if (short !== host && all.includes(short)) return true
    }
  }
  return false
}

/** istioctl's path match, then (in -o wide) the header and query parameter tests a request must also pass. */
export function withConditions(m: RouteMatch): string {
  const tests = [...m.headers.map(describeHeaderMatch), ...m.queryParameters.map(describeQueryMatch)]
  const path = describeMatch(m)
  return tests.length === 0 ? path : `${path} (${tests.join('; ')})`
}

function describeHeaderMatch(h: HeaderMatch): string {
  const t = h.test
  const test = t.kind === 'present' ? `${h.name} ${t.present ? 'present' : 'absent'}` : t.kind === 'range' ? `${h.name} in [${t.start},${t.end})` : stringTest(h.name, t)
  return `header ${h.invert ? 'not ' : ''}${test}`
}

function describeQueryMatch(q: QueryParameterMatch): string {
  const t = q.test
  return `query ${t.kind === 'present' ? `${q.name} ${t.present ? 'present' : 'absent'}` : stringTest(q.name, t)}`
}

/** `name=value`, with `*` where a prefix, suffix or substring match leaves the rest open. */
function stringTest(name: string, m: StringMatch): string {
  const text = {
    exact: `=${m.value}`,
    prefix: `=${m.value}*`,
    suffix: `=*${m.value}`,
    contains: `=*${m.value}*`,
    regex: ` ~ ${m.value}`,
    custom: ` by ${m.value}`,
  }[m.kind]
  return `${name}${text}${m.ignoreCase ? ' (any case)' : ''}`
}
