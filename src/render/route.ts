import {istioConfigSource} from '../model/istio.js'
import {type Route, type RouteConfiguration, describeMatch} from '../model/route.js'
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
  if (opts.wide) header.push('DESTINATION', 'TIMEOUT', 'RETRIES')
  const rows: string[][] = []
  for (const c of configs) {
    for (const vh of c.virtualHosts) {
      const domains = describeDomains(vh.domains)
      if (vh.routes.length === 0) {
        // Envoy answers 404 for a virtual host without routes.
        rows.push([prefix + c.name, vh.name, domains, '/*', '404', ...(opts.wide ? ['-', '-', '-'] : [])])
        continue
      }
      for (const r of vh.routes) {
        // Istio's catch-all passthrough route says nothing about configured services.
        if (r.action.kind === 'cluster' && r.action.cluster === 'PassthroughCluster') continue
        const row = [prefix + c.name, vh.name, domains, describeMatch(r.match), istioConfigSource(r.metadata)]
        if (opts.wide) row.push(...routeDetails(r))
        rows.push(row)
      }
    }
  }
  return {header, rows, padding: 5}
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
