import {mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {gzipSync} from 'node:zlib'

import tar from 'tar-stream'
import {afterAll, describe, expect, it} from 'vitest'

import {loadDump, oddReplica} from '../support/dump-variants.js'
import {projectRoot, runCli} from '../support/run-cli.js'

const DUMP = path.join(projectRoot, 'test/support/dumps/sidecar.json')
const CLUSTERS = path.join(projectRoot, 'test/support/dumps/sidecar-clusters.json')
const FIXTURE = path.join(projectRoot, 'fixtures/bookinfo-productpage.json')
const dir = mkdtempSync(path.join(tmpdir(), 'proxy-config-bundle-test-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

/**
 * What `istioctl bug-report` archives hold, as far as proxies go: per pod a
 * directory with its admin answers, next to logs, cluster resources and istiod
 * files that are not dumps at all.
 */
async function bugReport(): Promise<string> {
  const pack = tar.pack()
  const add = (name: string, body: Buffer | string, type: 'file' | 'symlink' | 'directory' = 'file') =>
    type === 'file' ? pack.entry({name, type}, body) : pack.entry({name, type, linkname: type === 'symlink' ? '/etc/passwd' : undefined})
  add('bug-report/', '', 'directory')
  add('bug-report/cluster/cluster-context', 'stand-in\n')
  add('bug-report/cluster/resources.yaml', 'apiVersion: v1\nkind: List\n')
  for (const pod of ['productpage-v1-aaa', 'productpage-v1-bbb', 'productpage-v1-ccc']) {
    add(`bug-report/proxies/default/${pod}/config_dump`, readFileSync(DUMP))
    add(`bug-report/proxies/default/${pod}/clusters`, readFileSync(CLUSTERS))
    add(`bug-report/proxies/default/${pod}/server_info`, '{"version": "abc/1.36.0"}')
    add(`bug-report/default/productpage-v1/${pod}/istio-proxy.log`, '2026-11-21T09:00:00Z info envoy main\n')
  }
  add('bug-report/proxies/default/productpage-v1-odd/config_dump', Buffer.from(JSON.stringify(oddReplica(loadDump(DUMP)))))
  add('bug-report/proxies/bookinfo/reviews-v1-xyz/istio-proxy/config_dump.gz', gzipSync(readFileSync(FIXTURE)))
  add('bug-report/proxies/bookinfo/reviews-v1-xyz/link', '', 'symlink')
  // A hostile name: it must neither escape the extraction directory nor be skipped for it.
  add('../../../tmp/escaped/config_dump', readFileSync(DUMP))
  pack.finalize()
  const chunks: Buffer[] = []
  for await (const chunk of pack) chunks.push(chunk as Buffer)
  const file = path.join(dir, 'bug-report.tar.gz')
  writeFileSync(file, gzipSync(Buffer.concat(chunks)))
  return file
}

const podsOf = (table: string) => [
  ...new Set(
    table
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(/ +/)[0]),
  ),
]

describe('bundles of dumps', () => {
  it('a bug-report-shaped archive lists every pod in it, flags the odd replica, and leaves no temporary files', async () => {
    const archive = await bugReport()
    const scratch = mkdtempSync(path.join(dir, 'tmp-'))
    const r = await runCli(['cluster', '-f', archive, '--fqdn', 'reviews'], {env: {TMPDIR: scratch}})
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')[0]).toMatch(/^POD +SERVICE FQDN +PORT/)
    expect(podsOf(r.stdout)).toEqual(['escaped', 'productpage-v1-aaa', 'productpage-v1-bbb', 'productpage-v1-ccc', 'productpage-v1-odd', 'reviews-v1-xyz'])
    expect(r.stderr.split('\n')).toEqual([
      'Warning: pod productpage-v1-odd disagrees with the majority (4 of 6 pods): cluster outbound|9080|v9|reviews.default.svc.cluster.local added',
      expect.stringMatching(/^Warning: pod reviews-v1-xyz disagrees with the majority \(4 of 6 pods\): cluster InboundPassthroughCluster added, .*, and 22 more$/),
      '',
    ])
    expect(readdirSync(scratch)).toEqual([])
    // The pods with a /clusters answer have endpoints; the others are named on stderr and make the exit 1.
    const endpoints = await runCli(['endpoint', '-f', archive, '--status', 'HEALTHY'])
    expect(endpoints.code).toBe(1)
    expect(podsOf(endpoints.stdout)).toEqual(['productpage-v1-aaa', 'productpage-v1-bbb', 'productpage-v1-ccc'])
    expect(endpoints.stderr).toContain('Error: productpage-v1-odd: ')
    expect(endpoints.stderr).toContain('holds no /clusters?format=json answer for pod productpage-v1-odd')
  })

  it('a directory of dumps: each file a pod, rows as each pod shows them alone', async () => {
    const bundle = path.join(dir, 'dumps')
    mkdirSync(bundle)
    writeFileSync(path.join(bundle, 'web-1.json'), readFileSync(DUMP))
    writeFileSync(path.join(bundle, 'web-1-clusters.json'), readFileSync(CLUSTERS))
    writeFileSync(path.join(bundle, 'web-2.json.gz'), gzipSync(readFileSync(DUMP)))
    writeFileSync(path.join(bundle, 'notes.txt'), 'not a dump\n')
    const fleet = await runCli(['listener', '-f', bundle])
    const alone = await runCli(['listener', '-f', DUMP])
    expect(fleet.code).toBe(0)
    expect(podsOf(fleet.stdout)).toEqual(['web-1', 'web-2'])
    const rows = (text: string, prefix = '') =>
      text
        .trimEnd()
        .split('\n')
        .slice(1)
        .filter((l) => l.startsWith(prefix))
        .map((l) => l.slice(prefix.length).trim().replace(/ +/g, ' '))
    expect(rows(fleet.stdout, 'web-2 ')).toEqual(rows(alone.stdout))
    const names = await runCli(['route', '-f', bundle, '-o', 'name', '--name', '9080'])
    expect(names.stdout.split('\n').sort()).toEqual(['', 'web-1 route/9080', 'web-2 route/9080'])
    const yaml = await runCli(['secret', '-f', bundle, '-o', 'yaml'])
    const docs = (await import('js-yaml')).load(yaml.stdout) as {pod: string}[]
    expect(docs.map((d) => d.pod).sort()).toEqual(['web-1', 'web-2'])
  })

  it('says so when a bundle holds no dump, and a command of one Envoy refuses many', async () => {
    const empty = path.join(dir, 'empty')
    mkdirSync(empty)
    writeFileSync(path.join(empty, 'README'), 'nothing here\n')
    expect(await runCli(['cluster', '-f', empty])).toEqual({code: 1, stdout: '', stderr: `Error: ${empty} holds no Envoy config dump or /clusters answer\n`})
    const two = await runCli(['bootstrap', '-f', path.join(dir, 'dumps')])
    expect(two.code).toBe(2)
    expect(two.stderr).toMatch(/^Error: bootstrap shows one Envoy at a time, but 2 were given/)
  })
})
