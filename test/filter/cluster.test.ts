import {describe, expect, it} from 'vitest'

import {filterClusters, matchesCluster, sortByClusterName} from '../../src/filter/cluster.js'
import {parseCluster} from '../../src/model/cluster.js'

const REVIEWS = 'outbound|9080|v1|reviews.default.svc.cluster.local'

describe('cluster filters', () => {
  it('are substring tests on the name, the port between pipes', () => {
    expect(matchesCluster(REVIEWS, {})).toBe(true)
    expect(matchesCluster(REVIEWS, {fqdn: 'reviews.default', direction: 'outbound', subset: 'v1', port: 9080})).toBe(true)
    expect(matchesCluster(REVIEWS, {fqdn: 'ratings'})).toBe(false)
    expect(matchesCluster(REVIEWS, {direction: 'inbound'})).toBe(false)
    expect(matchesCluster(REVIEWS, {subset: 'v2'})).toBe(false)
    expect(matchesCluster(REVIEWS, {port: 908})).toBe(false)
    // istioctl's subset test is a substring test too.
    expect(matchesCluster(REVIEWS, {subset: 'revi'})).toBe(true)
    expect(matchesCluster('BlackHoleCluster', {port: 0})).toBe(true)
  })

  it('keep the clusters that match, in order', () => {
    const clusters = ['a|80||x', REVIEWS, 'b|80||y'].map((name) => parseCluster({name}))
    expect(filterClusters(clusters, {port: 80}).map((c) => c.name)).toEqual(['a|80||x', 'b|80||y'])
  })
})

describe('sortByClusterName', () => {
  it('orders Istio names by hostname, subset, port, direction; plain names by text', () => {
    const names = ['outbound|9080|v2|reviews', 'inbound|80||', 'PassthroughCluster', 'outbound|80|v2|reviews', 'agent']
    expect(sortByClusterName(names, (n) => n)).toEqual(['inbound|80||', 'PassthroughCluster', 'agent', 'outbound|80|v2|reviews', 'outbound|9080|v2|reviews'])
  })

  it('keeps equal keys in input order', () => {
    const items = [
      {id: 1, name: 'x'},
      {id: 2, name: 'x'},
    ]
    expect(sortByClusterName(items, (i) => i.name).map((i) => i.id)).toEqual([1, 2])
  })
})
