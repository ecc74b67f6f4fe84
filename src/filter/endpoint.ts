import {sortSlice} from '../core/gosort.js'
import {type ClusterStatus, type HostStatus, parseLbEndpoint} from '../model/endpoint.js'
import {cmp} from '../core/gosort.js'
import {type Raw, isRaw, list, str} from '../model/raw.js'

export interface EndpointFilter {
  address?: string
  /** 0 means "any port". */
  port?: number
  cluster?: string
  status?: string
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

export function matchesHost(h: HostStatus, f: EndpointFilter): boolean {
  if (f.address && !same(h.address, f.address)) return false
  if (f.port && h.port !== f.port) return false
  if (f.cluster && !same(h.clusterName, f.cluster)) return false
  if (f.status && !same(h.healthStatus, f.status)) return false
  return true
}

/** Matching hosts of `/clusters?format=json`, by address, port, then cluster. */
export function matchingHosts(statuses: readonly ClusterStatus[], f: EndpointFilter): HostStatus[] {
  const hosts = statuses.flatMap((s) => s.hosts.filter((h) => matchesHost(h, f)))
  return sortSlice(hosts, (a, b) => (cmp(a.address, b.address) || a.port - b.port || cmp(a.clusterName, b.clusterName)) < 0)
}

/** For `-o json`: whole cluster statuses that have at least one matching host, in response order. */
export function clustersWithMatchingHosts(statuses: readonly ClusterStatus[], f: EndpointFilter): ClusterStatus[] {
  return statuses.filter((s) => s.hosts.some((h) => matchesHost(h, f)))
}

/**
 * Removes non-matching lb_endpoints from a raw ClusterLoadAssignment, keeping locality
 * groups (as istioctl does, even when emptied). Returns undefined when nothing is left.
 */
export function filterLoadAssignment(cla: Raw, f: EndpointFilter): Raw | undefined {
  const hasFilter = Boolean(f.address || f.port || f.cluster || f.status)
  // Only the name is read, not a whole model: -o json calls this for every assignment again while printing.
  if (f.cluster && !same(str(cla, 'cluster_name'), f.cluster)) return undefined
  let kept = 0
  const groups = list(cla, 'endpoints').map((group) => {
    if (!isRaw(group)) return group
    const lbs = list(group, 'lb_endpoints').filter((lb) => {
      const ok = !hasFilter || matchesLbEndpoint(lb, f)
      if (ok) kept++
      return ok
    })
    const copy: Raw = {...group}
    delete copy.lb_endpoints
    delete copy.lbEndpoints
    if (lbs.length > 0) copy.lb_endpoints = lbs
    return copy
  })
  if (kept === 0) return undefined
  return {...cla, endpoints: groups}
}

function matchesLbEndpoint(lb: unknown, f: EndpointFilter): boolean {
  const e = parseLbEndpoint(lb)
  // istioctl compares with `ip:port` strings, so a bare IP never matches here.
  if (f.address && !e.addresses.some((a) => same(a, f.address!))) return false
  if (f.port && e.port !== f.port) return false
  if (f.status && !same(e.healthStatus, f.status)) return false
  return true
}
