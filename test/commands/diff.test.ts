import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {type Dump, cluster, copy, loadDump, reordered, section, virtualHost} from '../support/dump-variants.js'
import {projectRoot, runCli} from '../support/run-cli.js'

const FIXTURE = 'fixtures/bookinfo-productpage.json'
const REVIEWS = 'reviews.default.svc.cluster.local:9080'
const dir = mkdtempSync(path.join(tmpdir(), 'proxy-config-diff-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

const original = loadDump(path.join(projectRoot, FIXTURE))

function save(name: string, dump: Dump): string {
  const file = path.join(dir, name)
  writeFileSync(file, JSON.stringify(dump))
  return file
}

/** A cluster added and a route's weights changed. */
function modified(): string {
  const d = copy(original)
  const extra = structuredClone(cluster(d, 'outbound|9080|v1|reviews.default.svc.cluster.local'))
  extra.name = 'outbound|9080|v4|reviews.default.svc.cluster.local'
  section(d, 'Clusters').dynamic_active_clusters.push({cluster: extra})
  const [v1, v2] = virtualHost(d, '9080', REVIEWS).routes[1].route.weighted_clusters.clusters
  v1.weight = 30
  v2.weight = 50
  return save('modified.json', d)
}

const weights = `virtualHosts["${REVIEWS}"].routes["reviews.default.default"].route.weightedClusters.clusters`

describe('proxy-config diff', () => {
  it('says "no differences" and exits 0 for a dump and itself', async () => {
    expect(await runCli(['diff', FIXTURE, FIXTURE])).toEqual({code: 0, stdout: 'no differences\n', stderr: ''})
  })

  it('exits 0 for a reordered, restamped copy, read from stdin', async () => {
    const r = await runCli(['diff', FIXTURE, '-'], {stdin: JSON.stringify(reordered(original))})
    expect(r).toEqual({code: 0, stdout: 'no differences\n', stderr: ''})
  })

  it('exits 1 with a table naming exactly the modified resources and fields, and no error line', async () => {
    const r = await runCli(['diff', FIXTURE, modified()])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(1)
    const row = (...cells: string[]) => `${cells[0].padEnd(10)}${cells[1].padEnd(53)}${cells[2].padEnd(10)}${cells[3] ?? ''}`.trimEnd()
    expect(r.stdout.split('\n').map((l) => l.trimEnd())).toEqual([
      row('TYPE', 'NAME', 'CHANGE', 'FIELDS'),
      row('cluster', 'outbound|9080|v4|reviews.default.svc.cluster.local', 'added'),
      row(
        'route',
        '9080',
        'changed',
        `${weights}["outbound|9080|v1|reviews.default.svc.cluster.local"].weight, ${weights}["outbound|9080|v2|reviews.default.svc.cluster.local"].weight`,
      ),
      '',
    ])
  })

  it('--details lists each field as path: left → right', async () => {
    const r = await runCli(['diff', FIXTURE, modified(), '--details', '--type', 'route'])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe(
      [
        'route 9080: changed',
        `  ${weights}["outbound|9080|v1|reviews.default.svc.cluster.local"].weight: 50 → 30`,
        `  ${weights}["outbound|9080|v2|reviews.default.svc.cluster.local"].weight: 30 → 50`,
        '',
      ].join('\n'),
    )
  })

  it.each(['json', 'yaml'])('-o %s gives the whole report for scripts', async (format) => {
    const r = await runCli(['diff', FIXTURE, modified(), '-o', format, '--fqdn', 'v4'])
    expect(r.code).toBe(1)
    const report = format === 'json' ? JSON.parse(r.stdout) : (await import('js-yaml')).load(r.stdout)
    expect(report).toEqual({
      left: `file ${FIXTURE}`,
      right: `file ${path.join(dir, 'modified.json')}`,
      identical: false,
      differences: [{type: 'cluster', name: 'outbound|9080|v4|reviews.default.svc.cluster.local', change: 'added'}],
    })
  })

  it('-o json of equal dumps says so and exits 0', async () => {
    const r = await runCli(['diff', FIXTURE, FIXTURE, '-o', 'json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({identical: true, differences: []})
  })

  describe('trouble exits 2 with one line on stderr', () => {
    it.each<[string, string[], RegExp]>([
      ['a missing file', ['diff', FIXTURE, 'nope.json'], /^Error: cannot read nope\.json: no such file\n$/],
      ['one side only', ['diff', FIXTURE], /^Error: diff compares two sides: /],
      ['three sides', ['diff', FIXTURE, FIXTURE, FIXTURE], /^Error: /],
      ['an unknown type', ['diff', FIXTURE, FIXTURE, '--type', 'cluster,widget'], /^Error: unknown --type "widget"/],
      ['a bad format', ['diff', FIXTURE, FIXTURE, '-o', 'wide'], /^Error: output format "wide" not supported \(use one of short\|json\|yaml\)\n$/],
      [
        'not a config dump',
        ['diff', FIXTURE, 'fixtures/bookinfo-productpage-clusters.json'],
        /^Error: file fixtures\/bookinfo-productpage-clusters\.json is Envoy's \/clusters\?format=json, not a config dump/,
      ],
    ])('%s', async (_, args, stderr) => {
      const r = await runCli(args)
      expect(r.stdout).toBe('')
      expect(r.stderr).toMatch(stderr)
      expect(r.stderr.split('\n')).toHaveLength(2)
      expect(r.code).toBe(2)
    })

    it('endpoints asked of a dump saved without them', async () => {
      const withoutEds = save('no-eds.json', {configs: original.configs.filter((c) => !c['@type'].endsWith('EndpointsConfigDump'))})
      const r = await runCli(['diff', FIXTURE, withoutEds, '--include-eds'])
      expect(r).toEqual({code: 2, stdout: '', stderr: `Error: cannot compare endpoints: file ${withoutEds} has no endpoint section\n`})
    })

    it('bad JSON on one side', async () => {
      const r = await runCli(['diff', '-', FIXTURE], {stdin: '{"configs": ['})
      expect(r).toMatchObject({code: 2, stdout: ''})
      expect(r.stderr).toMatch(/^Error: stdin is not valid JSON: /)
    })
  })
})
