import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {projectRoot, runCli} from '../support/run-cli.js'

/**
 * A number beyond float64 in a dump (1e400) once printed as null in JSON and
 * JSONPath, .inf in YAML and Infinity in tables. Go cannot read it at all; we
 * show it as jsonpb spells an infinite double, the same in every format.
 */
let dir: string
let dump: string

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'proxy-config-infinity-'))
  dump = path.join(dir, 'dump.json')
  const parsed = JSON.parse(readFileSync(path.join(projectRoot, 'test/support/dumps/sidecar.json'), 'utf8'))
  const section = parsed.configs.find((c: {'@type': string}) => c['@type'].endsWith('ClustersConfigDump'))
  const cluster = (section.dynamic_active_clusters ?? section.static_clusters).find((c: {cluster: {name: string}}) => c.cluster.name === 'PassthroughCluster').cluster
  cluster.circuit_breakers = {thresholds: [{max_connections: '@BIG@'}]}
  cluster.common_lb_config = {healthy_panic_threshold: {value: '@BIG@'}}
  writeFileSync(dump, JSON.stringify(parsed).replaceAll('"@BIG@"', '1e400'))
})

afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('an out-of-range number', () => {
  const cli = (...args: string[]) => runCli(['cluster', '-f', dump, '--fqdn', 'PassthroughCluster', ...args])

  it('prints as Infinity in JSON, YAML, JSONPath and tables alike', async () => {
    const json = await cli('-o', 'json')
    expect(JSON.parse(json.stdout)[0]).toMatchObject({circuitBreakers: {thresholds: [{maxConnections: 'Infinity'}]}, commonLbConfig: {healthyPanicThreshold: {value: 'Infinity'}}})
    const yaml = await cli('-o', 'yaml')
    expect(yaml.stdout).toContain('    - maxConnections: Infinity\n')
    expect(yaml.stdout).toContain('      value: Infinity\n')
    const jsonpath = await cli('-o', 'jsonpath={[*].circuitBreakers.thresholds[0].maxConnections} {[*].commonLbConfig.healthyPanicThreshold.value}')
    expect(jsonpath.stdout).toBe('Infinity Infinity')
    const wide = await cli('-o', 'wide', '--no-headers')
    expect(wide.stdout).toContain('Infinity/-/-/-')
    for (const result of [json, yaml, jsonpath, wide]) expect(result.code).toBe(0)
  })
})
