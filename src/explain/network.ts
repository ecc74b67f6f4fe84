import {type Raw, isRaw, list, obj, str, wrapped} from '../model/raw.js'
import type {Step} from './types.js'

const HCM = 'HttpConnectionManager'
const TCP_PROXY = 'TcpProxy'

/** A filter's kind from its typed_config type (names are free-form), else from its well-known name. */
function kindOf(filter: Raw): 'http' | 'tcp' | undefined {
  const type = str(obj(filter, 'typed_config'), '@type')
  const name = str(filter, 'name')
  if (type.endsWith(`.${HCM}`) || name === 'envoy.filters.network.http_connection_manager') return 'http'
  if (type.endsWith(`.${TCP_PROXY}`) || name === 'envoy.filters.network.tcp_proxy') return 'tcp'
  return undefined
}

export type NetworkChoice = {kind: 'http'; step: Step; hcm: Raw; rdsName?: string; inlineRoutes?: Raw} | {kind: 'tcp'; step: Step; tcpProxy: Raw} | {kind: 'none'; step: Step}

/** Step 4: the terminal network filter of the chain: HTTP connection manager or TCP proxy. */
export function selectNetworkFilter(chain: Raw): NetworkChoice {
  const filters = list(chain, 'filters').filter(isRaw)
  const names = filters.map((f) => str(f, 'name'))
  const index = filters.findIndex((f) => kindOf(f) !== undefined)
  const rejected = filters
    .slice(0, index < 0 ? filters.length : index)
    .map((f) => ({name: str(f, 'name'), reason: 'not a terminal filter: it observes or modifies the connection and passes it on'}))
  if (index < 0) {
    return {
      kind: 'none',
      step: {
        chosen: null,
        reason: `the chain has neither an HTTP connection manager nor a TCP proxy (filters: ${names.join(', ') || 'none'}); explain follows only those`,
        rejected,
      },
    }
  }
  const filter = filters[index]
  const config = obj(filter, 'typed_config') ?? {}
  const name = str(filter, 'name')
  if (kindOf(filter) === 'http') {
    const rds = obj(config, 'rds')
    const inline = obj(config, 'route_config')
    if (rds) {
      const rdsName = str(rds, 'route_config_name')
      return {kind: 'http', step: {chosen: name, reason: `HTTP connection manager; routes come from RDS route configuration "${rdsName}"`, rejected}, hcm: config, rdsName}
    }
    if (inline)
      return {
        kind: 'http',
        step: {chosen: name, reason: `HTTP connection manager with an inline route configuration "${str(inline, 'name')}"`, rejected},
        hcm: config,
        inlineRoutes: inline,
      }
    const scoped = obj(config, 'scoped_routes') !== undefined
    return {
      kind: 'http',
      step: {chosen: name, reason: `HTTP connection manager with ${scoped ? 'scoped routes, which explain does not follow' : 'no route configuration'}`, rejected},
      hcm: config,
    }
  }
  const weighted = obj(config, 'weighted_clusters')
  const target = weighted
    ? `weighted clusters ${list(weighted, 'clusters')
        .map((c) => `${str(c, 'name')} (weight ${wrapped(c, 'weight') ?? 0})`)
        .join(', ')}`
    : `cluster ${str(config, 'cluster')}`
  return {kind: 'tcp', step: {chosen: name, reason: `TCP proxy to ${target}: bytes are forwarded as they are, no HTTP routing`, rejected}, tcpProxy: config}
}
