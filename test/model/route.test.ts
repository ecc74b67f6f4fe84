import {describe, expect, it} from 'vitest'

import {describeMatch, parseRouteConfiguration, parseRouteMatch} from '../../src/model/route.js'

const routeOf = (route: Record<string, unknown>) => parseRouteConfiguration({name: 'rc', virtual_hosts: [{name: 'vh', domains: ['a'], routes: [route]}]}).virtualHosts[0].routes[0]

describe('route match', () => {
  it('keeps every path form and the matcher options', () => {
    expect(
      parseRouteMatch({
        prefix: '/api',
        case_sensitive: false,
        grpc: {},
        runtime_fraction: {default_value: {numerator: 25, denominator: 'TEN_THOUSAND'}, runtime_key: 'routing.api'},
      }),
    ).toEqual({
      prefix: '/api',
      path: undefined,
      pathSeparatedPrefix: undefined,
      regex: undefined,
      pathMatchPolicy: undefined,
      connect: false,
      caseSensitive: false,
      headers: [],
      queryParameters: [],
      grpc: true,
      runtimeFraction: {numerator: 25, denominator: 'TEN_THOUSAND', runtimeKey: 'routing.api'},
    })
    const template = parseRouteMatch({
      path_match_policy: {name: 'envoy.path.match.uri_template.uri_template_matcher', typed_config: {path_template: '/books/{id}'}},
      connect_matcher: {},
    })
    expect(template.pathMatchPolicy).toEqual({name: 'envoy.path.match.uri_template.uri_template_matcher', template: '/books/{id}'})
    expect(template.connect).toBe(true)
    expect(template.caseSensitive).toBe(true)
    expect(parseRouteMatch({caseSensitive: {value: false}}).caseSensitive).toBe(false)
  })

  it('keeps header matchers whole: value test, invert and missing-as-empty flags', () => {
    const {headers} = parseRouteMatch({
      headers: [
        {name: 'x-user', string_match: {exact: 'jason', ignore_case: true}, invert_match: true},
        {name: 'x-re', string_match: {safe_regex: {regex: 'v[12]'}}, treat_missing_header_as_empty: true},
        {name: 'x-old', prefix_match: 'beta'},
        {name: 'x-old-re', safe_regex_match: {regex: '^a$'}},
        {name: 'x-range', range_match: {start: '10', end: 20}},
        {name: 'x-absent', present_match: false},
        {name: 'x-any'},
        {name: 'x-custom', stringMatch: {custom: {name: 'my.matcher'}}},
      ],
    })
    expect(headers).toEqual([
      {name: 'x-user', test: {kind: 'exact', value: 'jason', ignoreCase: true}, invert: true, treatMissingAsEmpty: false},
      {name: 'x-re', test: {kind: 'regex', value: 'v[12]', ignoreCase: false}, invert: false, treatMissingAsEmpty: true},
      {name: 'x-old', test: {kind: 'prefix', value: 'beta', ignoreCase: false}, invert: false, treatMissingAsEmpty: false},
      {name: 'x-old-re', test: {kind: 'regex', value: '^a$', ignoreCase: false}, invert: false, treatMissingAsEmpty: false},
      {name: 'x-range', test: {kind: 'range', start: 10, end: 20}, invert: false, treatMissingAsEmpty: false},
      {name: 'x-absent', test: {kind: 'present', present: false}, invert: false, treatMissingAsEmpty: false},
      // Envoy reads a matcher without a test as "the header is present".
      {name: 'x-any', test: {kind: 'present', present: true}, invert: false, treatMissingAsEmpty: false},
      {name: 'x-custom', test: {kind: 'custom', value: 'my.matcher', ignoreCase: false}, invert: false, treatMissingAsEmpty: false},
    ])
  })

  it('keeps query parameter matchers with their values', () => {
    expect(
      parseRouteMatch({
        query_parameters: [{name: 'debug', present_match: true}, {name: 'v', string_match: {suffix: '2'}}, {name: 'none'}],
      }).queryParameters,
    ).toEqual([
      {name: 'debug', test: {kind: 'present', present: true}},
      {name: 'v', test: {kind: 'suffix', value: '2', ignoreCase: false}},
      {name: 'none', test: {kind: 'present', present: false}},
    ])
  })

  it('describes the path part as istioctl does', () => {
    expect(describeMatch(parseRouteMatch({prefix: '/'}))).toBe('/*')
    expect(describeMatch(parseRouteMatch({path_separated_prefix: '/a'}))).toBe('PathPrefix:/a')
    expect(describeMatch(parseRouteMatch({path: '/x', headers: [{name: 'h'}]}))).toBe('/x')
    expect(describeMatch(parseRouteMatch({safe_regex: {regex: ''}}))).toBe('regex ')
    expect(describeMatch(parseRouteMatch(undefined))).toBe('')
  })
})

describe('route action', () => {
  it('keeps cluster, timeout, retries and rewrites', () => {
    expect(
      routeOf({
        route: {
          cluster: 'outbound|80||web',
          timeout: '5s',
          retry_policy: {retry_on: 'connect-failure,5xx', num_retries: {value: 3}},
          prefix_rewrite: '/v2',
          regex_rewrite: {pattern: {regex: '^/old/(.*)'}, substitution: '/new/\\1'},
          host_rewrite_literal: 'web.internal',
        },
      }).action,
    ).toEqual({
      kind: 'cluster',
      cluster: 'outbound|80||web',
      timeout: '5s',
      retries: 3,
      retryPolicy: {retryOn: 'connect-failure,5xx', numRetries: 3},
      prefixRewrite: '/v2',
      regexRewrite: {pattern: '^/old/(.*)', substitution: '/new/\\1'},
      hostRewrite: {kind: 'literal', value: 'web.internal'},
    })
  })

  it('reads every host rewrite form', () => {
    const rewrite = (route: Record<string, unknown>) => {
      const a = routeOf({route: {cluster: 'c', ...route}}).action
      return a.kind === 'cluster' ? a.hostRewrite : 'not a cluster action'
    }
    expect(rewrite({host_rewrite_header: 'x-host'})).toEqual({kind: 'header', value: 'x-host'})
    expect(rewrite({host_rewrite_path_regex: {pattern: {regex: '^/(.+)/'}, substitution: '\\1'}})).toEqual({kind: 'path_regex', value: '^/(.+)/'})
    expect(rewrite({auto_host_rewrite: true})).toEqual({kind: 'auto'})
    expect(rewrite({auto_host_rewrite: false})).toBeUndefined()
  })

  it('keeps weighted clusters with the total, given or summed', () => {
    const summed = routeOf({
      route: {
        weighted_clusters: {
          clusters: [
            {name: 'v1', weight: 90},
            {name: 'v2', weight: '10'},
          ],
        },
      },
    }).action
    expect(summed).toMatchObject({
      kind: 'weighted',
      clusters: [
        {name: 'v1', weight: 90},
        {name: 'v2', weight: 10},
      ],
      totalWeight: 100,
      retryPolicy: undefined,
    })
    expect(routeOf({route: {weighted_clusters: {clusters: [{name: 'v1', weight: 1}], total_weight: 4}}}).action).toMatchObject({totalWeight: 4})
  })

  it('tells cluster_header, redirect, direct response and no action apart', () => {
    expect(routeOf({route: {cluster_header: 'x-cluster'}}).action).toMatchObject({kind: 'cluster_header', header: 'x-cluster'})
    expect(routeOf({redirect: {https_redirect: true, host_redirect: 'b', port_redirect: 8443, response_code: 'PERMANENT_REDIRECT', strip_query: true}}).action).toEqual({
      kind: 'redirect',
      redirect: {scheme: '', httpsRedirect: true, host: 'b', port: 8443, path: '', prefixRewrite: '', status: 308, stripQuery: true},
    })
    expect(routeOf({redirect: {path_redirect: '/x', response_code: 1}}).action).toMatchObject({redirect: {path: '/x', status: 302}})
    expect(routeOf({redirect: {}}).action).toMatchObject({redirect: {status: 301}})
    expect(routeOf({redirect: {response_code: 'constructor'}}).action).toMatchObject({redirect: {status: 301}})
    expect(routeOf({direct_response: {status: 503, body: {inline_string: 'down'}}}).action).toEqual({kind: 'direct_response', status: 503, hasBody: true})
    expect(routeOf({directResponse: {status: '204'}}).action).toEqual({kind: 'direct_response', status: 204, hasBody: false})
    expect(routeOf({non_forwarding_action: {}}).action).toEqual({kind: 'none'})
  })
})

describe('route and virtual host facts', () => {
  it('keeps the Istio provenance and fault injection', () => {
    const rc = parseRouteConfiguration({
      name: '80',
      virtual_hosts: [
        {
          name: 'web:80',
          domains: ['web', 'web.ns'],
          typed_per_filter_config: {'envoy.filters.http.fault': {}},
          routes: [
            {
              name: 'default',
              match: {prefix: '/'},
              route: {cluster: 'c'},
              metadata: {filter_metadata: {istio: {config: '/apis/networking.istio.io/v1/namespaces/ns/virtual-service/web'}}},
              typedPerFilterConfig: {'envoy.filters.http.fault': {abort: {http_status: 500}}},
            },
            {match: {prefix: '/b'}, route: {cluster: 'c'}, typed_per_filter_config: {'envoy.filters.http.cors': {}}},
          ],
        },
        {name: 'plain', domains: ['*']},
      ],
    })
    const [vh, plain] = rc.virtualHosts
    expect(vh.fault).toBe(true)
    expect(plain).toMatchObject({name: 'plain', domains: ['*'], routes: [], fault: false})
    expect(vh.routes.map((r) => [r.name, r.fault, r.configRef])).toEqual([
      ['default', true, {group: 'networking.istio.io', version: 'v1', namespace: 'ns', kind: 'virtual-service', name: 'web'}],
      ['', false, undefined],
    ])
  })

  it('reports no status outside a dump, and the load function it was given', () => {
    const raw = {name: 'x'}
    const rc = parseRouteConfiguration(raw)
    expect(rc.status).toEqual({state: 'active', dynamic: false, versionInfo: '', lastUpdated: '', clientStatus: '', error: undefined})
    expect(rc.load()).toBe(raw)
    expect(parseRouteConfiguration(raw, () => ({name: 'again'})).load()).toEqual({name: 'again'})
  })
})
