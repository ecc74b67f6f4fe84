import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {load, loadUnready} from '../../src/catalog/catalog.js'
import {loadClusterStatuses} from '../../src/catalog/clusters-answer.js'
import {ConfigDump} from '../../src/dump/configdump.js'

const bytes = readFileSync('test/support/dumps/sidecar.json')
const dump = ConfigDump.fromBuffer(bytes, 'file sidecar.json')
const empty = ConfigDump.fromBuffer(Buffer.from('{"configs": []}'), 'file empty.json')

describe('load', () => {
  it('reads every kind of the dump as models', () => {
    expect(load(dump, 'cluster').length).toBeGreaterThan(0)
    expect(load(dump, 'listener').every((l) => typeof l.name === 'string')).toBe(true)
    expect(load(dump, 'route').length).toBeGreaterThan(0)
    expect(load(dump, 'eds').every((a) => a.clusterName !== '')).toBe(true)
    expect(load(dump, 'secret').entries.map((e) => e.state)).toContain('ACTIVE')
    expect(load(dump, 'bootstrap')).toHaveProperty('bootstrap')
    const {entries, filters} = load(dump, 'ecds')
    expect(filters).toHaveLength(entries.length)
  })

  it('keeps a model able to give its JSON again', () => {
    const [cluster] = load(dump, 'cluster')
    expect(cluster.load()).toHaveProperty('name', cluster.name)
  })

  it("says in istioctl's words what a dump lacks, and how to save a dump that has it", () => {
    expect(() => load(empty, 'cluster')).toThrow(
      'file empty.json: config dump has no configuration type type.googleapis.com/envoy.admin.v3.ClustersConfigDump; a dump saved with mask= or resource= leaves sections out: save the whole /config_dump?include_eds=true',
    )
    expect(() => load(empty, 'listener')).toThrow('file empty.json: listener dump: config dump has no configuration type')
    expect(() => load(empty, 'secret')).toThrow("file empty.json: sidecar doesn't support secrets")
    expect(() => load(empty, 'bootstrap')).toThrow('BootstrapConfigDump')
    // Unlike istioctl, a missing EDS or ECDS section is not taken for an empty one.
    expect(() => load(empty, 'eds')).toThrow("EndpointsConfigDump; the dump was saved without EDS: save one from Envoy's /config_dump?include_eds=true")
    expect(() => load(empty, 'ecds')).toThrow('EcdsConfigDump; Envoy writes it only once a filter is delivered by ECDS, so this proxy has none')
  })
})

describe('loadUnready', () => {
  const rejected = ConfigDump.fromBuffer(readFileSync('test/golden-inputs/rejected.json'), 'file rejected.json')

  it('gives warming resources and refused updates as models, with their dump entries', () => {
    const listeners = loadUnready(rejected, 'listener')
    expect(listeners.entryType).toBe('envoy.admin.v3.ListenersConfigDump.DynamicListener')
    expect(listeners.items.map((u) => [u.resource.name, u.resource.port, u.resource.status.state])).toEqual([
      ['virtualInbound', 15006, 'rejected'],
      ['10.96.0.1_443', 443, 'warming'],
    ])
    expect(listeners.items[0].entry()).toHaveProperty('client_status', 'NACKED')
    expect(loadUnready(rejected, 'cluster').items.map((u) => u.resource.status.state)).toEqual(['warming'])
    expect(loadUnready(rejected, 'route').items.map((u) => u.resource.name)).toEqual(['15010'])
    expect(loadUnready(rejected, 'eds').items.map((u) => u.resource.clusterName)).toEqual(['outbound|9080||ratings.default.svc.cluster.local'])
    // Active resources stay where istioctl lists them.
    expect(load(rejected, 'listener').map((l) => l.name)).toEqual(['virtualOutbound', '0.0.0.0_9080'])
    expect(loadUnready(empty, 'listener').items).toEqual([])
  })
})

describe('load: what explain follows', () => {
  const edge = ConfigDump.fromBuffer(readFileSync('test/golden-inputs/edge-sidecar.json'), 'file edge-sidecar.json')

  it('traffic: routes, clusters and EDS, none required; no EDS section is told apart from an empty one', () => {
    const {routes, clusters, assignments} = load(edge, 'traffic')
    expect(routes.map((r) => r.name)).toEqual(['8080', '80'])
    expect(clusters.map((c) => c.name)).toContain('outbound|5432|v2|ledger.shop.svc.cluster.local')
    expect(assignments?.length).toBeGreaterThan(0)
    expect(load(empty, 'traffic')).toEqual({routes: [], clusters: [], assignments: undefined})
  })

  it("rejected: the error_state entries of listeners, route configurations and clusters, with Envoy's text", () => {
    const rejected = load(edge, 'rejected')
    expect(rejected.listener).toEqual([
      {
        name: 'virtualInbound',
        details: "error adding listener '0.0.0.0:15006': multiple filter chains with the same matching rules are defined",
        lastUpdateAttempt: '2026-02-03T10:20:30.503Z',
      },
    ])
    expect(rejected.cluster.map((r) => r.name)).toEqual(['outbound|8080|beta|catalog.shop.svc.cluster.local'])
    expect(rejected.route).toEqual([])
    expect(load(empty, 'rejected')).toEqual({listener: [], route: [], cluster: []})
  })

  it('a rejected cluster is not among the clusters', () => {
    expect(load(edge, 'cluster').map((c) => c.name)).not.toContain('outbound|8080|beta|catalog.shop.svc.cluster.local')
  })
})

describe('loadClusterStatuses', () => {
  it('reads /clusters?format=json and refuses a config dump with a hint', () => {
    expect(loadClusterStatuses(readFileSync('test/support/dumps/sidecar-clusters.json'), 'file c.json').length).toBeGreaterThan(0)
    expect(() => loadClusterStatuses(bytes, 'file sidecar.json')).toThrow('`eds` shows the endpoints of a config dump')
    expect(() => loadClusterStatuses(Buffer.from('[]'), 'file list.json')).toThrow("is not Envoy's /clusters?format=json")
  })
})
