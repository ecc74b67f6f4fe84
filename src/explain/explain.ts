import {type Raw, bool, list, obj, str, wrapped} from '../model/raw.js'
import {describeAction} from './action.js'
import {type CaptureSettings, decideCapture, istioDefaults} from './capture.js'
import {isAnyAddress, parseIp} from './cidr.js'
import {describeCluster, describeEndpoints} from './cluster.js'
import {type Connection, selectFilterChain} from './filter-chain.js'
import {hasCaptureListeners, listenerAddresses, selectListener} from './listener.js'
import {selectNetworkFilter} from './network.js'
import {provenanceOf} from './provenance.js'
import {resolveServiceIp} from './resolve.js'
import type {ProxyResources} from './resources.js'
import {type HttpRequest, matchRoute} from './route-match.js'
import type {Explanation, Outcome, Rejected, Step, WeightedTarget} from './types.js'
import type {Target} from './url.js'
import {selectVirtualHost, strippedAuthority} from './vhost.js'

export interface ExplainInput {
  url: string
  target: Target
  direction: 'outbound' | 'inbound'
  method: string
  /** `--header name=value`, in order; repeated names are joined as Envoy joins them. */
  headers: readonly (readonly [string, string])[]
  sourceIp?: string
  destIp?: string
  /** Read from the pod; undefined means Istio's defaults are assumed. */
  capture?: CaptureSettings
}

type Partial = Omit<Explanation, 'outcome'>

function hasListenerFilter(listener: Raw, kind: 'tls_inspector' | 'http_inspector'): boolean {
  const type = kind === 'tls_inspector' ? 'TlsInspector' : 'HttpInspector'
  return list(listener, 'listener_filters').some((f) => str(f, 'name') === `envoy.filters.listener.${kind}` || str(obj(f, 'typed_config'), '@type').endsWith(type))
}

/**
 * What the listener filters learn about the connection: tls_inspector sees TLS,
 * SNI and ALPN; http_inspector recognises plaintext HTTP. Without them Envoy knows
 * neither. Inbound connections from the mesh arrive as Istio mTLS.
 */
function connectionFor(input: ExplainInput, listener: Raw, destIp: string | undefined): Connection {
  const {target, direction} = input
  const tls = target.scheme === 'https' || direction === 'inbound'
  const conn: Connection = {destIp, destPort: target.port, transportProtocol: 'raw_buffer', applicationProtocols: [], sourceIp: input.sourceIp}
  if (tls && hasListenerFilter(listener, 'tls_inspector')) {
    conn.transportProtocol = 'tls'
    if (direction === 'inbound') conn.applicationProtocols = target.scheme === 'tcp' ? ['istio-peer-exchange', 'istio'] : ['istio-http/1.1', 'istio']
    else {
      conn.applicationProtocols = ['h2', 'http/1.1']
      if (parseIp(target.host) === undefined) conn.serverName = target.host
    }
  } else if (target.scheme === 'http' && hasListenerFilter(listener, 'http_inspector')) {
    conn.applicationProtocols = ['http/1.1']
  }
  return conn
}

function httpRequest(input: ExplainInput): HttpRequest {
  const headers = new Map<string, string[]>()
  let authority = input.target.authority
  for (const [name, value] of input.headers) {
    const n = name.toLowerCase()
    if (n === 'host' || n === ':authority') authority = value
    else headers.set(n, [...(headers.get(n) ?? []), value])
  }
  return {method: input.method.toUpperCase(), scheme: input.target.scheme === 'https' ? 'https' : 'http', authority, path: input.target.path || '/', headers}
}

function hasIpBoundListener(res: ProxyResources, port: number): boolean {
  return res.listeners.some((l) => listenerAddresses(l).some((a) => a.port === port && !isAnyAddress(a.ip)))
}

function finish(partial: Partial, outcome: Outcome): Explanation {
  return {...partial, outcome}
}

const NOT_REACHED = {listener: null, filterChain: null, network: null, routeConfig: null, virtualHost: null, route: null, cluster: null, endpoints: null}

/** Walks the request through the proxy's configuration, as Envoy would, recording each decision. */
export function explain(res: ProxyResources, input: ExplainInput): Explanation {
  const {target, direction} = input
  const notes: string[] = []
  const req = httpRequest(input)
  let destIp = input.destIp ?? (parseIp(target.host) ? target.host : undefined)
  let destination = destIp === undefined ? `?:${target.port}` : `${destIp}:${target.port}`
  if (destIp === undefined && direction === 'outbound') {
    const resolved = resolveServiceIp(res, target.host, target.port)
    if (resolved) {
      destIp = resolved.ip
      destination = `${destIp}:${target.port} (${resolved.how})`
    } else if (hasIpBoundListener(res, target.port)) {
      notes.push(
        `the address of ${target.host} is not in this proxy's configuration (a DNS name outside the mesh?): listeners bound to a specific IP on port ${target.port} were not considered; give --dest-ip to check them`,
      )
    }
  } else if (destIp === undefined) {
    notes.push("this pod's own IP is unknown offline; give --dest-ip to match chains by destination address")
  }
  const headers = Object.fromEntries([...req.headers].map(([k, v]) => [k, v.join(',')]))
  const partial: Partial = {
    request: {url: input.url, direction, method: req.method, authority: req.authority, path: req.path, destination, headers},
    capture: {chosen: null, reason: '', rejected: []},
    ...NOT_REACHED,
    notes,
  }
  const settings = input.capture ?? istioDefaults()
  const captures = hasCaptureListeners(res, settings.outboundPort, settings.inboundPort)
  if (captures) {
    partial.capture = decideCapture(settings, {direction, destIp, destPort: target.port})
    if (partial.capture.chosen === null) {
      const where = direction === 'outbound' ? `goes straight to ${destIp ?? target.host}:${target.port}` : 'reaches the application directly'
      return finish(partial, {kind: 'not-captured', summary: `not captured: the connection bypasses Envoy and ${where}`})
    }
  } else {
    partial.capture = {
      chosen: 'not captured (no capture listeners)',
      reason: `this proxy has no virtualOutbound/virtualInbound listener (a gateway, or capture is off): the connection arrives at the listener bound to port ${target.port}`,
      rejected: [],
    }
  }
  const capturePort = captures ? (direction === 'outbound' ? settings.outboundPort : settings.inboundPort) : undefined
  const chosenListener = selectListener(res, {direction, destIp, destPort: target.port, capturePort})
  partial.listener = chosenListener.step
  if (!chosenListener.listener) return finish(partial, {kind: 'no-listener', summary: `no listener takes the connection: ${chosenListener.step.reason}`})
  const conn = connectionFor(input, chosenListener.listener, destIp)
  const chain = selectFilterChain(chosenListener.listener, conn)
  partial.filterChain = chain.step
  if (!chain.chain) return finish(partial, {kind: 'no-filter-chain', summary: `the connection is closed: ${chain.step.reason}`})
  const network = selectNetworkFilter(chain.chain)
  partial.network = network.step
  if (network.kind === 'none') return finish(partial, {kind: 'unsupported', summary: network.step.reason})
  if (network.kind === 'tcp') {
    const weighted = obj(network.tcpProxy, 'weighted_clusters')
    const targets = weighted
      ? list(weighted, 'clusters').map((c) => ({name: str(c, 'name'), weight: wrapped(c, 'weight') ?? 0}))
      : [{name: str(network.tcpProxy, 'cluster'), weight: 1}]
    return upstream(res, partial, targets, `${destIp ?? target.host}:${target.port}`)
  }
  if (target.scheme === 'tcp') {
    return finish(partial, {kind: 'unsupported', summary: 'this chain expects HTTP, but the request is tcp://; explain it with an http:// URL'})
  }
  let routeConfig = network.inlineRoutes
  if (network.rdsName !== undefined) {
    routeConfig = res.routes.get(network.rdsName)
    const rejected = res.errors.routes.get(network.rdsName)
    partial.routeConfig = routeConfig
      ? {chosen: network.rdsName, reason: 'the route configuration the HTTP connection manager names (RDS)', rejected: [], rejectedConfig: rejected ? [rejected] : undefined}
      : {
          chosen: null,
          reason: `route configuration ${network.rdsName} is ${rejected ? 'rejected by Envoy' : 'not in the dump (not received yet?)'}: Envoy answers 404 (NR)`,
          rejected: [],
          rejectedConfig: rejected ? [rejected] : undefined,
        }
  } else if (routeConfig) {
    partial.routeConfig = {chosen: str(routeConfig, 'name') || '(inline)', reason: 'inline in the HTTP connection manager', rejected: []}
  }
  if (!routeConfig) return finish(partial, {kind: 'no-route', summary: partial.routeConfig?.reason ?? 'the HTTP connection manager has no route configuration'})
  const hostOptions = {
    stripAnyPort: bool(network.hcm, 'strip_any_host_port'),
    stripMatchingPort: bool(network.hcm, 'strip_matching_host_port') ? target.port : undefined,
  }
  const vhost = selectVirtualHost(routeConfig, req.authority, hostOptions)
  partial.virtualHost = vhost.step
  if (!vhost.vhost) return finish(partial, {kind: 'no-virtual-host', summary: `404: ${vhost.step.reason}`})
  vhost.step.provenance = provenanceOf(vhost.vhost)
  const route = selectRoute(vhost.vhost, req)
  partial.route = route.step
  notes.push(...route.notes)
  if (!route.route) return finish(partial, {kind: 'no-route', summary: `404: ${route.step.reason}`})
  const action = describeAction(route.route, vhost.vhost, routeConfig, {...req, authority: strippedAuthority(req.authority, hostOptions)})
  route.step.details = {...route.step.details, action: action.step.reason}
  const dest = action.destination
  if (dest.kind === 'redirect') return finish(partial, {kind: 'redirect', summary: action.step.reason})
  if (dest.kind === 'direct-response') return finish(partial, {kind: 'direct-response', summary: action.step.reason})
  if (dest.kind === 'none') return finish(partial, {kind: 'unsupported', summary: action.step.reason})
  route.step.reason = `${route.step.reason}; ${action.step.reason}`
  return upstream(res, partial, dest.targets, `${destIp ?? target.host}:${target.port}`)
}

interface RouteChoice {
  step: Step
  route?: Raw
  notes: string[]
}

/** Step 5b: the first route of the virtual host whose match fits; the ones before it and why they did not. */
function selectRoute(vhost: Raw, req: HttpRequest): RouteChoice {
  const rejected: Rejected[] = []
  const notes: string[] = []
  const routes = list(vhost, 'routes').filter((r): r is Raw => typeof r === 'object' && r !== null)
  for (const [i, route] of routes.entries()) {
    const name = str(route, 'name') || `#${i}`
    const m = matchRoute(route, req)
    notes.push(...m.notes)
    if (!m.matched) {
      rejected.push({name, reason: m.reason})
      continue
    }
    return {step: {chosen: name, reason: `first route that ${m.reason}`, rejected, provenance: provenanceOf(route)}, route, notes}
  }
  return {step: {chosen: null, reason: `none of the ${routes.length} routes of ${str(vhost, 'name')} matches ${req.method} ${req.path}: Envoy answers 404 (NR)`, rejected}, notes}
}

function upstream(res: ProxyResources, partial: Partial, targets: readonly {name: string; weight: number}[], original: string): Explanation {
  const total = targets.reduce((s, t) => s + t.weight, 0) || 1
  const sorted = [...targets].sort((a, b) => b.weight - a.weight)
  const described: WeightedTarget[] = sorted.map((t) => {
    const c = describeCluster(res, t.name)
    return {
      cluster: t.name,
      weight: t.weight,
      percent: Math.round((1000 * t.weight) / total) / 10,
      clusterStep: c.step,
      endpointsStep: describeEndpoints(res, t.name, c.cluster, original),
    }
  })
  const [first] = described
  partial.cluster = first.clusterStep
  partial.endpoints = first.endpointsStep
  const result: Explanation = {...partial, outcome: {kind: 'upstream', summary: ''}}
  if (described.length > 1) result.weightedTargets = described
  const name = first.cluster
  if (name === 'PassthroughCluster' || name === 'InboundPassthroughCluster') result.outcome = {kind: 'passthrough', summary: `${name}: forwarded to ${original} as is`}
  else if (name === 'BlackHoleCluster') result.outcome = {kind: 'blackhole', summary: 'BlackHoleCluster: the request is dropped'}
  else if (described.length > 1) result.outcome = {kind: 'upstream', summary: `split across ${described.map((d) => `${d.cluster} (${d.percent}%)`).join(', ')}`}
  else
    result.outcome =
      first.clusterStep.chosen === null ? {kind: 'upstream', summary: first.clusterStep.reason} : {kind: 'upstream', summary: `${name}: ${first.endpointsStep.reason}`}
  return result
}
