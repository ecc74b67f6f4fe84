import {isRaw, list, obj, str, strList} from '../model/raw.js'
import {parseIp} from './cidr.js'
import {listenerAddresses} from './listener.js'
import type {ProxyResources} from './resources.js'

export interface Resolved {
  ip: string
  how: string
}

const TCP_PROXY_TYPE = 'TcpProxy'

/**
 * What DNS would give for a mesh service, found in the proxy's own config: the
 * ClusterIP Istio lists among a virtual host's domains, or the address of the
 * per-IP listener that proxies to the service's cluster.
 */
export function resolveServiceIp(res: ProxyResources, host: string, port: number): Resolved | undefined {
  const names = new Set([host, `${host}:${port}`])
  const configs = [...res.routes.entries()].sort(([a], [b]) => Number(b === String(port)) - Number(a === String(port)))
  for (const [name, rc] of configs) {
    for (const vhost of list(rc, 'virtual_hosts')) {
      const domains = strList(vhost, 'domains').map((d) => d.toLowerCase())
      if (!domains.some((d) => names.has(d))) continue
      const ip = domains.map((d) => d.replace(/:\d+$/, '')).find((d) => parseIp(d)?.length === 4)
      if (ip) return {ip, how: `the ClusterIP among the domains of virtual host ${str(vhost, 'name')} (route ${name})`}
    }
  }
  const fqdns = [...res.clusters.keys()]
    .map((n) => n.split('|'))
    .filter((p) => p.length === 4 && p[0] === 'outbound' && Number(p[1]) === port && (p[3] === host || p[3].startsWith(`${host}.`)))
  for (const parts of fqdns) {
    const cluster = parts.join('|')
    for (const l of res.listeners) {
      const bound = listenerAddresses(l).find((a) => a.port === port && a.ip !== '0.0.0.0' && a.ip !== '::')
      if (!bound) continue
      const proxies = list(l, 'filter_chains').some((c) =>
        list(c, 'filters').some((f) => isRaw(f) && str(obj(f, 'typed_config'), '@type').endsWith(TCP_PROXY_TYPE) && str(obj(f, 'typed_config'), 'cluster') === cluster),
      )
      if (proxies) return {ip: bound.ip, how: `the address of listener ${str(l, 'name')}, which proxies to ${cluster}`}
    }
  }
  return undefined
}
