import {isRaw, list, obj, str, strList} from '../model/raw.js'
import {parseIp} from './cidr.js'
import {listenerAddresses} from './listener.js'
import type {ProxyResources} from './resources.js'

export interface Resolved {
  ip: string
  how: string
}

const TCP_PROXY_TYPE = 'TcpProxy'

/** The clusters a listener's TCP proxies send to: each one's cluster, or every target of its weighted clusters. */
function tcpProxyTargets(listener: unknown): string[] {
  return list(listener, 'filter_chains').flatMap((chain) =>
    list(chain, 'filters')
      .filter((f) => isRaw(f) && str(obj(f, 'typed_config'), '@type').endsWith(TCP_PROXY_TYPE))
      .flatMap((f) => {
        const config = obj(f, 'typed_config')
        const weighted = obj(config, 'weighted_clusters')
        return weighted ? list(weighted, 'clusters').map((c) => str(c, 'name')) : [str(config, 'cluster')]
      }),
  )
}

/** Whether an Istio cluster name (`outbound|port|subset|fqdn`) is of this service port, any subset; `host` may be short (`ledger`, `ledger.shop`). */
function isClusterOf(cluster: string, host: string, port: number): boolean {
  const parts = cluster.split('|')
  return parts.length === 4 && parts[0] === 'outbound' && Number(parts[1]) === port && (parts[3] === host || parts[3].startsWith(`${host}.`))
}

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
  for (const l of res.listeners) {
    const bound = listenerAddresses(l).find((a) => a.port === port && a.ip !== '0.0.0.0' && a.ip !== '::')
    if (!bound) continue
    const cluster = tcpProxyTargets(l).find((name) => isClusterOf(name, host, port))
    if (cluster) return {ip: bound.ip, how: `the address of listener ${str(l, 'name')}, which proxies to ${cluster}`}
  }
  return undefined
}
