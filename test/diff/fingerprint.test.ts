import path from 'node:path'

import {describe, expect, it} from 'vitest'

import {canonicalForm, findDisagreements, fingerprint} from '../../src/diff/fingerprint.js'
import {ConfigDump} from '../../src/dump/configdump.js'
import {type Dump, cluster, copy, loadDump, reordered, section, virtualHost} from '../support/dump-variants.js'
import {projectRoot} from '../support/run-cli.js'

const original = loadDump(path.join(projectRoot, 'fixtures/bookinfo-productpage.json'))
const parsed = (d: Dump) => ConfigDump.fromBuffer(Buffer.from(JSON.stringify(d)), 'test')
const TYPES = ['cluster', 'listener', 'route', 'endpoint', 'secret'] as const

describe('canonicalForm', () => {
  it('sorts what Envoy does not order and keeps what it does', () => {
    expect(canonicalForm({domains: ['b', 'a'], versionInfo: '7'})).toEqual({domains: ['a', 'b']})
    expect(canonicalForm({virtualHosts: [{name: 'b'}, {name: 'a'}]})).toEqual({virtualHosts: [{name: 'a'}, {name: 'b'}]})
    expect(canonicalForm({routes: [{name: 'b'}, {name: 'a'}]})).toEqual({routes: [{name: 'b'}, {name: 'a'}]})
  })
})

describe('fingerprint', () => {
  it('is the same for a dump and a reordered, restamped copy, and not for a changed route weight', async () => {
    const same = await fingerprint(parsed(original), TYPES)
    expect((await fingerprint(parsed(reordered(original)), TYPES)).digest).toBe(same.digest)
    const changed = copy(original)
    virtualHost(changed, '9080', 'reviews.default.svc.cluster.local:9080').routes[1].route.weighted_clusters.clusters[0].weight = 1
    const other = await fingerprint(parsed(changed), TYPES)
    expect(other.digest).not.toBe(same.digest)
    expect([...other.resources].filter(([k, d]) => same.resources.get(k) !== d).map(([k]) => k)).toEqual(['route 9080'])
  })

  it('leaves out a workload certificate, which differs per pod by design, but not the roots', async () => {
    const keys = [...(await fingerprint(parsed(original), ['secret'])).resources.keys()]
    expect(keys).toContain('secret ROOTCA')
    expect(keys).not.toContain('secret default')
  })
})

describe('findDisagreements', () => {
  it('names the replicas that differ from the most common configuration, resource by resource', async () => {
    const base = await fingerprint(parsed(original), ['cluster'])
    const d = copy(original)
    const extra = structuredClone(cluster(d, 'outbound|9080|v1|reviews.default.svc.cluster.local'))
    extra.name = 'outbound|9080|v9|reviews.default.svc.cluster.local'
    section(d, 'Clusters').dynamic_active_clusters.push({cluster: extra})
    const odd = await fingerprint(parsed(d), ['cluster'])
    const report = findDisagreements([
      {pod: 'c', print: base},
      {pod: 'b', print: odd},
      {pod: 'a', print: base},
    ])
    expect(report).toEqual({majority: 2, total: 3, odd: [{pod: 'b', differences: [{resource: `cluster ${extra.name}`, change: 'added'}]}]})
    // A tie goes to the group of the first pod in name order, so the answer does not depend on arrival order.
    expect(
      findDisagreements([
        {pod: 'y', print: base},
        {pod: 'x', print: odd},
      ]).odd.map((o) => o.pod),
    ).toEqual(['y'])
    expect(findDisagreements([])).toEqual({majority: 0, total: 0, odd: []})
  })
})
