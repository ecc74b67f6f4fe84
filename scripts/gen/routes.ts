import type {Route, RouteAction, RouteConfigTail, RouteConfiguration, RouteMatch, VirtualHost} from './envoy.js'
import {NO_STREAM_LIMIT, RETRY_POLICY, istioConfig} from './fragments.js'
import {GATEWAY_HTTPS_ROUTES, type GatewayMesh, type InternalService, isHttp, type Service, type SidecarMesh} from './mesh.js'

/** A route config as listeners carry it inline; named ones also appear under static_route_configs. */
function inlineRoute(name: string, virtualHosts: VirtualHost[]): RouteConfiguration {
  const config: RouteConfiguration = name ? {name, virtual_hosts: virtualHosts} : {virtual_hosts: virtualHosts}
  if (name) config.validate_clusters = false
  return config
}

/** The route config of a static listener of the bootstrap (stats, health). */
export function staticListenerRoute(prefix: string, cluster: string): RouteConfiguration {
  return inlineRoute('', [{name: 'backend', domains: ['*'], routes: [{match: {prefix}, route: {cluster}}]}])
}

function inboundRouteConfig(name: string, cluster: string, operation: string): RouteConfiguration {
  return inlineRoute(name, [
    {
      name: name === 'InboundPassthroughCluster' ? 'inbound|http|0' : `inbound|http|${name.split('|')[1]}`,
      domains: ['*'],
      routes: [
        {
          match: {prefix: '/'},
          route: {cluster, timeout: '0s', max_stream_duration: NO_STREAM_LIMIT},
          decorator: {operation},
          name: 'default',
        },
      ],
    },
  ])
}

/** The inline route configs of virtualInbound's HTTP chains; Envoy also lists each one under static_route_configs. */
export function inboundRouteConfigs(mesh: SidecarMesh): {passthrough: RouteConfiguration; perPort: RouteConfiguration[]} {
  const svc = mesh.proxy
  const passthrough = inboundRouteConfig('InboundPassthroughCluster', 'InboundPassthroughCluster', ':0/*')
  const perPort = svc.ports.filter(isHttp).map((p) => inboundRouteConfig(`inbound|${p.targetPort}||`, `inbound|${p.targetPort}||`, `${svc.host}:${p.port}/*`))
  return {passthrough, perPort}
}

function serviceDomains(svc: Service, port: number, proxyNs: string): string[] {
  if (svc.external) return [svc.host, `${svc.host}:${port}`]
  const names = [svc.host]
  if (svc.ns === proxyNs) names.push(svc.name)
  names.push(`${svc.name}.${svc.ns}.svc`, `${svc.name}.${svc.ns}`, svc.ip)
  return names.flatMap((n) => [n, `${n}:${port}`])
}

function routeAction(cluster: string, timeout = '0s'): RouteAction {
  return {cluster, timeout, retry_policy: RETRY_POLICY, max_stream_duration: NO_STREAM_LIMIT}
}

const vsMetadata = (ns: string, name: string): Route['metadata'] => ({filter_metadata: {istio: {config: istioConfig('virtual-service', ns, name)}}})

/** A service's virtual host in an outbound route config, shaped by its VirtualService if it has one. */
function virtualHost(svc: Service, port: number, proxyNs: string): VirtualHost {
  const outbound = (subset: string): string => `outbound|${port}|${subset}|${svc.host}`
  const decorator = {operation: `${svc.host}:${port}/*`}
  const vs = svc.external ? undefined : svc.vs
  if (svc.external || !vs) {
    const routes = [{match: {prefix: '/'}, route: routeAction(outbound('')), decorator, name: 'default'}]
    return {name: `${svc.host}:${port}`, domains: serviceDomains(svc, port, proxyNs), routes, include_request_attempt_count: true}
  }
  const metadata = vsMetadata(svc.ns, vs.name)
  const weights = vs.weights
  const fallback: RouteAction = weights
    ? {
        weighted_clusters: {clusters: (svc.subsets ?? []).map((s, i) => ({name: outbound(s), weight: weights[i]}))},
        timeout: '0s',
        retry_policy: RETRY_POLICY,
        max_stream_duration: NO_STREAM_LIMIT,
      }
    : routeAction(outbound(''), vs.timeout)
  const routes: Route[] = [{match: {prefix: '/'}, route: fallback, metadata, decorator, name: `${svc.name}.${svc.ns}.default`}]
  if (vs.headerUser) {
    routes.unshift({
      match: {prefix: '/', case_sensitive: true, headers: [{name: 'end-user', string_match: {exact: vs.headerUser}}]},
      route: routeAction(outbound('v2')),
      metadata,
      decorator,
      name: `${svc.name}.${svc.ns}.end-user`,
    })
  }
  return {name: `${svc.host}:${port}`, domains: serviceDomains(svc, port, proxyNs), routes, include_request_attempt_count: true}
}

const ALLOW_ANY: VirtualHost = {
  name: 'allow_any',
  domains: ['*'],
  routes: [{match: {prefix: '/'}, route: {cluster: 'PassthroughCluster', timeout: '0s', max_grpc_timeout: '0s'}, name: 'allow_any'}],
  include_request_attempt_count: true,
}

/**
 * A dynamic route config, with its virtual hosts produced lazily: one config can
 * hold thousands of them, so the config dump streams them host by host.
 */
export interface DynamicRouteConfig {
  name: string
  virtualHosts: Iterable<VirtualHost>
  tail: RouteConfigTail
}

/** One outbound route config per shared HTTP port: a virtual host per service, then allow_any. */
export function* sidecarRouteConfigs(mesh: SidecarMesh): Generator<DynamicRouteConfig> {
  const proxyNs = mesh.proxy.ns
  for (const entry of mesh.shared) {
    if (!entry.http.length) continue
    function* hosts(): Generator<VirtualHost> {
      for (const svc of entry.http) yield virtualHost(svc, entry.port, proxyNs)
      yield ALLOW_ANY
    }
    yield {name: String(entry.port), virtualHosts: hosts(), tail: {validate_clusters: false, ignore_port_in_host_matching: true}}
  }
}

function bookinfoGatewayRoutes(): Route[] {
  const cluster = (name: string): string => `outbound|9080||${name}.default.svc.cluster.local`
  const metadata = vsMetadata('default', 'bookinfo')
  // Envoy prints case_sensitive (field 4) after path (2) but before safe_regex (10)
  // and path_separated_prefix (14).
  const route = (match: RouteMatch, target: string, name: string): Route => ({
    match: match.path ? {...match, case_sensitive: true} : {case_sensitive: true, ...match},
    route: {cluster: cluster(target), timeout: '0s', retry_policy: RETRY_POLICY, max_grpc_timeout: '0s'},
    metadata,
    decorator: {operation: `${target}.default.svc.cluster.local:9080${match.path ?? match.path_separated_prefix ?? ''}*`},
    name,
  })
  return [
    route({path: '/productpage'}, 'productpage', 'default.bookinfo.0'),
    route({path_separated_prefix: '/static'}, 'productpage', 'default.bookinfo.1'),
    route({safe_regex: {regex: '/(login|logout)'}}, 'productpage', 'default.bookinfo.2'),
    route({path_separated_prefix: '/api/v1/products'}, 'productpage', 'default.bookinfo.3'),
  ]
}

function gatewayVirtualHost(host: string, port: number, routes: Route[]): VirtualHost {
  return {name: `${host}:${port}`, domains: [host, `${host}:*`], routes, include_request_attempt_count: true}
}

/** A generated service exposed through the gateway as <name>.<ns>.example.com, when it speaks HTTP. */
function gatewayServiceHost(svc: InternalService): VirtualHost[] {
  const port = svc.ports.find(isHttp)
  if (!port) return []
  const host = `${svc.name}.${svc.ns}.example.com`
  return [
    gatewayVirtualHost(host, 80, [
      {
        match: {prefix: '/'},
        route: routeAction(`outbound|${port.port}||${svc.host}`),
        metadata: vsMetadata(svc.ns, `${svc.name}-ingress`),
        decorator: {operation: `${svc.host}:${port.port}/*`},
        name: `${svc.ns}.${svc.name}-ingress.0`,
      },
    ]),
  ]
}

/** http.8080 (bookinfo, a redirect, then every generated service), then one config per HTTPS server. */
export function* gatewayRouteConfigs(mesh: GatewayMesh): Generator<DynamicRouteConfig> {
  const tail = {validate_clusters: false, max_direct_response_body_size_bytes: 1048576, ignore_port_in_host_matching: true}
  const legacyMetadata = vsMetadata('default', 'legacy-shop')
  function* httpHosts(): Generator<VirtualHost> {
    yield gatewayVirtualHost('bookinfo.example.com', 80, bookinfoGatewayRoutes())
    yield gatewayVirtualHost('legacy.example.com', 80, [{match: {prefix: '/'}, redirect: {https_redirect: true}, metadata: legacyMetadata, name: 'default.legacy-shop.redirect'}])
    for (const svc of mesh.services.slice(mesh.builtinCount)) if (!svc.external) yield* gatewayServiceHost(svc)
  }
  yield {name: 'http.8080', virtualHosts: httpHosts(), tail}
  for (const g of GATEWAY_HTTPS_ROUTES) {
    const routes: Route[] =
      g.host === 'bookinfo.example.com'
        ? bookinfoGatewayRoutes()
        : [
            {
              match: {prefix: '/'},
              route: routeAction('outbound|9080||productpage.default.svc.cluster.local'),
              metadata: legacyMetadata,
              decorator: {operation: 'productpage.default.svc.cluster.local:9080/*'},
              name: 'default.legacy-shop.0',
            },
          ]
    yield {name: g.route, virtualHosts: [gatewayVirtualHost(g.host, 443, routes)], tail}
  }
}
