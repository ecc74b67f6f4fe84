import {describe, expect, it} from 'vitest'

import {compareSubsetKeys, isSubsetKey, istioConfigRef, istioConfigSource, parseSubsetKey, safeSubsetKey} from '../../src/model/istio.js'

describe('Istio cluster names', () => {
  it('splits outbound subset keys', () => {
    expect(parseSubsetKey('outbound|9080|v1|reviews.default.svc.cluster.local')).toEqual({
      direction: 'outbound',
      port: 9080,
      subset: 'v1',
      hostname: 'reviews.default.svc.cluster.local',
    })
  })

  it('keeps empty subset and hostname of inbound keys', () => {
    expect(parseSubsetKey('inbound|9080||')).toEqual({direction: 'inbound', port: 9080, subset: '', hostname: ''})
  })

  it('drops a hostname that still holds a separator', () => {
    expect(parseSubsetKey('a|1|b|c|d').hostname).toBe('')
  })

  it('reads DNS SRV style names with _. separators', () => {
    expect(parseSubsetKey('outbound_.80_._.httpbin.default.svc.cluster.local')).toEqual({
      direction: 'outbound',
      port: 80,
      subset: '',
      hostname: 'httpbin.default.svc.cluster.local',
    })
  })

  it('treats a non-numeric port as 0 and needs three pipes to be a key', () => {
    expect(parseSubsetKey('outbound|http|v1|x').port).toBe(0)
    expect(isSubsetKey('outbound|80|x')).toBe(false)
    expect(safeSubsetKey('PassthroughCluster')).toEqual({direction: '', port: 0, subset: '', hostname: 'PassthroughCluster'})
  })

  it('orders by hostname, subset, port, then direction, byte-wise', () => {
    const names = ['outbound|9080|v2|reviews', 'outbound|9080|v1|reviews', 'inbound|9080||', 'agent', 'BlackHoleCluster', 'outbound|80|v1|reviews']
    const sorted = [...names].sort((a, b) => compareSubsetKeys(safeSubsetKey(a), safeSubsetKey(b)))
    expect(sorted).toEqual(['inbound|9080||', 'BlackHoleCluster', 'agent', 'outbound|80|v1|reviews', 'outbound|9080|v1|reviews', 'outbound|9080|v2|reviews'])
  })
})

describe('istioConfigSource', () => {
  const meta = (config: unknown) => ({filter_metadata: {istio: {config}}})

  it('names the Istio object as name.namespace', () => {
    expect(istioConfigSource(meta('/apis/networking.istio.io/v1/namespaces/default/destination-rule/reviews'))).toBe('reviews.default')
  })

  it('is empty without metadata and <unknown> for foreign values', () => {
    expect(istioConfigSource(undefined)).toBe('')
    expect(istioConfigSource({filter_metadata: {istio: {}}})).toBe('')
    expect(istioConfigSource(meta('/apis/other/x'))).toBe('<unknown>')
    expect(istioConfigSource(meta(''))).toBe('<unknown>')
    expect(istioConfigSource(meta('/apis/networking.istio.io/v1/namespaces/default/virtual-service'))).toBe('')
  })

  it('reads camelCase metadata too', () => {
    expect(istioConfigSource({filterMetadata: {istio: {config: '/apis/networking.istio.io/v1/namespaces/ns/virtual-service/vs'}}})).toBe('vs.ns')
  })
})

describe('istioConfigRef', () => {
  it('splits the config path into group, version, namespace, kind and name', () => {
    expect(istioConfigRef({filter_metadata: {istio: {config: '/apis/networking.istio.io/v1alpha3/namespaces/prod/virtual-service/web'}}})).toEqual({
      group: 'networking.istio.io',
      version: 'v1alpha3',
      namespace: 'prod',
      kind: 'virtual-service',
      name: 'web',
    })
  })

  it('is undefined for absent, foreign or short paths', () => {
    expect(istioConfigRef(undefined)).toBeUndefined()
    expect(istioConfigRef({filter_metadata: {istio: {config: '/apis/other/v1/namespaces/a/b/c'}}})).toBeUndefined()
    expect(istioConfigRef({filter_metadata: {istio: {config: '/apis/networking.istio.io/v1/namespaces/a/b'}}})).toBeUndefined()
  })
})
