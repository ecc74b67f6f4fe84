import {describe, expect, it} from 'vitest'

import {sortRoutes} from '../../src/filter/route.js'
import {parseRouteConfiguration} from '../../src/model/route.js'
import {describeDomains, routeTable} from '../../src/render/route.js'
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

describe('sortRoutes', () => {
  const named = (...names: string[]) => names.map((name) => parseRouteConfiguration({name}))

  it('sorts numeric runs and leaves named configs as barriers', () => {
    const sorted = sortRoutes(named('9080', '80', 'InboundPassthroughCluster', '15010', '443', 'x'))
    expect(sorted.map((r) => r.name)).toEqual(['80', '9080', 'InboundPassthroughCluster', '443', '15010', 'x'])
  })

  it('from 13 configs on, lands named configs where the partition of Go quicksort leaves them', () => {
    // Pivot 15010 (median of 15014, 15010, 8383); the partition moves every number below it
    // to the left and the named configs to the right (see test/core/gosort.test.ts).
    const names = ['9080', 'slime:8686', '80', '15014', 'InboundPassthroughCluster', '8080', '15010', '9090', 'gw:15021', '8383', 'inbound|9080||', '443', '15090']
    expect(sortRoutes(named(...names)).map((r) => r.name)).toEqual([
      '80',
      '443',
      '8080',
      '8383',
      '9080',
      '9090',
      '15010',
      'InboundPassthroughCluster',
      'gw:15021',
      '15014',
      'inbound|9080||',
      'slime:8686',
      '15090',
    ])
  })

  it('treats names beyond int64 as names, as strconv.Atoi fails on them', () => {
    const sorted = sortRoutes(named('99999999999999999999', '5', '7', '3'))
    expect(sorted.map((r) => r.name)).toEqual(['99999999999999999999', '3', '5', '7'])
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
