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
})
