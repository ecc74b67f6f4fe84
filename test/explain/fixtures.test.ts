import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {parseConfigDump} from '../../src/dump/configdump.js'
import {explain} from '../../src/explain/explain.js'
import {loadResources} from '../../src/explain/resources.js'
import type {Explanation} from '../../src/explain/types.js'
import {parseTarget} from '../../src/explain/url.js'
import {projectRoot} from '../support/run-cli.js'

const load = (name: string) => loadResources(parseConfigDump(readFileSync(join(projectRoot, 'fixtures', name)), name))
const sidecar = load('bookinfo-productpage.json')
const gateway = load('ingressgateway.json')

function run(res: typeof sidecar, url: string, opts: {headers?: [string, string][]; inbound?: boolean; destIp?: string} = {}): Explanation {
  return explain(res, {url, target: parseTarget(url), direction: opts.inbound ? 'inbound' : 'outbound', method: 'GET', headers: opts.headers ?? [], destIp: opts.destIp})
}

/** listener, chain, route, cluster and the endpoint addresses the request can reach. */
function path(e: Explanation) {
  const endpoints = (e.endpoints?.details?.endpoints as {address: string}[] | undefined)?.map((x) => x.address)
  return {listener: e.listener?.chosen, chain: e.filterChain?.chosen, route: e.route?.chosen ?? null, cluster: e.cluster?.chosen, endpoints}
}

describe('explain on the sidecar fixture: every service', () => {
  const svc = (host: string) => `outbound|9080||${host}.default.svc.cluster.local`
  it.each([
    ['http://productpage:9080/productpage', '0.0.0.0_9080', 'default', svc('productpage'), ['10.244.0.12:9080']],
    ['http://details:9080/details/0', '0.0.0.0_9080', 'default', svc('details'), ['10.244.0.14:9080']],
    ['http://ratings.default:9080/ratings/0', '0.0.0.0_9080', 'default', svc('ratings'), ['10.244.0.18:9080', '10.244.0.19:9080']],
    ['http://kube-dns.kube-system:9153/metrics', '0.0.0.0_9153', 'default', 'outbound|9153||kube-dns.kube-system.svc.cluster.local', ['10.244.0.2:9153', '10.244.0.3:9153']],
    ['http://istiod.istio-system:15010/', '0.0.0.0_15010', 'default', 'outbound|15010||istiod.istio-system.svc.cluster.local', ['10.244.0.5:15010']],
    ['http://istiod.istio-system:15014/metrics', '0.0.0.0_15014', 'default', 'outbound|15014||istiod.istio-system.svc.cluster.local', ['10.244.0.5:15014']],
    ['http://istio-ingressgateway.istio-system/', '0.0.0.0_80', 'default', 'outbound|80||istio-ingressgateway.istio-system.svc.cluster.local', ['10.244.0.6:8080']],
    ['http://httpbin.org/get', '0.0.0.0_80', 'default', 'outbound|80||httpbin.org', ['198.51.100.23:80']],
    ['tcp://mysqldb:3306', '10.96.140.77_3306', null, 'outbound|3306||mysqldb.default.svc.cluster.local', ['10.244.0.20:3306']],
    ['tcp://kube-dns.kube-system:53', '10.96.0.10_53', null, 'outbound|53||kube-dns.kube-system.svc.cluster.local', ['10.244.0.2:53', '10.244.0.3:53']],
    ['https://kubernetes.default/api', '10.96.0.1_443', null, 'outbound|443||kubernetes.default.svc.cluster.local', ['172.18.0.2:6443']],
    ['https://istiod.istio-system/', '10.96.200.45_443', null, 'outbound|443||istiod.istio-system.svc.cluster.local', ['10.244.0.5:15017']],
    ['tcp://istiod.istio-system:15012', '10.96.200.45_15012', null, 'outbound|15012||istiod.istio-system.svc.cluster.local', ['10.244.0.5:15012']],
    ['https://istio-ingressgateway.istio-system/', '10.96.150.7_443', null, 'outbound|443||istio-ingressgateway.istio-system.svc.cluster.local', ['10.244.0.6:8443']],
    ['https://api.payments.example.com/charge', '0.0.0.0_443', null, 'outbound|443||api.payments.example.com', ['203.0.113.10:443', '203.0.113.11:443']],
  ])('%s → %s, route %s, %s', (url, listener, route, cluster, endpoints) => {
    const e = run(sidecar, url)
    expect(e.capture.chosen).toBe('redirect to 15001')
    expect(path(e)).toMatchObject({listener, route, cluster, endpoints})
    expect(e.outcome.kind).toBe('upstream')
  })

  it('HTTP services are handed off by virtualOutbound (use_original_dst) to 0.0.0.0:<port>, TCP ones to <ClusterIP>:<port>', () => {
    expect(run(sidecar, 'http://details:9080/').listener?.details).toMatchObject({handedOffBy: 'virtualOutbound'})
    const tcp = run(sidecar, 'tcp://mysqldb:3306')
    expect(tcp.request.destination).toContain('10.96.140.77:3306')
    expect(tcp.listener?.reason).toContain('bound to the destination 10.96.140.77:3306 exactly')
  })

  it('header-matched route: end-user: jason goes to reviews v2, from VirtualService default/reviews', () => {
    const e = run(sidecar, 'http://reviews:9080/reviews/1', {headers: [['end-user', 'jason']]})
    expect(path(e)).toMatchObject({route: 'reviews.default.end-user', cluster: 'outbound|9080|v2|reviews.default.svc.cluster.local'})
    expect(e.route?.provenance).toMatchObject({kind: 'VirtualService', namespace: 'default', name: 'reviews'})
    expect(e.cluster?.provenance).toMatchObject({kind: 'DestinationRule', namespace: 'default', name: 'reviews'})
    expect(e.endpoints?.rejected).toEqual([{name: '10.244.0.21:9080', reason: 'UNHEALTHY: the load balancer skips it'}])
  })

  it('weighted route: without the header, reviews splits 50/30/20 over v1, v2, v3, each with its endpoints', () => {
    const e = run(sidecar, 'http://reviews:9080/reviews/1')
    expect(e.route?.chosen).toBe('reviews.default.default')
    expect(e.route?.rejected).toEqual([{name: 'reviews.default.end-user', reason: 'no match: header end-user required (the request has none)'}])
    expect(e.weightedTargets?.map((t) => [t.cluster.split('|')[2], t.percent])).toEqual([
      ['v1', 50],
      ['v2', 30],
      ['v3', 20],
    ])
    expect(e.weightedTargets?.[2].endpointsStep.details?.endpoints).toMatchObject([{address: '10.244.0.17:9080'}])
  })

  it('cluster details: outlier detection and circuit breakers of the ratings DestinationRule', () => {
    const e = run(sidecar, 'http://ratings:9080/')
    expect(e.cluster?.details).toMatchObject({type: 'EDS', lbPolicy: 'LEAST_REQUEST'})
    expect(String(e.cluster?.details?.outlierDetection)).toContain('eject after 5 consecutive 5xx')
    expect(String(e.cluster?.details?.circuitBreakers)).toContain('max connections 100, pending requests 10')
    expect(String(e.cluster?.details?.tls)).toContain('ISTIO_MUTUAL')
    expect(e.endpoints?.rejected).toEqual([{name: '10.244.0.19:9080', reason: 'DRAINING: the load balancer skips it'}])
  })

  it('passthrough: an unknown host on a known HTTP port falls to the allow_any virtual host and PassthroughCluster', () => {
    const e = run(sidecar, 'http://example.org/')
    expect(path(e)).toMatchObject({listener: '0.0.0.0_80', route: 'allow_any', cluster: 'PassthroughCluster'})
    expect(e.virtualHost?.chosen).toBe('allow_any')
    expect(e.outcome.kind).toBe('passthrough')
  })

  it('passthrough: a port with no listener stays in virtualOutbound and takes its catch-all TCP chain', () => {
    const e = run(sidecar, 'tcp://10.1.2.3:5432')
    expect(path(e)).toMatchObject({listener: 'virtualOutbound', chain: 'virtualOutbound-catchall-tcp (#1)', cluster: 'PassthroughCluster'})
  })

  it('passthrough: non-HTTP bytes to an HTTP port take the default chain (http_inspector finds no HTTP)', () => {
    expect(path(run(sidecar, 'tcp://reviews:9080'))).toMatchObject({chain: 'PassthroughFilterChain (default)', cluster: 'PassthroughCluster'})
  })

  it('TLS to :443 for a host without a ServiceEntry misses the SNI chain and passes through', () => {
    const e = run(sidecar, 'https://www.example.org/')
    expect(path(e)).toMatchObject({listener: '0.0.0.0_443', chain: 'PassthroughFilterChain (default)'})
    expect(e.filterChain?.rejected[0].reason).toContain('server_names wants api.payments.example.com')
  })

  it('blackhole: a connection to the capture port itself', () => {
    const e = run(sidecar, 'tcp://10.1.2.3:15001')
    expect(path(e)).toMatchObject({listener: 'virtualOutbound', chain: 'virtualOutbound-blackhole (#0)', cluster: 'BlackHoleCluster'})
    expect(e.outcome.kind).toBe('blackhole')
  })

  it('excluded: traffic to localhost is not captured', () => {
    const e = run(sidecar, 'http://127.0.0.1:8080/')
    expect(e.outcome.kind).toBe('not-captured')
    expect(e.listener).toBeNull()
  })

  it('inbound: port 9080 through virtualInbound to inbound|9080||, mTLS chain; the admin port 15021 is excluded', () => {
    const e = run(sidecar, 'http://productpage:9080/productpage', {inbound: true})
    expect(path(e)).toMatchObject({listener: 'virtualInbound', chain: '0.0.0.0_9080 (#5)', cluster: 'inbound|9080||', endpoints: ['10.244.0.12:9080']})
    expect(run(sidecar, 'http://productpage:15021/healthz/ready', {inbound: true}).outcome.kind).toBe('not-captured')
    expect(path(run(sidecar, 'tcp://10.244.0.12:7070', {inbound: true}))).toMatchObject({chain: 'virtualInbound (#1)', cluster: 'InboundPassthroughCluster'})
  })
})

describe('explain on the gateway fixture: every host it serves', () => {
  const productpage = 'outbound|9080||productpage.default.svc.cluster.local'
  it.each([
    ['http://bookinfo.example.com:8080/productpage', 'default.bookinfo.0'],
    ['http://bookinfo.example.com:8080/static/css/style.css', 'default.bookinfo.1'],
    ['http://bookinfo.example.com:8080/login', 'default.bookinfo.2'],
    ['http://bookinfo.example.com:8080/logout?next=/', 'default.bookinfo.2'],
    ['http://bookinfo.example.com:8080/api/v1/products/1', 'default.bookinfo.3'],
    ['https://bookinfo.example.com:8443/productpage', 'default.bookinfo.0'],
    ['https://legacy.example.com:8443/shop', 'default.legacy-shop.0'],
  ])('%s → route %s → productpage', (url, route) => {
    const e = run(gateway, url)
    expect(e.capture.chosen).toBe('not captured (no capture listeners)')
    expect(path(e)).toMatchObject({route, cluster: productpage, endpoints: ['10.244.0.12:9080']})
  })

  it('SNI picks the TLS chain of each host on 8443', () => {
    expect(run(gateway, 'https://legacy.example.com:8443/').filterChain?.chosen).toBe('0.0.0.0_8443_legacy.example.com (#1)')
  })

  it('regex route: safe_regex /(login|logout) must match the whole path', () => {
    const e = run(gateway, 'http://bookinfo.example.com:8080/login/more')
    expect(e.route?.chosen).toBeNull()
    expect(e.route?.rejected.find((r) => r.name === 'default.bookinfo.2')?.reason).toContain('safe_regex "/(login|logout)"')
  })

  it('path_separated_prefix /static does not match /staticfoo: 404', () => {
    const e = run(gateway, 'http://bookinfo.example.com:8080/staticfoo')
    expect(e.outcome.kind).toBe('no-route')
    expect(e.outcome.summary).toContain('404')
  })

  it('redirect: plain HTTP to legacy.example.com is sent to HTTPS', () => {
    const e = run(gateway, 'http://legacy.example.com:8080/shop?x=1', {headers: [['host', 'legacy.example.com']]})
    expect(e.outcome).toEqual({kind: 'redirect', summary: 'Envoy answers 301 with Location: https://legacy.example.com/shop?x=1; no upstream is called'})
  })

  it('misses: unknown host (404), unknown SNI (connection closed), unbound port', () => {
    expect(run(gateway, 'http://nope.example.com:8080/').outcome.kind).toBe('no-virtual-host')
    expect(run(gateway, 'https://nope.example.com:8443/').outcome.kind).toBe('no-filter-chain')
    const unbound = run(gateway, 'http://bookinfo.example.com/productpage')
    expect(unbound.outcome.kind).toBe('no-listener')
    expect(unbound.listener?.reason).toContain('8080, 8443')
  })
})
