/**
 * The fixture generator (scripts/gen/), run in-process: what it writes must be a
 * dump our own decoder reads, with only section types the decoder declares, and
 * the committed fixtures must be exactly what it writes for their documented flags.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {Writable} from 'node:stream'
import {describe, expect, it} from 'vitest'

import {generate} from '../../scripts/gen/generate.js'
import type {GenOptions} from '../../scripts/gen/options.js'
import {parseConfigDump, RESOURCES} from '../../src/dump/configdump.js'
import {Section, TYPE_PREFIX} from '../../src/dump/sections.js'
import {projectRoot} from '../support/run-cli.js'

const TINY: GenOptions = {services: 14, endpointsPerService: 3, seed: 'test', profile: 'sidecar', clustersJson: false, indent: 1}

async function generated(opts: Partial<GenOptions>): Promise<Buffer> {
  const chunks: Buffer[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk)
      done()
    },
  })
  const bytes = await generate({...TINY, ...opts}, sink)
  const out = Buffer.concat(chunks)
  expect(out.length).toBe(bytes)
  return out
}

const knownTypes = new Set(Object.values(Section).map((name) => TYPE_PREFIX + name))

describe.each([
  ['sidecar', 1],
  ['sidecar', 0],
  ['gateway', 1],
  ['gateway', 0],
] as const)('a tiny %s mesh, indent %i', (profile, indent) => {
  it('parses with parseConfigDump, and every section type is one the decoder declares', async () => {
    const bytes = await generated({profile, indent})
    const dump = parseConfigDump(bytes, 'generated')
    expect(dump.foreignTypes()).toEqual([])
    const configs = (JSON.parse(bytes.toString('utf8')) as {configs: {'@type': string}[]}).configs
    const types = configs.map((c) => c['@type'])
    expect(types.filter((t) => !knownTypes.has(t))).toEqual([])
    for (const name of ['bootstrap', 'clusters', 'endpoints', 'listeners', 'routes', 'secrets'] as const) expect(dump.has(name), name).toBe(true)
    expect(dump.has('ecds')).toBe(profile === 'sidecar')
  })

  it('the decoder finds every resource the generator wrote', async () => {
    const bytes = await generated({profile, indent})
    const dump = parseConfigDump(bytes, 'generated')
    const whole = JSON.parse(bytes.toString('utf8')) as {configs: Record<string, unknown[] | string>[]}
    for (const name of ['clusters', 'listeners', 'routes', 'endpoints'] as const) {
      const section = whole.configs.find((c) => c['@type'] === TYPE_PREFIX + Section[name])
      const written = RESOURCES[name].reduce((n, [list]) => n + (section?.[list]?.length ?? 0), 0)
      expect(written, name).toBeGreaterThan(0)
      expect([...dump.resources(name, RESOURCES[name])], name).toHaveLength(written)
    }
  })

  it("is laid out as JSON.stringify would lay out the whole value (Envoy's 1-space layout, or minified)", async () => {
    const text = (await generated({profile, indent})).toString('utf8')
    const value: unknown = JSON.parse(text)
    expect(text).toBe(indent ? `${JSON.stringify(value, null, indent)}\n` : JSON.stringify(value))
  })
})

it('--listener-heavy makes listeners most of the dump: many listeners, dozens of chains, large HTTP filter configs', async () => {
  const bytes = await generated({services: 200, listenerHeavy: true})
  const dump = parseConfigDump(bytes, 'generated')
  const whole = JSON.parse(bytes.toString('utf8')) as {configs: Record<string, unknown>[]}
  const size = (name: keyof typeof Section): number => JSON.stringify(whole.configs.find((c) => c['@type'] === TYPE_PREFIX + Section[name])).length
  expect(size('listeners')).toBeGreaterThan(size('clusters') + size('endpoints') + size('routes'))
  const listeners = [...dump.resources('listeners', RESOURCES.listeners)].map(
    ({value}) => value as {filter_chains: {filters: {typed_config?: {http_filters?: {name: string}[]}}[]}[]},
  )
  expect(listeners.length).toBeGreaterThan(60)
  expect(Math.max(...listeners.map((l) => l.filter_chains.length))).toBeGreaterThan(12)
  const filters = listeners.flatMap((l) => l.filter_chains.flatMap((c) => c.filters.flatMap((f) => f.typed_config?.http_filters ?? []))).map((f) => f.name)
  for (const name of ['envoy.filters.http.rbac', 'envoy.filters.http.jwt_authn', 'envoy.filters.http.lua']) expect(filters).toContain(name)
  expect(dump.has('endpoints')).toBe(true)
})

it('the same options give the same bytes', async () => {
  expect((await generated({services: 30})).equals(await generated({services: 30}))).toBe(true)
})

// The flags fixtures/README.md gives for each committed fixture.
const DEFAULTS: GenOptions = {services: 11, endpointsPerService: 35, seed: '1', profile: 'sidecar', clustersJson: false, indent: 2}
it.each([
  ['bookinfo-productpage.json', {}],
  ['bookinfo-productpage-clusters.json', {clustersJson: true}],
  ['ingressgateway.json', {profile: 'gateway'}],
] as const)('fixtures/%s is what the generator writes for its documented flags', async (file, flags) => {
  const expected = readFileSync(join(projectRoot, 'fixtures', file))
  expect((await generated({...DEFAULTS, ...flags})).equals(expected)).toBe(true)
})
