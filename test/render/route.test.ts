import {describe, expect, it} from 'vitest'

import {parseRouteConfiguration, parseRouteMatch} from '../../src/model/route.js'
import {describeDomains, routeTable, withConditions} from '../../src/render/route.js'
import {renderTable} from '../../src/render/table.js'

describe('describeDomains', () => {
  it('keeps the short forms and abbreviates', () => {
    const domains = ['reviews.default.svc.cluster.local', 'reviews.default.svc.cluster.local:9080', 'reviews', 'reviews.default.svc', 'reviews.default', '10.0.0.1']
    expect(describeDomains(domains)).toBe('reviews, reviews.default + 1 more...')
  })

  it('keeps bracketed IPv6 but not host:port', () => {
    expect(describeDomains(['[fd00:10:96::a]', '[fd00:10:96::a]:80', 'a:80'])).toBe('[fd00:10:96::a]')
    expect(describeDomains(['only:80'])).toBe('only:80')
    expect(describeDomains([])).toBe('')
  })
})

describe('routeTable', () => {
  it('hides passthrough routes and shows 404 for hosts without routes', () => {
    const rc = parseRouteConfiguration({
      name: '80',
      virtual_hosts: [
        {name: 'allow_any', domains: ['*'], routes: [{match: {prefix: '/'}, route: {cluster: 'PassthroughCluster'}}]},
        {name: 'empty', domains: ['*']},
        {
          name: 'web:80',
          domains: ['web.ns.svc.cluster.local', 'web'],
          routes: [
            {
              match: {safe_regex: {regex: '/a.*'}},
              route: {cluster: 'c'},
              metadata: {filter_metadata: {istio: {config: '/apis/networking.istio.io/v1/namespaces/ns/virtual-service/web'}}},
            },
          ],
        },
      ],
    })
    expect([...renderTable(routeTable([rc]), {colour: false})].join('')).toBe(
      [
        'NAME     VHOST NAME     DOMAINS                           MATCH          VIRTUAL SERVICE',
        '80       empty          *                                 /*             404',
        '80       web:80         web.ns.svc.cluster.local, web     regex /a.*     web.ns',
        '',
      ].join('\n'),
    )
  })
})

describe('withConditions', () => {
  it('adds the header and query parameter tests a request must pass', () => {
    const match = parseRouteMatch({
      prefix: '/',
      headers: [
        {name: 'end-user', string_match: {exact: 'jason'}},
        {name: 'x-env', string_match: {prefix: 'dev', ignore_case: true}},
        {name: 'x-debug', present_match: true, invert_match: true},
        {name: 'x-size', range_match: {start: 1, end: 10}},
        {name: 'x-old', exact_match: 'v1'},
      ],
      query_parameters: [
        {name: 'debug', present_match: true},
        {name: 'v', string_match: {safe_regex: {regex: '^2'}}},
      ],
    })
    expect(withConditions(match)).toBe(
      '/* (header end-user=jason; header x-env=dev* (any case); header not x-debug present; header x-size in [1,10); header x-old=v1; query debug present; query v ~ ^2)',
    )
    expect(withConditions(parseRouteMatch({path: '/login'}))).toBe('/login')
  })
})
