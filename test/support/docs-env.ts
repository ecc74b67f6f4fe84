import {spawn} from 'node:child_process'
import {chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {gzipSync} from 'node:zlib'

import tar from 'tar-stream'

import {copy, type Dump, loadDump, oddReplica, section, virtualHost} from './dump-variants.js'
import {EnvoyAdminStandIn} from './envoy-admin.js'
import {CLUSTERS_DUMP, DUMP, FIXTURE_CLUSTERS_DUMP, FIXTURE_DUMP, LiveEnv, ROOT} from './live-env.js'
import type {CliResult} from './run-cli.js'

const REVIEWS = (subset: string) => `outbound|9080|${subset}|reviews.default.svc.cluster.local`

/**
 * The bundled fixture as it was before reviews v3 rolled out: no v3 subset cluster,
 * and the reviews route splitting 70/30 between v1 and v2 (today 50/30/20).
 */
function yesterday(): Dump {
  const d = copy(loadDump(FIXTURE_DUMP))
  const clusters = section(d, 'Clusters')
  clusters.dynamic_active_clusters = clusters.dynamic_active_clusters.filter((c: {cluster: {name: string}}) => c.cluster.name !== REVIEWS('v3'))
  const split = virtualHost(d, '9080', 'reviews.default.svc.cluster.local:9080').routes.find((r: {name: string}) => r.name === 'reviews.default.default').route.weighted_clusters
  split.clusters = [
    {name: REVIEWS('v1'), weight: 70},
    {name: REVIEWS('v2'), weight: 30},
  ]
  return d
}

/** An `istioctl bug-report` archive holding two productpage replicas' admin answers. */
async function bugReport(): Promise<Buffer> {
  const pack = tar.pack()
  for (const pod of ['productpage-v1-7d4c8bb9d-abcde', 'productpage-v1-7d4c8bb9d-klmno']) {
    pack.entry({name: `bug-report/proxies/default/${pod}/config_dump`}, readFileSync(FIXTURE_DUMP))
    pack.entry({name: `bug-report/proxies/default/${pod}/clusters`}, readFileSync(FIXTURE_CLUSTERS_DUMP))
  }
  pack.finalize()
  const chunks: Buffer[] = []
  for await (const chunk of pack) chunks.push(chunk as Buffer)
  return gzipSync(Buffer.concat(chunks))
}

/**
 * Where the examples of README.md and of every --help run: the stand-in cluster with
 * the pods the examples name, and a working directory holding the files they name,
 * with `proxy-config` and a `kubectl exec … curl` stand-in on the PATH.
 *
 * - productpage-v1-7d4c8bb9d-abcde serves the bundled fixtures (LiveEnv's own);
 *   productpage-v1-7d4c8bb9d-fghij, a replica still on yesterday's configuration, serves yesterday.json;
 * - reviews-v1-5b9c4f7d8-xyz12 in bookinfo serves the fixtures too (same mesh, same root CA);
 * - app=web: web-1 and web-2 alike, web-odd with an extra cluster, web-3 without a sidecar.
 */
export class DocsEnv {
  private constructor(
    readonly live: LiveEnv,
    readonly dir: string,
    private readonly envoys: EnvoyAdminStandIn[],
  ) {}

  static async start(): Promise<DocsEnv> {
    const live = await LiveEnv.start()
    const dir = mkdtempSync(path.join(tmpdir(), 'proxy-config-docs-'))
    const file = (name: string, body: string | Buffer) => {
      mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
      writeFileSync(path.join(dir, name), body)
    }
    const tool = (name: string, body: string) => {
      file(`bin/${name}`, body)
      chmodSync(path.join(dir, 'bin', name), 0o755)
    }
    tool('proxy-config', `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(ROOT, 'bin/run.js'))} "$@"\n`)
    // `kubectl exec <pod> -c istio-proxy -- curl -s <admin URL>`, answered by the Envoy behind the examples' pod.
    tool(
      'kubectl',
      `#!${process.execPath}\n` +
        `const url = process.argv.at(-1).replace(/^(http:\\/\\/)?localhost:15000/, 'http://127.0.0.1:${live.fixtureEnvoy.port}')\n` +
        `require('node:http').get(url, (res) => res.pipe(process.stdout)).on('error', (e) => { console.error(e.message); process.exit(1) })\n`,
    )

    // The files the examples name.
    symlinkSync(path.join(ROOT, 'fixtures'), path.join(dir, 'fixtures'))
    for (const name of ['config_dump.json', 'dump.json', 'after.json', 'saved-reviews-dump.json']) copyFileSync(FIXTURE_DUMP, path.join(dir, name))
    copyFileSync(FIXTURE_CLUSTERS_DUMP, path.join(dir, 'clusters.json'))
    copyFileSync(path.join(ROOT, 'fixtures/ingressgateway.json'), path.join(dir, 'gateway_dump.json'))
    for (const name of ['yesterday.json', 'before.json']) file(name, JSON.stringify(yesterday()))
    file('odd.json', JSON.stringify(oddReplica(loadDump(DUMP))))
    // A directory of dumps as a script might save them, one directory per pod.
    for (const pod of ['productpage-v1-7d4c8bb9d-abcde', 'productpage-v1-7d4c8bb9d-klmno']) file(`dumps/default/${pod}/config_dump.json`, readFileSync(FIXTURE_DUMP))
    file('bug-report.tar.gz', await bugReport())

    // The pods the examples name.
    const lagging = await EnvoyAdminStandIn.start({configDump: path.join(dir, 'yesterday.json'), clusters: FIXTURE_CLUSTERS_DUMP})
    const oddEnvoy = await EnvoyAdminStandIn.start({configDump: path.join(dir, 'odd.json'), clusters: CLUSTERS_DUMP})
    const fixture = {15000: live.fixtureEnvoy.port}
    const web = {app: 'web'}
    for (const pod of [
      {name: 'productpage-v1-7d4c8bb9d-fghij', ports: {15000: lagging.port}},
      {name: 'reviews-v1-5b9c4f7d8-xyz12', namespace: 'bookinfo', ports: fixture},
      {name: 'web-1', labels: web, ports: {15000: live.envoy.port}},
      {name: 'web-2', labels: web, ports: {15000: live.envoy.port}},
      {name: 'web-odd', labels: web, ports: {15000: oddEnvoy.port}},
      {name: 'web-3', labels: web},
    ])
      live.kube.addPod(pod)
    return new DocsEnv(live, dir, [lagging, oddEnvoy])
  }

  async close(): Promise<void> {
    for (const envoy of this.envoys) await envoy.close()
    await this.live.close()
    rmSync(this.dir, {recursive: true, force: true})
  }

  /** Runs a script in bash or zsh, failing on the first failing command or pipeline, in the examples' directory. */
  async sh(shell: 'bash' | 'zsh', script: string): Promise<CliResult> {
    const strict = shell === 'bash' ? 'set -eo pipefail' : 'setopt err_exit pipe_fail'
    // Not spawnSync: the stand-in servers run in this process and must keep answering.
    const child = spawn(shell, shell === 'bash' ? ['--norc', '-c', `${strict}\n${script}`] : ['-f', '-c', `${strict}\n${script}`], {
      cwd: this.dir,
      env: {
        ...process.env,
        PATH: `${path.join(this.dir, 'bin')}:${process.env.PATH}`,
        HOME: this.dir,
        KUBECONFIG: this.live.kubeconfig,
        NODE_ENV: 'production',
        NO_COLOR: '1',
        HTTP_PROXY: 'http://127.0.0.1:9',
        http_proxy: 'http://127.0.0.1:9',
      },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d))
    child.stderr.on('data', (d: Buffer) => (stderr += d))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    return {code, stdout, stderr}
  }
}
