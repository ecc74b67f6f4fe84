import {readFileSync} from 'node:fs'
import path from 'node:path'
import {gzipSync} from 'node:zlib'

import {describe, expect, it} from 'vitest'

import {type FoundDump, groupBundle, sniff} from '../../src/source/bundle.js'
import {projectRoot} from '../support/run-cli.js'

const dump = readFileSync(path.join(projectRoot, 'test/support/dumps/sidecar.json'))
const clusters = readFileSync(path.join(projectRoot, 'test/support/dumps/sidecar-clusters.json'))

const found = (inBundle: string, kind: FoundDump['kind'], size = 10): FoundDump => ({file: `/x/${inBundle}`, inBundle, kind, size})

describe('sniff', () => {
  it('tells a config dump and a /clusters answer by their first bytes, gzipped or not, whatever their name', () => {
    expect(sniff(dump.subarray(0, 4096))).toBe('config_dump')
    expect(sniff(gzipSync(dump).subarray(0, 4096))).toBe('config_dump')
    expect(sniff(Buffer.concat([Buffer.from('\uFEFF\n  '), dump.subarray(0, 4096)]))).toBe('config_dump')
    expect(sniff(clusters.subarray(0, 4096))).toBe('clusters')
  })

  it('leaves everything else alone: logs, other JSON, a config dump of something that is not Envoy, damaged gzip', () => {
    expect(sniff(Buffer.from('2026-11-21T09:00:00Z info envoy starting\n'))).toBeUndefined()
    expect(sniff(Buffer.from('{"kind": "PodList", "items": []}'))).toBeUndefined()
    expect(sniff(Buffer.from('{"configs": [{"@type": "type.googleapis.com/cilium.Thing"}]}'))).toBeUndefined()
    expect(sniff(Buffer.from([0x1f, 0x8b, 1, 2, 3]))).toBeUndefined()
  })
})

describe('groupBundle', () => {
  it('pairs each pod directory’s dump and /clusters answer, skipping a container directory', () => {
    expect(
      groupBundle([
        found('bug-report/proxies/default/web-1/istio-proxy/config_dump', 'config_dump'),
        found('bug-report/proxies/default/web-1/istio-proxy/clusters', 'clusters'),
        found('bug-report/proxies/default/web-2/config_dump', 'config_dump'),
      ]).map((p) => [p.pod, p.configDump?.inBundle.split('/').at(-1), p.clusters?.inBundle.split('/').at(-1)]),
    ).toEqual([
      ['web-1', 'config_dump', 'clusters'],
      ['web-2', 'config_dump', undefined],
    ])
  })

  it('names files at the top after themselves, pairing x-clusters.json with x.json', () => {
    expect(
      groupBundle([found('b.json.gz', 'config_dump'), found('a.json', 'config_dump'), found('a-clusters.json', 'clusters')]).map((p) => [p.pod, p.clusters?.inBundle]),
    ).toEqual([
      ['a', 'a-clusters.json'],
      ['b', undefined],
    ])
  })

  it('tells pods of one name apart by their namespace directory, and keeps the larger of two dumps of a pod', () => {
    const pods = groupBundle([
      found('proxies/default/web-1/config_dump', 'config_dump', 5),
      found('proxies/default/web-1/config_dump_include_eds', 'config_dump', 50),
      found('proxies/staging/web-1/config_dump', 'config_dump'),
      found('proxies/staging/db-1/config_dump', 'config_dump'),
    ])
    expect(pods.map((p) => [p.pod, p.configDump?.size])).toEqual([
      ['db-1', 10],
      ['web-1.default', 50],
      ['web-1.staging', 10],
    ])
  })
})
