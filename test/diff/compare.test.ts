import {describe, expect, it} from 'vitest'

import {canonicalJson, compare} from '../../src/diff/compare.js'
import {describeValue} from '../../src/diff/lists.js'

describe('compare', () => {
  it('finds nothing between equal values, whatever their member order', () => {
    expect(compare({a: 1, b: {c: [1, 2]}}, {b: {c: [1, 2]}, a: 1})).toEqual([])
  })

  it('reports changed, added and removed members by path, sorted', () => {
    expect(compare({a: 1, b: {c: 'x'}, gone: true}, {a: 2, b: {c: 'y', d: 3}})).toEqual([
      {path: 'a', change: 'changed', left: 1, right: 2},
      {path: 'b.c', change: 'changed', left: 'x', right: 'y'},
      {path: 'b.d', change: 'added', right: 3},
      {path: 'gone', change: 'removed', left: true},
    ])
  })

  it('ignores version_info and last_updated at any depth', () => {
    expect(compare({versionInfo: '1', x: {lastUpdated: 'a', last_updated: 'b', version_info: '2'}}, {versionInfo: '9', x: {lastUpdated: 'z'}})).toEqual([])
  })

  it('quotes map keys that are not plain words', () => {
    expect(compare({typedPerFilterConfig: {'envoy.filters.http.fault': 1}}, {typedPerFilterConfig: {'envoy.filters.http.fault': 2}})).toEqual([
      {path: 'typedPerFilterConfig["envoy.filters.http.fault"]', change: 'changed', left: 1, right: 2},
    ])
  })

  it('reports a type change as a change of the whole value', () => {
    expect(compare({a: [1]}, {a: {b: 1}})).toEqual([{path: 'a', change: 'changed', left: [1], right: {b: 1}}])
  })

  describe('lists whose order Envoy ignores', () => {
    it('matches virtual hosts by name and compares domains as a set', () => {
      const left = {
        virtualHosts: [
          {name: 'a', domains: ['a', 'a:80']},
          {name: 'b', domains: ['b']},
        ],
      }
      const right = {
        virtualHosts: [
          {name: 'b', domains: ['b']},
          {name: 'a', domains: ['a:80', 'a']},
        ],
      }
      expect(compare(left, right)).toEqual([])
      const changed = {
        virtualHosts: [
          {name: 'a', domains: ['a:80', 'a:8080']},
          {name: 'c', domains: []},
        ],
      }
      expect(compare(left, changed)).toEqual([
        {path: 'virtualHosts["a"].domains["a"]', change: 'removed', left: 'a'},
        {path: 'virtualHosts["a"].domains["a:8080"]', change: 'added', right: 'a:8080'},
        {path: 'virtualHosts["b"]', change: 'removed', left: {name: 'b', domains: ['b']}},
        {path: 'virtualHosts["c"]', change: 'added', right: {name: 'c', domains: []}},
      ])
    })

    it('counts repeated set members', () => {
      expect(compare({domains: ['a', 'a']}, {domains: ['a']})).toEqual([{path: 'domains["a"]', change: 'removed', left: 'a'}])
    })

    it('keys filter chains by name, by name and match when names repeat, else by match', () => {
      const tls = {name: 'in', filterChainMatch: {transportProtocol: 'tls'}, filters: [{name: 'f'}]}
      const raw = {name: 'in', filterChainMatch: {transportProtocol: 'raw_buffer'}, filters: [{name: 'f'}]}
      expect(compare({filterChains: [tls, raw]}, {filterChains: [raw, tls]})).toEqual([])
      const changed = {...raw, filters: [{name: 'g'}]}
      expect(compare({filterChains: [tls, raw]}, {filterChains: [changed, tls]})).toEqual([
        {path: 'filterChains["in transportProtocol=raw_buffer"].filters["f"]', change: 'removed', left: {name: 'f'}},
        {path: 'filterChains["in transportProtocol=raw_buffer"].filters["g"]', change: 'added', right: {name: 'g'}, position: 0},
      ])
      const unnamed = [{filterChainMatch: {destinationPort: 80}}, {}]
      expect(compare({filterChains: unnamed}, {filterChains: [...unnamed].reverse()})).toEqual([])
    })

    it('keys endpoints by locality and address', () => {
      const group = (zone: string, ...ips: string[]) => ({
        locality: {zone},
        lbEndpoints: ips.map((ip) => ({endpoint: {address: {socketAddress: {address: ip, portValue: 80}}}, healthStatus: 'HEALTHY'})),
      })
      const left = {endpoints: [group('a', '10.0.0.1', '10.0.0.2'), group('b', '10.0.1.1')]}
      expect(compare(left, {endpoints: [group('b', '10.0.1.1'), group('a', '10.0.0.2', '10.0.0.1')]})).toEqual([])
      expect(compare(left, {endpoints: [group('a', '10.0.0.2'), group('b', '10.0.1.1')]})).toEqual([
        {path: 'endpoints["zone=a"].lbEndpoints["10.0.0.1:80"]', change: 'removed', left: group('a', '10.0.0.1').lbEndpoints[0]},
      ])
    })
  })

  describe('lists whose order Envoy follows', () => {
    it('reports routes that moved, matched by name', () => {
      const a = {name: 'a', match: {prefix: '/a'}}
      const b = {name: 'b', match: {prefix: '/'}}
      expect(compare({routes: [a, b]}, {routes: [b, a]})).toEqual([{path: 'routes', change: 'reordered', left: ['a', 'b'], right: ['b', 'a']}])
    })

    it('says where a route was added', () => {
      const a = {name: 'a'}
      const b = {name: 'b'}
      expect(compare({routes: [a, b]}, {routes: [a, {name: 'new'}, b]})).toEqual([{path: 'routes["new"]', change: 'added', right: {name: 'new'}, position: 1}])
    })

    it('matches unnamed routes by their match', () => {
      const a = {match: {prefix: '/a'}, route: {cluster: 'x'}}
      const b = {match: {prefix: '/'}, route: {cluster: 'y'}}
      expect(compare({routes: [a, b]}, {routes: [a, {...b, route: {cluster: 'z'}}]})).toEqual([
        {path: 'routes["prefix=/"].route.cluster', change: 'changed', left: 'y', right: 'z'},
      ])
    })

    it('compares item by item when no key tells items apart', () => {
      expect(compare({routes: [{name: 'x'}, {name: 'x', timeout: '1s'}]}, {routes: [{name: 'x', timeout: '1s'}, {name: 'x'}]})).toEqual([
        {path: 'routes[0].timeout', change: 'added', right: '1s'},
        {path: 'routes[1].timeout', change: 'removed', left: '1s'},
      ])
    })

    it('keeps HTTP filter order and plain lists ordered', () => {
      expect(compare({httpFilters: [{name: 'a'}, {name: 'b'}]}, {httpFilters: [{name: 'b'}, {name: 'a'}]})).toEqual([
        {path: 'httpFilters', change: 'reordered', left: ['a', 'b'], right: ['b', 'a']},
      ])
      expect(compare({clusters: ['primary', 'backup']}, {clusters: ['backup', 'primary']})).toEqual([
        {path: 'clusters[0]', change: 'changed', left: 'primary', right: 'backup'},
        {path: 'clusters[1]', change: 'changed', left: 'backup', right: 'primary'},
      ])
      expect(compare({x: [1, 2]}, {x: [1, 2, 3]})).toEqual([{path: 'x[2]', change: 'added', right: 3, position: 2}])
    })
  })
})

describe('describeValue and canonicalJson', () => {
  it('describe a value the same way whatever its member and set order', () => {
    expect(describeValue({b: ['y', 'x'], a: {c: 1}})).toBe('a={c=1} b=x,y')
    expect(canonicalJson({b: 1, a: {d: 2, c: 3}})).toBe('{"a":{"c":3,"d":2},"b":1}')
  })
})
