import {describe, expect, it} from 'vitest'

import {type HttpRequest, matchRoute, queryParams, uriTemplateRegex} from '../../src/explain/route-match.js'

const req = (path: string, headers: Record<string, string> = {}, method = 'GET'): HttpRequest => ({
  method,
  scheme: 'http',
  authority: 'svc',
  path,
  headers: new Map(Object.entries(headers).map(([k, v]) => [k, [v]])),
})
const matches = (match: Record<string, unknown>, r: HttpRequest) => matchRoute({match}, r).matched

describe('route match (route_components.proto RouteMatch)', () => {
  it('prefix: must match the beginning of :path (query string included)', () => {
    expect(matches({prefix: '/api'}, req('/api/v1'))).toBe(true)
    expect(matches({prefix: '/api'}, req('/apiary'))).toBe(true)
    expect(matches({prefix: '/api'}, req('/v1/api'))).toBe(false)
  })

  it('path: must exactly match :path once the query string is removed', () => {
    expect(matches({path: '/productpage'}, req('/productpage?u=normal'))).toBe(true)
    expect(matches({path: '/productpage'}, req('/productpage/x'))).toBe(false)
  })

  it('safe_regex: the entire path without the query string must match, not a subsequence', () => {
    expect(matches({safe_regex: {regex: '/(login|logout)'}}, req('/login?next=/'))).toBe(true)
    expect(matches({safe_regex: {regex: '/(login|logout)'}}, req('/login/again'))).toBe(false)
  })

  it('path_separated_prefix: /api/dev matches /api/dev, /api/dev/, /api/dev/v1 and /api/dev?param=true but not /api/developer', () => {
    for (const p of ['/api/dev', '/api/dev/', '/api/dev/v1', '/api/dev?param=true']) expect(matches({path_separated_prefix: '/api/dev'}, req(p))).toBe(true)
    expect(matches({path_separated_prefix: '/api/dev'}, req('/api/developer'))).toBe(false)
  })

  it('case_sensitive: false makes prefix and path matching case-insensitive (default true)', () => {
    expect(matches({prefix: '/API'}, req('/api'))).toBe(false)
    expect(matches({prefix: '/API', case_sensitive: false}, req('/api'))).toBe(true)
    expect(matches({path: '/A', caseSensitive: {value: false}}, req('/a'))).toBe(true)
  })

  it('path_match_policy uri template: * is one segment, ** any number, {name} one segment', () => {
    expect(uriTemplateRegex('/videos/*/*/*.m4s').test('/videos/123414/hls/1080p5000_00001.m4s')).toBe(true)
    expect(uriTemplateRegex('/videos/{file}').test('/videos/1080p5000_00001.m4s')).toBe(true)
    expect(uriTemplateRegex('/videos/{file}').test('/videos/a/b')).toBe(false)
    expect(uriTemplateRegex('/**.mpd').test('/content/123/india/dash/55/manifest.mpd')).toBe(true)
    const policy = {path_match_policy: {name: 'envoy.path.match.uri_template.uri_template_matcher', typed_config: {path_template: '/api/{v=**}'}}}
    expect(matches(policy, req('/api/a/b?x'))).toBe(true)
  })

  it('headers: all listed headers must match (string_match exact, prefix, suffix, contains, safe_regex)', () => {
    const h = (string_match: Record<string, unknown>) => ({prefix: '/', headers: [{name: 'end-user', string_match}]})
    expect(matches(h({exact: 'jason'}), req('/', {'end-user': 'jason'}))).toBe(true)
    expect(matches(h({exact: 'jason'}), req('/', {'end-user': 'Jason'}))).toBe(false)
    expect(matches(h({exact: 'jason', ignore_case: true}), req('/', {'end-user': 'Jason'}))).toBe(true)
    expect(matches(h({prefix: 'ja'}), req('/', {'end-user': 'jason'}))).toBe(true)
    expect(matches(h({suffix: 'on'}), req('/', {'end-user': 'jason'}))).toBe(true)
    expect(matches(h({contains: 'aso'}), req('/', {'end-user': 'jason'}))).toBe(true)
    expect(matches(h({safe_regex: {regex: 'j.*n'}}), req('/', {'end-user': 'jason'}))).toBe(true)
    expect(matches(h({safe_regex: {regex: 'j'}}), req('/', {'end-user': 'jason'}))).toBe(false)
    expect(matches(h({exact: 'jason'}), req('/'))).toBe(false)
  })

  it('headers: range_match [-10,0) matches -1 but not 0, somestring, 10.9 or -1somestring', () => {
    const m = {prefix: '/', headers: [{name: 'x', range_match: {start: '-10', end: '0'}}]}
    expect(matches(m, req('/', {x: '-1'}))).toBe(true)
    for (const v of ['0', 'somestring', '10.9', '-1somestring']) expect(matches(m, req('/', {x: v}))).toBe(false)
  })

  it('headers: present_match true wants the header, false wants it absent', () => {
    const m = (present: boolean) => ({prefix: '/', headers: [{name: 'x', present_match: present}]})
    expect(matches(m(true), req('/', {x: ''}))).toBe(true)
    expect(matches(m(true), req('/'))).toBe(false)
    expect(matches(m(false), req('/'))).toBe(true)
  })

  it('headers: invert_match inverts; the regex \\d{3} does not match 1234, so it matches inverted', () => {
    const m = {prefix: '/', headers: [{name: 'x', safe_regex_match: {regex: '\\d{3}'}, invert_match: true}]}
    expect(matches(m, req('/', {x: '1234'}))).toBe(true)
    expect(matches(m, req('/', {x: '123'}))).toBe(false)
  })

  it('headers: a missing header with invert_match does not match unless treat_missing_header_as_empty', () => {
    const m = (empty: boolean) => ({prefix: '/', headers: [{name: 'h', range_match: {start: 0, end: 10}, invert_match: true, treat_missing_header_as_empty: empty}]})
    expect(matches(m(false), req('/'))).toBe(false)
    expect(matches(m(true), req('/'))).toBe(true)
  })

  it('headers: pseudo-headers :method and :authority can be matched', () => {
    const m = {prefix: '/', headers: [{name: ':method', string_match: {exact: 'POST'}}]}
    expect(matches(m, req('/', {}, 'POST'))).toBe(true)
    expect(matches(m, req('/'))).toBe(false)
  })

  it('query_parameters: all must match; only the first value of a repeated key counts', () => {
    const m = {prefix: '/', query_parameters: [{name: 'v', string_match: {exact: '1'}}]}
    expect(matches(m, req('/x?v=1'))).toBe(true)
    expect(matches(m, req('/x?v=2&v=1'))).toBe(false)
    expect(matches(m, req('/x'))).toBe(false)
    expect(matches({prefix: '/', query_parameters: [{name: 'debug', present_match: true}]}, req('/?debug'))).toBe(true)
    expect(queryParams('/a?x=%20y&z').get('x')).toBe('%20y')
  })

  it('the failing condition is the reason', () => {
    const r = matchRoute({match: {prefix: '/', headers: [{name: 'end-user', string_match: {exact: 'jason'}}]}}, req('/'))
    expect(r.reason).toBe('no match: header end-user required (the request has none)')
  })
})
