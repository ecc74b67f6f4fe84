import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {parseConfigDump} from '../../src/dump/configdump.js'
import {explain} from '../../src/explain/explain.js'
import {loadResources} from '../../src/explain/resources.js'
import type {Explanation} from '../../src/explain/types.js'
import {parseTarget} from '../../src/explain/url.js'
import {projectRoot} from '../support/run-cli.js'

/** The hand-made dumps of test/golden-inputs/README.md: cases the bundled fixtures lack. */
const load = (name: string) => loadResources(parseConfigDump(readFileSync(join(projectRoot, 'test/golden-inputs', name)), name))
const sidecar = load('edge-sidecar.json')
const gateway = load('edge-gateway.json')

function run(res: typeof sidecar, url: string, opts: {headers?: [string, string][]; inbound?: boolean} = {}): Explanation {
  return explain(res, {url, target: parseTarget(url), direction: opts.inbound ? 'inbound' : 'outbound', method: 'GET', headers: opts.headers ?? []})
}

const catalog = (subset: string) => `outbound|8080|${subset}|catalog.shop.svc.cluster.local`

describe('explain on edge-sidecar.json (checkout-v1 in shop)', () => {
  it('query_parameters: ?preview=beta picks the beta route, whose cluster Envoy rejected, with its error text', () => {
    const e = run(sidecar, 'http://catalog:8080/items?preview=beta')
    expect(e.route?.chosen).toBe('catalog.beta-preview')
    expect(e.route?.reason).toContain('query parameter preview exact "beta" (value "beta")')
    expect(e.cluster?.chosen).toBeNull()
    expect(e.cluster?.reason).toContain(`Envoy rejected cluster ${catalog('beta')}`)
    expect(e.cluster?.rejectedConfig?.[0].details).toContain('Proto constraint validation failed')
  })

  it('query_parameters: another value does not match, and the route is listed as not taken', () => {
    const e = run(sidecar, 'http://catalog:8080/items?preview=alpha')
    expect(e.route?.rejected[0]).toEqual({name: 'catalog.beta-preview', reason: 'no match: query parameter preview exact "beta" (value "alpha")'})
    expect(e.cluster?.chosen).toBe(catalog('v1'))
  })

  it('header safe_regex: an iPhone user agent goes to the mobile subset; a desktop one does not', () => {
    const mobile = run(sidecar, 'http://catalog:8080/', {headers: [['User-Agent', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)']]})
    expect(mobile.route?.chosen).toBe('catalog.mobile')
    expect(mobile.cluster?.chosen).toBe(catalog('mobile'))
    expect(mobile.endpoints?.details?.endpoints).toMatchObject([{address: '10.244.1.33:8080'}])
    const desktop = run(sidecar, 'http://catalog:8080/', {headers: [['user-agent', 'Mozilla/5.0 (X11; Linux x86_64)']]})
    expect(desktop.route?.rejected.find((r) => r.name === 'catalog.mobile')?.reason).toContain('header user-agent regex ".*(Android|iPhone).*"')
  })

  it('fault filter: the route-level HTTPFault delays and aborts a share of /search requests', () => {
    const e = run(sidecar, 'http://catalog.shop:8080/search?q=lamp')
    expect(e.route?.chosen).toBe('catalog.slow-search')
    expect(e.route?.reason).toContain('request timeout 5s')
    expect(e.route?.reason).toContain('fault injection: delay 2s for 50% of requests; fault injection: abort with HTTP 503 for 10% of requests')
  })

  it('prefix_rewrite: /v1/ is rewritten to /api/', () => {
    const e = run(sidecar, 'http://catalog.shop.svc.cluster.local:8080/v1/items')
    expect(e.route?.chosen).toBe('catalog.legacy-api')
    expect(e.route?.details?.action).toContain('prefix rewritten to "/api/"')
  })

  it('direct_response: inventory answers 503 from Envoy itself with the maintenance body', () => {
    const e = run(sidecar, 'http://inventory:8080/stock')
    expect(e.outcome).toEqual({kind: 'direct-response', summary: 'Envoy answers 503 itself with body "inventory is down for maintenance until 12:00 UTC"; no upstream is called'})
    expect(e.cluster).toBeNull()
  })

  it('tcp_proxy weighted_clusters: ledger splits 90/10 over v1 and v2, found by its ClusterIP listener', () => {
    const e = run(sidecar, 'tcp://ledger:5432')
    expect(e.request.destination).toContain('10.96.50.30:5432')
    expect(e.listener?.chosen).toBe('10.96.50.30_5432')
    expect(e.network?.reason).toContain('weighted clusters outbound|5432|v1|ledger.shop.svc.cluster.local (weight 90)')
    expect(e.weightedTargets?.map((t) => [t.cluster.split('|')[2], t.percent, t.endpointsStep.chosen])).toEqual([
      ['v1', 90, '1 healthy'],
      ['v2', 10, '1 healthy'],
    ])
    expect(e.outcome.kind).toBe('upstream')
  })

  it('TLS origination: plain HTTP to the partner API leaves over SIMPLE TLS with its SNI, to port 443 of the DNS name', () => {
    const e = run(sidecar, 'http://api.partner.example.com/v1/orders')
    expect(e.cluster?.details).toMatchObject({type: 'STRICT_DNS', tls: 'SIMPLE TLS, SNI api.partner.example.com'})
    expect(e.cluster?.provenance).toMatchObject({kind: 'DestinationRule', name: 'partner-api-tls'})
    expect(e.endpoints?.details?.endpoints).toMatchObject([{address: 'api.partner.example.com:443'}])
  })

  it('rejected listener: inbound traffic meets a virtualInbound that exists only in error_state', () => {
    const e = run(sidecar, 'http://checkout:8080/cart', {inbound: true})
    expect(e.capture.chosen).toBe('redirect to 15006')
    expect(e.outcome.kind).toBe('no-listener')
    expect(e.listener?.rejectedConfig).toEqual([
      {
        name: 'virtualInbound',
        details: "error adding listener '0.0.0.0:15006': multiple filter chains with the same matching rules are defined",
        lastUpdateAttempt: '2026-02-03T10:20:30.503Z',
      },
    ])
  })
})

describe('explain on edge-gateway.json (shop-gateway, strip_any_host_port)', () => {
  it.each([
    ['http://www.shop.example.com:8080/', 'www.shop.example.com:80', 'exact domain "www.shop.example.com"', 'storefront'],
    ['http://eu.shop.example.com:8080/products/42/reviews/latest', '*.shop.example.com:80', 'suffix wildcard "*.shop.example.com"', 'product-reviews'],
    ['http://eu.shop.example.com:8080/products/42', '*.shop.example.com:80', 'suffix wildcard "*.shop.example.com"', 'storefront-tenants'],
    ['http://eu.example.com:8080/', '*.example.com:80', 'suffix wildcard "*.example.com"', 'to-www'],
    ['http://shop-legacy.example.org:8080/cart', 'shop-legacy.*:80', 'prefix wildcard "shop-legacy.*"', 'legacy'],
  ])('%s → virtual host %s (%s), route %s', (url, vhost, how, route) => {
    const e = run(gateway, url)
    expect(e.virtualHost?.chosen).toBe(vhost)
    expect(e.virtualHost?.reason).toContain('strips the port (strip_any_host_port)')
    expect(e.virtualHost?.reason).toContain(`matches ${how}`)
    expect(e.route?.chosen).toBe(route)
  })

  it('the longest suffix wildcard wins: *.shop.example.com over *.example.com', () => {
    const e = run(gateway, 'http://eu.shop.example.com:8080/')
    expect(e.virtualHost?.rejected).toContainEqual({
      name: '*.example.com:80',
      reason: 'matches by suffix wildcard "*.example.com", but suffix wildcard "*.shop.example.com" comes first',
    })
  })

  it('path_match_policy: the uri template matches whole segments and its rewrite template is shown', () => {
    const e = run(gateway, 'http://eu.shop.example.com:8080/products/42/reviews/latest')
    expect(e.route?.reason).toContain('path template "/products/{id}/reviews/**"')
    expect(e.route?.details?.action).toContain('path rewritten by template "/reviews/{id}"')
    expect(e.cluster?.chosen).toBe('outbound|8080||reviews.shop.svc.cluster.local')
    const short = run(gateway, 'http://eu.shop.example.com:8080/products/42/reviewsX')
    expect(short.route?.rejected[0].reason).toContain('no match: path template')
  })

  it('a redirect is built from the stripped :authority, so the port is gone', () => {
    expect(run(gateway, 'http://eu.example.com:8080/x?y=1').outcome).toEqual({
      kind: 'redirect',
      summary: 'Envoy answers 302 with Location: http://www.shop.example.com/x?y=1; no upstream is called',
    })
  })

  it('a host no virtual host serves gets 404', () => {
    const e = run(gateway, 'http://other.org:8080/')
    expect(e.outcome.kind).toBe('no-virtual-host')
    expect(e.virtualHost?.rejected).toHaveLength(4)
  })
})
