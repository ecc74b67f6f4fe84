import {describe, expect, it} from 'vitest'

import {closest, editDistance, nearby} from '../../src/core/suggest.js'

describe('closest', () => {
  const names = ['all', 'a', 'cluster', 'clusters', 'c', 'listener', 'l', 'log', 'route', 'routes', 'secret', 'endpoint', 'ecds']

  it.each([
    ['clustr', 'cluster'],
    ['CLUSTER', 'cluster'],
    ['lisetner', 'listener'],
    ['rout', 'route'],
    ['endpont', 'endpoint'],
    ['sec', 'secret'],
    ['logs', 'log'],
  ])('%s -> %s', (typed, expected) => expect(closest(typed, names)).toBe(expected))

  it.each(['xyzzy', 'kubernetes', 'bootstrapper-x'])('nothing for %s', (typed) => expect(closest(typed, names)).toBeUndefined())

  it('measures edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('', 'abc')).toBe(3)
    expect(editDistance('same', 'same')).toBe(0)
  })
})

describe('nearby', () => {
  const loggers = ['admin', 'aws', 'client', 'config', 'connection', 'conn_handler', 'http', 'http2', 'router', 'upstream']

  it('lists every near candidate, nearest first, at most max', () => {
    expect(nearby('htp', loggers)).toEqual(['http', 'http2'])
    expect(nearby('conection', loggers)).toEqual(['connection'])
    expect(nearby('con', loggers, 2)).toEqual(['config', 'connection'])
  })

  it('is empty when nothing is near', () => expect(nearby('redis', loggers)).toEqual([]))
})
