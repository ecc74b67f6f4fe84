import {type ChildProcess, spawn} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {settings} from '@oclif/core'
import {runCommand} from '@oclif/test'

import {EnvoyAdminStandIn} from './envoy-admin.js'
import {type KubeApiOptions, KubeApiStandIn, closedPort, makeCertificates, writeKubeconfig} from './kube-api.js'

export const ROOT = path.resolve(import.meta.dirname, '../..')
export const DUMP = path.join(ROOT, 'test/support/dumps/sidecar.json')
export const CLUSTERS_DUMP = path.join(ROOT, 'test/support/dumps/sidecar-clusters.json')

/** The bundled fixtures (another proxy, a realistic size), served by a second Envoy. */
export const FIXTURE_DUMP = path.join(ROOT, 'fixtures/bookinfo-productpage.json')
export const FIXTURE_CLUSTERS_DUMP = path.join(ROOT, 'fixtures/bookinfo-productpage-clusters.json')

/** The pod the `test` context's `deployment/productpage-v1` resolves to. */
export const POD = 'productpage-v1-abc'
/** The proxy log level of the stand-in's Istio install (istio-system's istio-sidecar-injector). */
export const INSTALL_LOG_LEVEL = 'error'

/** A pod whose Envoy serves the bundled fixtures: the pod the examples in README.md and in --help name. */
export const FIXTURE_POD = 'productpage-v1-7d4c8bb9d-abcde'
/** The bundled fixture's pod keeps its database traffic out of the mesh (-o 3306). */
export const ISTIO_INIT_ARGS = "istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i * -x '' -b * -d 15090,15021,15020 -o 3306".split(' ')

export interface CliResult {
  stdout: string
  stderr: string
  code: number
}

/** Pod names a hostile API server might send: each would run `touch PWNED` if a shell evaluated it. */
export const HOSTILE_POD_NAMES = ['x$(touch${IFS}PWNED)y', 'h`touch${IFS}PWNED`', 'honest-$(touch PWNED)', 'esc\u001b]0;title\u0007']

/**
 * A small cluster: stand-in API servers (HTTPS with a CA made for this run, and plain
 * HTTP), a stand-in Envoy admin behind the pods, and a kubeconfig with one context
 * per situation the CLI must handle.
 */
export class LiveEnv {
  private constructor(
    readonly dir: string,
    readonly envoy: EnvoyAdminStandIn,
    readonly fixtureEnvoy: EnvoyAdminStandIn,
    readonly kube: KubeApiStandIn,
    readonly plainKube: KubeApiStandIn,
    readonly kubeconfig: string,
    readonly deadServer: string,
  ) {}

  static async start(): Promise<LiveEnv> {
    if (!existsSync(path.join(ROOT, 'dist/cli.cjs'))) throw new Error('the CLI is not built: run `npm run build` first')
    const dir = mkdtempSync(path.join(tmpdir(), 'proxy-config-live-'))
    const certs = makeCertificates(subdir(dir, 'ca'))
    const otherCa = makeCertificates(subdir(dir, 'other-ca')).ca
    const envoy = await EnvoyAdminStandIn.start({configDump: DUMP, clusters: CLUSTERS_DUMP})
    const fixtureEnvoy = await EnvoyAdminStandIn.start({configDump: FIXTURE_DUMP, clusters: FIXTURE_CLUSTERS_DUMP})
    const admin = {15000: envoy.port}
    const app = {app: 'productpage', version: 'v1'}
    const cluster: Omit<KubeApiOptions, 'tls'> = {
      users: {
        'token-alice': {name: 'alice'},
        'token-bob': {name: 'bob', forbid: ['create pods/portforward']},
        'token-carol': {name: 'carol', forbid: ['get pods']},
      },
      pods: [
        {name: POD, labels: app, created: '2026-11-21T09:00:00Z', ports: admin},
        {name: 'productpage-v1-old', labels: app, created: '2026-11-20T09:00:00Z', ports: admin},
        {name: 'productpage-v1-unready', labels: app, created: '2026-11-21T10:00:00Z', ready: false, ports: admin},
        {name: 'productpage-v1-pending', labels: app, created: '2026-11-21T11:00:00Z', phase: 'Pending'},
        {name: 'reviews-v1-xyz', namespace: 'bookinfo', labels: {app: 'reviews'}, ports: admin},
        {name: 'details-v1-pending', phase: 'Pending'},
        {name: FIXTURE_POD, ports: {15000: fixtureEnvoy.port}, initContainers: [{name: 'istio-init', args: ISTIO_INIT_ARGS}]},
        {name: 'no-envoy'},
        {name: 'custom-admin', ports: {15999: envoy.port}},
        {name: 'ratings-v1-gone', labels: {app: 'ratings'}, deleting: true, ports: admin},
        {name: 'ratings-v1-new', labels: {app: 'ratings'}, phase: 'Pending'},
        // A hostile API server's names: shell syntax and terminal escapes, next to one honest pod.
        ...HOSTILE_POD_NAMES.map((name) => ({name, namespace: 'hostile'})),
        {name: 'honest-pod', namespace: 'hostile'},
      ],
      workloads: [
        {resource: 'deployments', name: 'productpage-v1', selector: app},
        {resource: 'replicasets', name: 'productpage-v1-6b746f74dc', selector: app},
        {resource: 'daemonsets', name: 'productpage-agent', selector: {app: 'productpage'}},
        {resource: 'services', name: 'productpage', selector: {app: 'productpage'}},
        {resource: 'statefulsets', name: 'reviews', namespace: 'bookinfo', selector: {app: 'reviews'}},
        {resource: 'services', name: 'external', selector: {}},
        {resource: 'deployments', name: 'nothing', selector: {app: 'nothing'}},
        {resource: 'deployments', name: 'ratings-v1', selector: {app: 'ratings'}},
      ],
      configMaps: [
        // What `log --reset` goes back to: the install's proxy log level, and an install whose values are broken.
        {namespace: 'istio-system', name: 'istio-sidecar-injector', data: {values: JSON.stringify({global: {proxy: {logLevel: INSTALL_LOG_LEVEL}}})}},
        {namespace: 'istio-broken', name: 'istio-sidecar-injector', data: {values: '{"global": {"proxy": '}},
      ],
    }
    const kube = await KubeApiStandIn.start({tls: certs, ...structuredClone(cluster)})
    const plainKube = await KubeApiStandIn.start({...structuredClone(cluster), errorChannel: 'json', anonymous: {name: 'system:anonymous'}})
    writeFileSync(path.join(dir, 'alice.token'), 'token-alice\n')
    const plugin = (name: string, body: string) => {
      writeFileSync(path.join(dir, name), body)
      return {command: process.execPath, args: [path.join(dir, name)]}
    }
    const credential = (token: string) =>
      `process.stdout.write(JSON.stringify({apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: {token: '${token}'}}))`
    const deadServer = `https://127.0.0.1:${await closedPort()}`
    const kubeconfig = writeKubeconfig(path.join(dir, 'kubeconfig'), {
      clusters: [
        {name: 'test', server: kube.url, ca: certs.ca},
        {name: 'plain', server: plainKube.url, insecure: true},
        {name: 'dead', server: deadServer, ca: certs.ca},
        {name: 'wrong-ca', server: kube.url, ca: otherCa},
      ],
      users: [
        {name: 'alice', token: 'token-alice'},
        {name: 'bob', token: 'token-bob'},
        {name: 'carol', token: 'token-carol'},
        {name: 'expired', token: 'token-expired'},
        {name: 'nobody'},
        {name: 'from-file', tokenFile: 'alice.token'},
        {name: 'exec', exec: plugin('exec-ok.mjs', credential('token-alice'))},
        // Hangs, ignoring SIGTERM, after noting its pid where the test can check that it was killed.
        {
          name: 'exec-hung',
          exec: plugin(
            'exec-hung.cjs',
            `require('node:fs').writeFileSync(process.env.PID_FILE, String(process.pid)); process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)`,
          ),
        },
        {name: 'exec-fails', exec: plugin('exec-fails.mjs', `process.stderr.write('login expired \\u001b]0;pwned\\u0007, run sso login\\n'); process.exit(3)`)},
      ],
      contexts: [
        {name: 'test', cluster: 'test', user: 'alice'},
        {name: 'bookinfo', cluster: 'test', user: 'alice', namespace: 'bookinfo'},
        {name: 'plain', cluster: 'plain', user: 'nobody'},
        {name: 'plain-token', cluster: 'plain', user: 'alice'},
        {name: 'token-file', cluster: 'test', user: 'from-file'},
        {name: 'exec', cluster: 'test', user: 'exec'},
        {name: 'exec-hung', cluster: 'test', user: 'exec-hung'},
        {name: 'exec-fails', cluster: 'test', user: 'exec-fails'},
        {name: 'bob', cluster: 'test', user: 'bob'},
        {name: 'carol', cluster: 'test', user: 'carol'},
        {name: 'expired', cluster: 'test', user: 'expired'},
        {name: 'anonymous', cluster: 'test'},
        {name: 'dead', cluster: 'dead', user: 'alice'},
        {name: 'wrong-ca', cluster: 'wrong-ca', user: 'alice'},
      ],
      current: 'test',
    })
    return new LiveEnv(dir, envoy, fixtureEnvoy, kube, plainKube, kubeconfig, deadServer)
  }

  async close(): Promise<void> {
    await this.kube.close()
    await this.plainKube.close()
    await this.envoy.close()
    await this.fixtureEnvoy.close()
    rmSync(this.dir, {recursive: true, force: true})
  }

  /** Runs the CLI in this process through oclif, as `proxy-config <args> --kubeconfig <ours>`. */
  async cli(...args: string[]): Promise<CliResult> {
    return runCli([...args, '--kubeconfig', this.kubeconfig])
  }

  /** Spawns `node bin/run.js <args> --kubeconfig <ours>`. */
  spawn(...args: string[]): {child: ChildProcess; result: Promise<CliResult & {signal: NodeJS.Signals | null}>} {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/run.js'), ...args, '--kubeconfig', this.kubeconfig], {
      cwd: ROOT,
      // NODE_ENV=test (set by vitest) would make oclif look for TypeScript sources; the proxy must be ignored for the tunnel.
      env: {...process.env, NODE_ENV: 'production', NO_COLOR: '1', KUBECONFIG: '', HTTP_PROXY: 'http://127.0.0.1:9', http_proxy: 'http://127.0.0.1:9'},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (c: Buffer) => (stdout += c))
    child.stderr?.on('data', (c: Buffer) => (stderr += c))
    const result = new Promise<CliResult & {signal: NodeJS.Signals | null}>((resolve) => {
      child.on('close', (code, signal) => resolve({stdout, stderr, code: code ?? -1, signal}))
    })
    return {child, result}
  }
}

// The tests run the built CLI, as `node bin/run.js` would; oclif must not go looking for TypeScript sources.
settings.enableAutoTranspile = false

/** Runs the built CLI in this process through oclif's own entry point, capturing output and exit code. */
export async function runCli(args: string[]): Promise<CliResult> {
  const saved = process.exitCode
  process.exitCode = undefined
  try {
    // As the spawned CLI runs: under NODE_ENV=test oclif adds development warnings to stderr.
    const {stdout, stderr, error} = await runCommand(args, {root: ROOT}, {testNodeEnv: 'production'})
    const code = Number(process.exitCode ?? (error ? 1 : 0))
    return {stdout, stderr: stderr + (error ? `${error.message}\n` : ''), code}
  } finally {
    process.exitCode = saved
  }
}

function subdir(dir: string, name: string): string {
  const p = path.join(dir, name)
  mkdirSync(p)
  return p
}

/** Kinds of handles that mean a socket or listener is still open in this process. */
export function openHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'TCPSocketWrap' || r === 'TLSWrap').length
}

/** Runs `body` with these environment variables set (or, for `undefined`, unset). */
export async function withEnv(vars: Record<string, string | undefined>, body: () => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]))
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
  apply(vars)
  try {
    await body()
  } finally {
    apply(saved)
  }
}
