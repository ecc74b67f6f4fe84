import {describe, expect, it} from 'vitest'

import {describeAction} from '../../src/explain/action.js'
import type {HttpRequest} from '../../src/explain/route-match.js'

const req: HttpRequest = {method: 'GET', scheme: 'http', authority: 'shop.example.com:8080', path: '/old/item?id=1', headers: new Map([['x-target', ['outbound|80||b']]])}
const act = (route: Record<string, unknown>, vhost: Record<string, unknown> = {}) => describeAction({match: {prefix: '/old'}, ...route}, vhost, undefined, req)

describe('route action (route_components.proto RouteAction, RedirectAction, DirectResponseAction)', () => {
  it('timeout: 15s when unset, as Envoy defaults it; 0s disables it', () => {
    expect(act({route: {cluster: 'a'}}).step.details?.timeout).toBe('15s (Envoy default)')
    expect(act({route: {cluster: 'a', timeout: '0s'}}).step.reason).toContain('no request timeout (0s)')
  })

  it('retry_policy: the route policy, else the virtual host one', () => {
    expect(act({route: {cluster: 'a'}}, {retry_policy: {retry_on: '5xx', num_retries: 3}}).step.reason).toContain('up to 3 retries on 5xx (virtual host policy)')
  })

  it('weighted_clusters: every target with its share', () => {
    const a = act({
      route: {
        weighted_clusters: {
          clusters: [
            {name: 'v1', weight: 75},
            {name: 'v2', weight: 25},
          ],
        },
      },
    })
    expect(a.destination).toEqual({
      kind: 'clusters',
      targets: [
        {name: 'v1', weight: 75},
        {name: 'v2', weight: 25},
      ],
    })
    expect(a.step.reason).toContain('v1 75%, v2 25%')
  })

  it('cluster_header: the cluster is named by a request header; without it Envoy answers 503', () => {
    expect(act({route: {cluster_header: 'x-target'}}).destination).toEqual({kind: 'clusters', targets: [{name: 'outbound|80||b', weight: 1}]})
    expect(act({route: {cluster_header: 'x-missing'}}).step.reason).toContain('503')
  })

  it('redirect: https_redirect drops the port when the scheme changes; prefix_rewrite replaces the matched prefix', () => {
    expect(act({redirect: {https_redirect: true}}).destination).toEqual({kind: 'redirect', location: 'https://shop.example.com/old/item?id=1', status: 301})
    expect(act({redirect: {prefix_rewrite: '/new', response_code: 'FOUND'}}).destination).toEqual({
      kind: 'redirect',
      location: 'http://shop.example.com:8080/new/item?id=1',
      status: 302,
    })
    expect(act({redirect: {path_redirect: '/x', strip_query: true}}).destination).toMatchObject({location: 'http://shop.example.com:8080/x'})
  })

  it('direct_response: Envoy answers itself', () => {
    expect(act({direct_response: {status: 503, body: {inline_string: 'down'}}}).destination).toEqual({kind: 'direct-response', status: 503, body: 'down'})
  })

  it('fault injection from typed_per_filter_config, route before virtual host', () => {
    const fault = {
      'envoy.filters.http.fault': {abort: {http_status: 503, percentage: {numerator: 10}}, delay: {fixed_delay: '5s', percentage: {numerator: 100, denominator: 'TEN_THOUSAND'}}},
    }
    const a = act({route: {cluster: 'a'}, typed_per_filter_config: fault})
    expect(a.step.details?.fault).toEqual(['delay 5s for 1% of requests', 'abort with HTTP 503 for 10% of requests'])
    expect(act({route: {cluster: 'a'}}, {typed_per_filter_config: fault}).step.details?.fault).toHaveLength(2)
  })

  it('rewrites are listed', () => {
    const a = act({route: {cluster: 'a', prefix_rewrite: '/v2', host_rewrite_literal: 'internal'}})
    expect(a.step.details?.rewrites).toEqual(['prefix rewritten to "/v2"', 'host rewritten to "internal"'])
  })
})
