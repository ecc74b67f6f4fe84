import {type Raw, bool, field, isRaw, list, obj, str, wrapped} from '../model/raw.js'
import {headerValue, type HttpRequest} from './route-match.js'
import type {Step} from './types.js'
import {stripPort} from './vhost.js'

/** Where the route sends the request. */
export type Destination =
  | {kind: 'clusters'; targets: {name: string; weight: number}[]}
  | {kind: 'redirect'; location: string; status: number}
  | {kind: 'direct-response'; status: number; body?: string}
  | {kind: 'none'; why: string}

const REDIRECT_CODES: Record<string, number> = {MOVED_PERMANENTLY: 301, FOUND: 302, SEE_OTHER: 303, TEMPORARY_REDIRECT: 307, PERMANENT_REDIRECT: 308}
const REDIRECT_BY_NUMBER = [301, 302, 303, 307, 308]

/** `type.v3.FractionalPercent` as a percentage. */
function percent(p: unknown): number {
  const numerator = wrapped(p, 'numerator') ?? 0
  const d = field(p, 'denominator')
  const scale = d === 'TEN_THOUSAND' || d === 1 ? 100 : d === 'MILLION' || d === 2 ? 10000 : 1
  return numerator / scale
}

/** The fault filter's per-route config (route, else virtual host, else route configuration, as Envoy looks it up). */
function faultConfig(route: Raw, vhost: Raw, routeConfig: Raw | undefined): Raw | undefined {
  for (const holder of [route, vhost, routeConfig]) {
    const perFilter = obj(holder, 'typed_per_filter_config')
    const config = obj(perFilter, 'envoy.filters.http.fault')
    if (config) return str(config, '@type').endsWith('FilterConfig') ? obj(config, 'config') : config
  }
  return undefined
}

function describeFault(fault: Raw): string[] {
  const out: string[] = []
  const delay = obj(fault, 'delay')
  if (delay) out.push(`delay ${str(delay, 'fixed_delay') || 'header-controlled'} for ${percent(obj(delay, 'percentage'))}% of requests`)
  const abort = obj(fault, 'abort')
  if (abort) {
    const status = wrapped(abort, 'http_status') ?? wrapped(abort, 'grpc_status')
    out.push(`abort with ${field(abort, 'http_status') !== undefined ? 'HTTP' : 'gRPC'} ${status ?? 'header-controlled'} for ${percent(obj(abort, 'percentage'))}% of requests`)
  }
  return out
}

function describeRetry(retry: Raw): string {
  const n = wrapped(retry, 'num_retries') ?? 1
  const per = str(retry, 'per_try_timeout')
  return `up to ${n} retr${n === 1 ? 'y' : 'ies'} on ${str(retry, 'retry_on') || '(nothing)'}${per ? `, ${per} per try` : ''}`
}

function redirectLocation(redirect: Raw, req: HttpRequest, prefixMatched: string | undefined): string {
  const scheme = bool(redirect, 'https_redirect') ? 'https' : str(redirect, 'scheme_redirect') || req.scheme
  const {host: authHost, port: givenPort} = stripPort(req.authority)
  const authPort = givenPort === undefined ? '' : String(givenPort)
  const host = str(redirect, 'host_redirect') || authHost
  const portRedirect = wrapped(redirect, 'port_redirect')
  // Envoy drops the port when the scheme changes, unless a port is given.
  const schemeChanged = scheme !== req.scheme
  const port = portRedirect !== undefined ? String(portRedirect) : schemeChanged ? '' : authPort
  const bare = req.path.split('?')[0]
  const query = req.path.includes('?') && !bool(redirect, 'strip_query') ? req.path.slice(req.path.indexOf('?')) : ''
  let path = req.path.includes('?') ? bare : req.path
  const pathRedirect = field(redirect, 'path_redirect')
  const prefixRewrite = field(redirect, 'prefix_rewrite')
  if (typeof pathRedirect === 'string') path = pathRedirect
  else if (typeof prefixRewrite === 'string' && prefixMatched !== undefined) path = prefixRewrite + path.slice(prefixMatched.length)
  const defaultPort = (scheme === 'https' && port === '443') || (scheme === 'http' && port === '80')
  return `${scheme}://${host}${port && !defaultPort ? `:${port}` : ''}${path}${typeof pathRedirect === 'string' && pathRedirect.includes('?') ? '' : query}`
}

export interface ActionChoice {
  step: Step
  destination: Destination
}

/** Step 6: what the chosen route does, and the policies (timeouts, retries, rewrites, faults) that apply. */
export function describeAction(route: Raw, vhost: Raw, routeConfig: Raw | undefined, req: HttpRequest): ActionChoice {
  const details: Record<string, unknown> = {}
  const redirect = obj(route, 'redirect')
  const prefix = str(obj(route, 'match'), 'prefix') || undefined
  if (redirect) {
    const code = field(redirect, 'response_code')
    const status = typeof code === 'number' ? (REDIRECT_BY_NUMBER[code] ?? 301) : (REDIRECT_CODES[String(code ?? 'MOVED_PERMANENTLY')] ?? 301)
    const location = redirectLocation(redirect, req, prefix)
    return {
      step: {chosen: 'redirect', reason: `Envoy answers ${status} with Location: ${location}; no upstream is called`, rejected: [], details: {status, location}},
      destination: {kind: 'redirect', location, status},
    }
  }
  const direct = obj(route, 'direct_response')
  if (direct) {
    const status = wrapped(direct, 'status') ?? 0
    const body = obj(direct, 'body')
    const text =
      str(body, 'inline_string') ||
      (str(body, 'inline_bytes') ? Buffer.from(str(body, 'inline_bytes'), 'base64').toString('utf8') : '') ||
      (str(body, 'filename') ? `(file ${str(body, 'filename')})` : '')
    return {
      step: {
        chosen: 'direct_response',
        reason: `Envoy answers ${status} itself${text ? ` with body ${JSON.stringify(text.slice(0, 80))}` : ''}; no upstream is called`,
        rejected: [],
        details: {status, body: text || undefined},
      },
      destination: {kind: 'direct-response', status, body: text || undefined},
    }
  }
  const action = obj(route, 'route')
  if (!action) {
    const kind = obj(route, 'non_forwarding_action') ? 'a non-forwarding action' : obj(route, 'filter_action') ? 'a filter action' : 'no action'
    return {step: {chosen: null, reason: `the route has ${kind}: nothing is forwarded by the router`, rejected: []}, destination: {kind: 'none', why: kind}}
  }
  const policies: string[] = []
  const timeout = field(action, 'timeout')
  details.timeout = typeof timeout === 'string' ? timeout : '15s (Envoy default)'
  policies.push(timeout === '0s' ? 'no request timeout (0s)' : `request timeout ${details.timeout}`)
  const retry = obj(action, 'retry_policy') ?? obj(vhost, 'retry_policy')
  if (retry) {
    details.retries = describeRetry(retry)
    policies.push(`${details.retries}${obj(action, 'retry_policy') ? '' : ' (virtual host policy)'}`)
  }
  const rewrites: string[] = []
  if (typeof field(action, 'prefix_rewrite') === 'string') rewrites.push(`prefix rewritten to "${str(action, 'prefix_rewrite')}"`)
  const regexRewrite = obj(action, 'regex_rewrite')
  if (regexRewrite) rewrites.push(`path regex "${str(obj(regexRewrite, 'pattern'), 'regex')}" rewritten to "${str(regexRewrite, 'substitution')}"`)
  const template = str(obj(obj(action, 'path_rewrite_policy'), 'typed_config'), 'path_template_rewrite')
  if (template) rewrites.push(`path rewritten by template "${template}"`)
  if (str(action, 'host_rewrite_literal')) rewrites.push(`host rewritten to "${str(action, 'host_rewrite_literal')}"`)
  if (bool(action, 'auto_host_rewrite')) rewrites.push("host rewritten to the upstream host's name")
  if (str(action, 'host_rewrite_header')) rewrites.push(`host taken from header ${str(action, 'host_rewrite_header')}`)
  if (rewrites.length > 0) {
    details.rewrites = rewrites
    policies.push(...rewrites)
  }
  const fault = faultConfig(route, vhost, routeConfig)
  const faults = fault ? describeFault(fault) : []
  if (faults.length > 0) {
    details.fault = faults
    policies.push(...faults.map((f) => `fault injection: ${f}`))
  }
  const mirrors = list(action, 'request_mirror_policies').map((p) => str(p, 'cluster'))
  if (mirrors.length > 0) {
    details.mirrors = mirrors
    policies.push(`mirrored to ${mirrors.join(', ')}`)
  }
  const tail = policies.length > 0 ? `; ${policies.join('; ')}` : ''
  const weighted = obj(action, 'weighted_clusters')
  if (weighted) {
    const targets = list(weighted, 'clusters')
      .filter(isRaw)
      .map((c) => ({name: str(c, 'name') || str(c, 'cluster_header'), weight: wrapped(c, 'weight') ?? 0}))
    const total = targets.reduce((s, t) => s + t.weight, 0) || 1
    details.weights = Object.fromEntries(targets.map((t) => [t.name, t.weight]))
    const shares = targets.map((t) => `${t.name} ${Math.round((1000 * t.weight) / total) / 10}%`).join(', ')
    return {step: {chosen: 'weighted_clusters', reason: `split by weight: ${shares}${tail}`, rejected: [], details}, destination: {kind: 'clusters', targets}}
  }
  const header = str(action, 'cluster_header')
  if (header) {
    const value = headerValue(req, header)
    if (value === undefined) {
      return {
        step: {chosen: null, reason: `the cluster is named by header ${header}, which the request lacks: Envoy answers 503 (cluster not found)`, rejected: [], details},
        destination: {kind: 'none', why: `header ${header} absent`},
      }
    }
    return {step: {chosen: value, reason: `cluster named by header ${header}${tail}`, rejected: [], details}, destination: {kind: 'clusters', targets: [{name: value, weight: 1}]}}
  }
  const cluster = str(action, 'cluster')
  if (cluster)
    return {step: {chosen: cluster, reason: `forward to cluster ${cluster}${tail}`, rejected: [], details}, destination: {kind: 'clusters', targets: [{name: cluster, weight: 1}]}}
  const plugin = obj(action, 'cluster_specifier_plugin') !== undefined || str(action, 'cluster_specifier_plugin') !== ''
  const why = plugin ? 'a cluster specifier plugin picks the cluster at run time' : 'the route names no cluster'
  return {step: {chosen: null, reason: `${why}; explain cannot follow it`, rejected: [], details}, destination: {kind: 'none', why}}
}
