import {type Raw, bool, field, isRaw, list, obj, str} from '../model/raw.js'
import {type MatchResult, matchRegex, matchString, regexOf} from './string-match.js'

/** The request as the router sees it. Header names are lowercase; pseudo-headers are separate. */
export interface HttpRequest {
  method: string
  scheme: string
  authority: string
  /** `:path` with its query string. */
  path: string
  headers: Map<string, string[]>
}

/** A header's value as Envoy's matcher reads it: repeated headers joined with `,`; undefined when absent. */
export function headerValue(req: HttpRequest, name: string): string | undefined {
  const n = name.toLowerCase()
  if (n === ':method') return req.method
  if (n === ':path') return req.path
  if (n === ':authority' || n === 'host') return req.authority
  if (n === ':scheme') return req.scheme
  const values = req.headers.get(n)
  return values === undefined ? undefined : values.join(',')
}

function withoutQuery(path: string): string {
  const q = path.search(/[?#]/)
  return q < 0 ? path : path.slice(0, q)
}

/** BoolValue as a bare boolean or `{value: …}`; `fallback` when unset. */
function boolValue(o: unknown, f: string, fallback: boolean): boolean {
  const v = field(o, f)
  if (typeof v === 'boolean') return v
  if (isRaw(v)) return v.value === true
  return fallback
}

/**
 * A path-template (`envoy.path.match.uri_template`) as a regex: `*` is one path
 * segment, `**` any number of them, `{name}` / `{name=pattern}` capture the same.
 */
export function uriTemplateRegex(template: string): RegExp {
  const operator = (op: string) => (op === '**' ? '.*' : op === '*' ? '[^/]+' : op.replace(/\*\*|\*|[^*]+/g, (t) => (t === '**' ? '.*' : t === '*' ? '[^/]+' : escapeRe(t))))
  let out = ''
  for (const token of template.match(/\{[^}]*\}|\*\*|\*|[^{*]+/g) ?? []) {
    if (token.startsWith('{')) {
      const eq = token.indexOf('=')
      out += eq < 0 ? '[^/]+' : operator(token.slice(eq + 1, -1))
    } else if (token === '**' || token === '*') {
      out += operator(token)
    } else {
      out += escapeRe(token)
    }
  }
  return new RegExp(`^${out}$`)
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export interface RouteMatchResult {
  matched: boolean
  /** Why it matched, or the first condition that failed. */
  reason: string
  /** Conditions this tool cannot evaluate offline and assumed true or false. */
  notes: string[]
}

/** The path condition of a RouteMatch (one of prefix, path, safe_regex, …). */
function matchPath(m: Raw, req: HttpRequest, notes: string[]): {ok: boolean; rule: string} {
  const sensitive = boolValue(m, 'case_sensitive', true)
  const fold = (s: string) => (sensitive ? s : s.toLowerCase())
  const ci = sensitive ? '' : ' (case-insensitive)'
  const full = req.path
  const bare = withoutQuery(full)
  const prefix = field(m, 'prefix')
  if (typeof prefix === 'string') return {ok: fold(full).startsWith(fold(prefix)), rule: `prefix "${prefix}"${ci}`}
  const path = field(m, 'path')
  if (typeof path === 'string') return {ok: fold(bare) === fold(path), rule: `path "${path}"${ci} (exact, query string removed)`}
  const separated = field(m, 'path_separated_prefix')
  if (typeof separated === 'string') {
    const p = fold(bare)
    const s = fold(separated)
    return {ok: p === s || p.startsWith(`${s}/`), rule: `path_separated_prefix "${separated}"${ci} (whole path segments)`}
  }
  const regex = obj(m, 'safe_regex')
  if (regex) {
    const r = matchRegex(regexOf(regex), bare)
    if (r.unknown) notes.push(r.unknown)
    return {ok: r.matched, rule: `safe_regex "${regexOf(regex)}" (whole path, query string removed)`}
  }
  if (obj(m, 'connect_matcher')) return {ok: req.method === 'CONNECT', rule: 'connect_matcher (CONNECT requests only)'}
  const policy = obj(m, 'path_match_policy')
  if (policy) {
    const template = str(obj(policy, 'typed_config'), 'path_template')
    if (template === '') return {ok: false, rule: `path_match_policy ${str(policy, 'name')} (not evaluated)`}
    return {ok: uriTemplateRegex(template).test(bare), rule: `path template "${template}"`}
  }
  return {ok: false, rule: 'no path condition this tool knows'}
}

const RANGE_RE = /^[+-]?\d+$/

/** One HeaderMatcher, with Envoy's rules for absent headers and invert_match. */
export function matchHeader(h: unknown, req: HttpRequest, notes: string[]): {ok: boolean; rule: string} {
  const name = str(h, 'name')
  const invert = bool(h, 'invert_match')
  const not = invert ? 'not ' : ''
  let value = headerValue(req, name)
  const presentField = field(h, 'present_match')
  const isPresent = typeof presentField === 'boolean'
  if (value === undefined && bool(h, 'treat_missing_header_as_empty')) value = ''
  if (value === undefined) {
    // An absent header satisfies only `present_match: false`, or `present_match: true` inverted.
    const ok = isPresent && presentField === invert
    return {ok, rule: `header ${name} ${isPresent ? `${not}${presentField ? 'present' : 'absent'}` : 'required'} (the request has none)`}
  }
  let result: MatchResult
  const range = obj(h, 'range_match')
  const sm = obj(h, 'string_match')
  const deprecated = (['exact_match', 'prefix_match', 'suffix_match', 'contains_match'] as const).find((k) => typeof field(h, k) === 'string')
  if (sm) {
    result = matchString(sm, value)
  } else if (deprecated) {
    result = matchString({[deprecated.replace('_match', '')]: field(h, deprecated)}, value)
  } else if (obj(h, 'safe_regex_match')) {
    result = matchRegex(regexOf(obj(h, 'safe_regex_match')), value)
  } else if (range) {
    const start = Number(field(range, 'start') ?? 0)
    const end = Number(field(range, 'end') ?? 0)
    const n = RANGE_RE.test(value) ? Number(value) : Number.NaN
    result = {matched: n >= start && n < end, rule: `in range [${start}, ${end})`}
  } else if (isPresent) {
    result = {matched: presentField === true, rule: presentField ? 'present' : 'absent'}
  } else {
    result = {matched: true, rule: 'present'}
  }
  if (result.unknown) notes.push(result.unknown)
  return {ok: result.matched !== invert, rule: `header ${name} ${not}${result.rule} (value ${JSON.stringify(value)})`}
}

/** Query parameters as Envoy reads them: undecoded, and only the first of a repeated key. */
export function queryParams(path: string): Map<string, string> {
  const out = new Map<string, string>()
  const q = path.indexOf('?')
  if (q < 0) return out
  for (const pair of path
    .slice(q + 1)
    .split('#')[0]
    .split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const key = eq < 0 ? pair : pair.slice(0, eq)
    if (!out.has(key)) out.set(key, eq < 0 ? '' : pair.slice(eq + 1))
  }
  return out
}

function matchQuery(qm: unknown, params: Map<string, string>, notes: string[]): {ok: boolean; rule: string} {
  const name = str(qm, 'name')
  const value = params.get(name)
  const sm = obj(qm, 'string_match')
  if (sm) {
    if (value === undefined) return {ok: false, rule: `query parameter ${name} required (the request has none)`}
    const r = matchString(sm, value)
    if (r.unknown) notes.push(r.unknown)
    return {ok: r.matched, rule: `query parameter ${name} ${r.rule} (value ${JSON.stringify(value)})`}
  }
  return {ok: value !== undefined, rule: `query parameter ${name} present`}
}

function cookies(req: HttpRequest): Map<string, string> {
  const out = new Map<string, string>()
  for (const header of req.headers.get('cookie') ?? []) {
    for (const part of header.split(';')) {
      const eq = part.indexOf('=')
      if (eq > 0 && !out.has(part.slice(0, eq).trim())) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
    }
  }
  return out
}

/**
 * Whether a route's match fits the request. Conditions are checked in the order
 * Envoy documents (path, case sensitivity, runtime fraction, headers, query
 * parameters, cookies, gRPC, TLS context); all must hold.
 */
export function matchRoute(route: Raw, req: HttpRequest): RouteMatchResult {
  const m = obj(route, 'match') ?? {}
  const notes: string[] = []
  const holds: string[] = []
  const fail = (rule: string): RouteMatchResult => ({matched: false, reason: `no match: ${rule}`, notes})
  const path = matchPath(m, req, notes)
  if (!path.ok) return fail(`${path.rule} (path ${JSON.stringify(req.path)})`)
  holds.push(path.rule)
  for (const h of list(m, 'headers')) {
    const r = matchHeader(h, req, notes)
    if (!r.ok) return fail(r.rule)
    holds.push(r.rule)
  }
  const params = queryParams(req.path)
  for (const qm of list(m, 'query_parameters')) {
    const r = matchQuery(qm, params, notes)
    if (!r.ok) return fail(r.rule)
    holds.push(r.rule)
  }
  const jar = cookies(req)
  for (const c of list(m, 'cookies')) {
    const name = str(c, 'name')
    const value = jar.get(name)
    const invert = bool(c, 'invert_match')
    const r = value === undefined ? {matched: false, rule: 'present'} : matchString(obj(c, 'string_match'), value)
    if (r.matched === invert) return fail(`cookie ${name} ${invert ? 'not ' : ''}${r.rule}`)
    holds.push(`cookie ${name} ${invert ? 'not ' : ''}${r.rule}`)
  }
  if (obj(m, 'grpc')) {
    const type = headerValue(req, 'content-type') ?? ''
    if (!type.startsWith('application/grpc')) return fail('grpc (content-type application/grpc)')
    holds.push('grpc')
  }
  if (obj(m, 'runtime_fraction')) notes.push('runtime_fraction: this route takes only a fraction of matching requests; assumed to take this one')
  if (obj(m, 'tls_context')) notes.push('tls_context (client certificate conditions) not evaluated; assumed to hold')
  if (list(m, 'dynamic_metadata').length > 0 || list(m, 'filter_state').length > 0) notes.push('dynamic metadata / filter state conditions not evaluated; assumed to hold')
  return {matched: true, reason: `matches ${holds.join(', ')}`, notes}
}
