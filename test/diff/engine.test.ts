import {X509Certificate} from 'node:crypto'
import {readFileSync} from 'node:fs'
import path from 'node:path'

import {describe, expect, it} from 'vitest'

import {ConfigDump} from '../../src/dump/configdump.js'
import {type DiffOptions, diffDumps} from '../../src/diff/engine.js'
import {RESOURCE_TYPES} from '../../src/diff/resources.js'
import {type Dump, type Json, assignment, cluster, copy, listener, loadDump, reordered, secret, section, virtualHost} from '../support/dump-variants.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const sidecar = loadDump(path.join(ROOT, 'fixtures/bookinfo-productpage.json'))
const gateway = loadDump(path.join(ROOT, 'fixtures/ingressgateway.json'))

const REVIEWS = 'reviews.default.svc.cluster.local:9080'
const ROUTE_PATH = `virtualHosts["${REVIEWS}"].routes`

async function diff(left: Dump, right: Dump, opts: Partial<DiffOptions> = {}) {
  const dump = (d: Dump, name: string) => ConfigDump.fromBuffer(Buffer.from(JSON.stringify(d)), `file ${name}`)
  return diffDumps(dump(left, 'left.json'), dump(right, 'right.json'), {types: RESOURCE_TYPES, required: new Set(), ...opts})
}

/** The resources that differ, with the paths of their changed fields. */
async function summary(left: Dump, right: Dump, opts: Partial<DiffOptions> = {}) {
  const {differences} = await diff(left, right, opts)
  return differences.map((d) => [d.type, d.name, d.change, d.fields.map((f) => f.path)])
}

describe('diffDumps on the fixtures', () => {
  it.each([
    ['sidecar', sidecar],
    ['gateway', gateway],
  ])('finds nothing between a %s dump and itself, or a reordered, restamped copy of it', async (_, dump) => {
    expect(await diff(dump, copy(dump))).toEqual({differences: [], skipped: []})
    expect(await diff(dump, reordered(dump))).toEqual({differences: [], skipped: []})
  })

  it('the reordered copy really is reordered and restamped', () => {
    const right = reordered(sidecar)
    expect(JSON.stringify(right)).not.toBe(JSON.stringify(sidecar))
    expect(section(right, 'Clusters').dynamic_active_clusters[0].version_info).not.toBe(section(sidecar, 'Clusters').dynamic_active_clusters[0].version_info)
    expect(virtualHost(right, '9080', REVIEWS).domains).toEqual([...virtualHost(sidecar, '9080', REVIEWS).domains].reverse())
  })

  it('names a cluster that was added', async () => {
    const right = copy(sidecar)
    const added = structuredClone(cluster(right, 'outbound|9080|v1|reviews.default.svc.cluster.local'))
    added.name = 'outbound|9080|v4|reviews.default.svc.cluster.local'
    section(right, 'Clusters').dynamic_active_clusters.push({version_info: 'x', cluster: added})
    expect(await summary(sidecar, right)).toEqual([['cluster', 'outbound|9080|v4|reviews.default.svc.cluster.local', 'added', []]])
    expect(await summary(right, sidecar)).toEqual([['cluster', 'outbound|9080|v4|reviews.default.svc.cluster.local', 'removed', []]])
  })

  it('names an endpoint that was removed, by locality and address, when endpoints are compared', async () => {
    const right = copy(sidecar)
    const cla = assignment(right, 'outbound|9080|v2|reviews.default.svc.cluster.local')
    const [gone] = cla.endpoints[0].lb_endpoints.splice(1, 1)
    const address = `${gone.endpoint.address.socket_address.address}:${gone.endpoint.address.socket_address.port_value}`
    const {differences} = await diff(sidecar, right)
    expect(differences).toEqual([
      {
        type: 'endpoint',
        name: 'outbound|9080|v2|reviews.default.svc.cluster.local',
        change: 'changed',
        fields: [
          {path: expect.stringMatching(new RegExp(`^endpoints\\["[^"]+"\\]\\.lbEndpoints\\["${address.replace(/\./g, '\\.')}"\\]$`)), change: 'removed', left: expect.anything()},
        ],
      },
    ])
    expect(await summary(sidecar, right, {types: ['cluster', 'listener', 'route', 'secret']})).toEqual([])
  })

  it("names a route's weight that changed", async () => {
    const right = copy(sidecar)
    const [v1, , v3] = virtualHost(right, '9080', REVIEWS).routes[1].route.weighted_clusters.clusters
    v1.weight = 40
    v3.weight = 30
    const {differences} = await diff(sidecar, right)
    const weights = `${ROUTE_PATH}["reviews.default.default"].route.weightedClusters.clusters`
    expect(differences).toEqual([
      {
        type: 'route',
        name: '9080',
        change: 'changed',
        fields: [
          {path: `${weights}["outbound|9080|v1|reviews.default.svc.cluster.local"].weight`, change: 'changed', left: 50, right: 40},
          {path: `${weights}["outbound|9080|v3|reviews.default.svc.cluster.local"].weight`, change: 'changed', left: 20, right: 30},
        ],
      },
    ])
  })

  it('names a header match that changed', async () => {
    const right = copy(sidecar)
    virtualHost(right, '9080', REVIEWS).routes[0].match.headers[0].string_match.exact = 'json'
    const {differences} = await diff(sidecar, right)
    expect(differences).toEqual([
      {
        type: 'route',
        name: '9080',
        change: 'changed',
        fields: [{path: `${ROUTE_PATH}["reviews.default.end-user"].match.headers["end-user"].stringMatch.exact`, change: 'changed', left: 'jason', right: 'json'}],
      },
    ])
  })

  it('counts routes that swapped places: Envoy takes the first that matches', async () => {
    const right = copy(sidecar)
    virtualHost(right, '9080', REVIEWS).routes.reverse()
    expect(await summary(sidecar, right)).toEqual([['route', '9080', 'changed', [ROUTE_PATH]]])
  })

  it('counts HTTP filters that swapped places, inside a listener', async () => {
    const right = copy(sidecar)
    const hcm = listener(right, 'virtualInbound')
      .filter_chains.find((c: Json) => c.name === 'virtualInbound-catchall-http')
      .filters.at(-1)
    hcm.typed_config.http_filters.reverse()
    const [[type, name, change, paths]] = await summary(sidecar, right)
    expect([type, name, change]).toEqual(['listener', 'virtualInbound', 'changed'])
    expect(paths).toEqual([
      expect.stringMatching(/^filterChains\["virtualInbound-catchall-http [^"]*"\]\.filters\["envoy\.filters\.network\.http_connection_manager"\]\.typedConfig\.httpFilters$/),
    ])
  })

  it('ignores version_info and last_updated wherever they are', async () => {
    const right = copy(sidecar)
    for (const c of right.configs) {
      for (const list of Object.values(c)) {
        if (Array.isArray(list)) for (const entry of list) Object.assign(entry, {version_info: 'other', last_updated: '2031-01-01T00:00:00Z'})
      }
    }
    expect(await summary(sidecar, right)).toEqual([])
  })

  describe('secrets', () => {
    const pem = (name: string) => Buffer.from(readFileSync(path.join(ROOT, 'fixtures/certs', name))).toString('base64')

    it('compares certificates by serial and validity, and shows no key material', async () => {
      const right = copy(sidecar)
      secret(right, 'ROOTCA').validation_context.trusted_ca.inline_bytes = pem('gateway-bookinfo.pem')
      const serial = (name: string) => new X509Certificate(readFileSync(path.join(ROOT, 'fixtures/certs', name))).serialNumber.toLowerCase().padStart(32, '0')
      const {differences} = await diff(sidecar, right)
      expect(differences).toEqual([
        {
          type: 'secret',
          name: 'ROOTCA',
          change: 'changed',
          fields: [
            {
              path: `trustedCa["${serial('gateway-bookinfo.pem')}"]`,
              change: 'added',
              right: {
                serialNumber: serial('gateway-bookinfo.pem'),
                notBefore: '2026-01-01T00:00:00Z',
                notAfter: '2036-01-01T00:00:00Z',
                subjectAltNames: ['DNS:bookinfo.example.com'],
              },
            },
            {
              path: `trustedCa["${serial('root-ca.pem')}"]`,
              change: 'removed',
              left: {serialNumber: serial('root-ca.pem'), notBefore: '2026-01-01T00:00:00Z', notAfter: '2036-01-01T00:00:00Z'},
            },
          ],
        },
      ])
    })

    it('does not compare private keys', async () => {
      const right = copy(sidecar)
      secret(right, 'default').tls_certificate.private_key.inline_bytes = Buffer.from('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n').toString('base64')
      expect(await summary(sidecar, right)).toEqual([])
    })

    it('tells a warming secret from the active one of the same name', async () => {
      const right = copy(sidecar)
      const secrets = section(right, 'Secrets')
      secrets.dynamic_warming_secrets.push(structuredClone(secrets.dynamic_active_secrets[0]))
      expect(await summary(sidecar, right)).toEqual([['secret', 'default (warming)', 'added', []]])
    })
  })

  describe('narrowing', () => {
    const changed = () => {
      const right = copy(sidecar)
      virtualHost(right, '9080', REVIEWS).routes[0].match.headers[0].string_match.exact = 'json'
      const extra = structuredClone(cluster(right, 'outbound|9080|v1|reviews.default.svc.cluster.local'))
      extra.name = 'outbound|9080|v4|reviews.default.svc.cluster.local'
      section(right, 'Clusters').dynamic_active_clusters.push({cluster: extra})
      listener(right, '0.0.0.0_9080').listener_filters_timeout = '5s'
      return right
    }

    it('--type compares only those types', async () => {
      expect((await summary(sidecar, changed(), {types: ['listener']})).map(([t, n]) => `${t} ${n}`)).toEqual(['listener 0.0.0.0_9080'])
    })

    it('--port keeps clusters, listeners and route configs of that port', async () => {
      expect((await summary(sidecar, changed(), {port: 9080})).map(([t, n]) => `${t} ${n}`)).toEqual([
        'cluster outbound|9080|v4|reviews.default.svc.cluster.local',
        'listener 0.0.0.0_9080',
        'route 9080',
      ])
      expect(await summary(sidecar, changed(), {port: 80})).toEqual([])
    })

    it('--fqdn keeps clusters and route configs for that host; --name one resource', async () => {
      expect((await summary(sidecar, changed(), {fqdn: 'reviews'})).map(([t, n]) => `${t} ${n}`)).toEqual([
        'cluster outbound|9080|v4|reviews.default.svc.cluster.local',
        'route 9080',
      ])
      expect((await summary(sidecar, changed(), {name: '9080'})).map(([t, n]) => `${t} ${n}`)).toEqual(['route 9080'])
    })
  })

  describe('when a side lacks a section', () => {
    const withoutSecrets = () => ({configs: sidecar.configs.filter((c) => !c['@type'].endsWith('SecretsConfigDump'))})

    it('skips the type with a note, unless it was asked for', async () => {
      expect(await diff(sidecar, withoutSecrets())).toEqual({differences: [], skipped: ['secrets not compared: file right.json has no secret section']})
      await expect(diff(withoutSecrets(), sidecar, {required: new Set(['secret'])})).rejects.toThrow('cannot compare secrets: file left.json has no secret section')
    })
  })

  it('pairs unnamed route configs that repeat a name by content', async () => {
    const right = copy(sidecar)
    const statics = section(right, 'Routes').static_route_configs
    expect(statics.filter((r: Json) => r.route_config.name === undefined).length).toBeGreaterThan(1)
    statics.reverse()
    expect(await summary(sidecar, right)).toEqual([])
  })
})
