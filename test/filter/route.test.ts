import {describe, expect, it} from 'vitest'

import {filterRoutes, sortRoutes} from '../../src/filter/route.js'
import {parseRouteConfiguration} from '../../src/model/route.js'

const named = (...names: string[]) => names.map((name) => parseRouteConfiguration({name}))

describe('filterRoutes', () => {
  it('matches the name exactly, case-sensitively; no name keeps all', () => {
    const configs = named('80', 'web', 'Web')
    expect(filterRoutes(configs, 'web').map((r) => r.name)).toEqual(['web'])
    expect(filterRoutes(configs, 'we')).toEqual([])
    expect(filterRoutes(configs).map((r) => r.name)).toEqual(['80', 'web', 'Web'])
  })
})

describe('sortRoutes', () => {
  it('sorts numeric runs and leaves named configs as barriers', () => {
    const sorted = sortRoutes(named('9080', '80', 'InboundPassthroughCluster', '15010', '443', 'x'))
    expect(sorted.map((r) => r.name)).toEqual(['80', '9080', 'InboundPassthroughCluster', '443', '15010', 'x'])
  })

  it('treats signed integers as numbers and anything else as a name', () => {
    expect(sortRoutes(named('+5', '-1', '1.5', '3', '2')).map((r) => r.name)).toEqual(['-1', '+5', '1.5', '2', '3'])
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
