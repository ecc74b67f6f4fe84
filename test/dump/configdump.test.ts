import {describe, expect, it} from 'vitest'

import {ConfigDump, RESOURCES} from '../../src/dump/configdump.js'

const dump = (value: unknown) => ConfigDump.fromBuffer(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value, null, 2)), 'file d.json')

describe('ConfigDump', () => {
  it('finds sections by v3 and v2alpha type, the last one winning, and skips unknown types', () => {
    const d = dump({
      configs: [
        {'@type': 'type.googleapis.com/cilium.NetworkPoliciesConfigDump', networkpolicies: [{name: 'x'}]},
        {'@type': 'type.googleapis.com/envoy.admin.v2alpha.ClustersConfigDump', static_clusters: [{cluster: {name: 'old'}}]},
        {'@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', staticClusters: [{cluster: {name: 'new'}}], dynamicActiveClusters: [{cluster: {name: 'dyn'}}]},
      ],
    })
    expect(
      [
        ...d.resources('clusters', [
          ['dynamic_active_clusters', 'cluster'],
          ['static_clusters', 'cluster'],
        ]),
      ].map((c) => c.value.name),
    ).toEqual(['dyn', 'new'])
    expect(d.has('listeners')).toBe(false)
  })

  it('follows dotted paths and skips entries without the resource', () => {
    const d = dump({
      configs: [
        {
          '@type': 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump',
          dynamic_listeners: [
            {name: 'w', warming_state: {}},
            {name: 'a', active_state: {listener: {name: 'a'}}},
          ],
        },
      ],
    })
    expect([...d.resources('listeners', [['dynamic_listeners', 'active_state.listener']])].map((l) => l.value.name)).toEqual(['a'])
  })

  it('accepts a byte-order mark', () => {
    expect(dump('\uFEFF{"configs": []}').has('clusters')).toBe(false)
  })

  it('names the origin and the problem for bad input', () => {
    expect(() => dump('')).toThrow('file d.json is empty')
    expect(() => dump('[]')).toThrow('file d.json is not an Envoy config dump')
    expect(() => dump({configs: {}})).toThrow('is not an Envoy config dump')
    expect(() => dump('{"configs": [{"@type": "x", "a": [1,')).toThrow(/file d.json is not valid JSON: unexpected end of data .* at byte \d+/)
    expect(() => dump('{"configs": []} trailing')).toThrow(/unexpected data after the end of the dump at byte 16/)
    const broken = dump('{"configs": [{"@type": "type.googleapis.com/envoy.admin.v3.ClustersConfigDump", "static_clusters": [{"cluster": {"name": x}}]}]}')
    expect(() => [...broken.resources('clusters', [['static_clusters', 'cluster']])]).toThrow(/not valid JSON: .* at byte \d+ \(in the ClustersConfigDump section\)/)
    expect(dump({configs: []}).has('clusters')).toBe(false)
  })
})

describe('ConfigDump fast and full paths agree', () => {
  const clusters = {
    '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
    static_clusters: [{cluster: {name: 'a', metadata: {filter_metadata: {x: {note: 'type.googleapis.com/envoy.admin.v3.Fake'}}}}}],
  }
  const routes = {'@type': 'type.googleapis.com/envoy.admin.v3.RoutesConfigDump', static_route_configs: [{route_config: {name: 'r'}}]}
  const names = (d: ConfigDump) => [...d.resources('clusters', [['static_clusters', 'cluster']])].map((c) => c.value.name)

  it('reads Envoy layout, compact layout, and dumps with foreign sections in between', () => {
    for (const text of [
      JSON.stringify({configs: [clusters, routes]}, null, 1),
      JSON.stringify({configs: [clusters, routes]}),
      JSON.stringify({configs: [clusters, {'@type': 'type.googleapis.com/cilium.X', y: 1}, routes]}, null, 2),
      JSON.stringify({configs: [routes, clusters, clusters]}),
    ]) {
      const d = dump(text)
      expect(names(d)).toEqual(['a'])
      expect(d.section('routes')?.static_route_configs).toEqual(routes.static_route_configs)
    }
  })

  it('still rejects a truncated dump that looks right up to the cut', () => {
    const text = JSON.stringify({configs: [clusters, routes]}, null, 1)
    expect(() => dump(text.slice(0, text.length - 3))).toThrow(/not valid JSON: unexpected end of data/)
  })
})

describe('sections too large to parse whole', () => {
  it('give the same resources, reloadable one at a time', async () => {
    const {readFileSync} = await import('node:fs')
    const bytes = readFileSync(new URL('../../fixtures/bookinfo-productpage.json', import.meta.url))
    const whole = ConfigDump.fromBuffer(bytes, 'x')
    const pieces = ConfigDump.fromBuffer(bytes, 'x', 1)
    for (const name of ['clusters', 'listeners', 'routes', 'endpoints'] as const) {
      const groups = RESOURCES[name]
      const a = [...whole.resources(name, groups)]
      const b = [...pieces.resources(name, groups)]
      expect(b.map((r) => r.value)).toEqual(a.map((r) => r.value))
      expect(b.map((r) => r.load())).toEqual(a.map((r) => r.value))
      expect(a.length).toBeGreaterThan(3)
    }
    expect(pieces.section('bootstrap')).toEqual(whole.section('bootstrap'))
  })
})
