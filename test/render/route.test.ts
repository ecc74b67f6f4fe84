import {describe, expect, it} from 'vitest'

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
