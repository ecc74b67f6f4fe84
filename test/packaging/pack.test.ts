import {type SpawnSyncReturns, spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import net, {type AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../..')
const FIXTURE = path.join(ROOT, 'fixtures/bookinfo-productpage.json')
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {name: string; version: string}

/** Left out of the copy that is packed: built or installed things, and what only the repository needs. */
// fixtures/ is copied: the build warms its code cache up on one of them.
const NOT_COPIED = new Set(['node_modules', 'dist', 'oclif.manifest.json', '.git', 'test'])

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * What a user gets from `npm pack` and `npm i -g`: the tarball is made (its prepack
 * build included) from a copy of the project, so the working tree and the other
 * tests' dist/ are left alone, then installed into a fresh prefix with runtime
 * dependencies only, and the installed `proxy-config` is run as a user would.
 */
describe('npm pack, then npm install -g from the tarball', () => {
  let work: string
  let copy: string
  let prefix: string
  let installed: string
  let files: string[]
  /** The user's environment for the installed CLI: no NODE_ENV (vitest sets "test"), a home of its own. */
  let userEnv: NodeJS.ProcessEnv

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'proxy-config-pack-'))
    copy = path.join(work, 'src')
    prefix = path.join(work, 'prefix')
    cpSync(ROOT, copy, {recursive: true, filter: (from) => path.dirname(from) !== ROOT || !NOT_COPIED.has(path.basename(from))})
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir')

    // prepack builds dist/ and the manifest in the copy.
    const packed = npm(['pack', '--json', '--pack-destination', work], copy)
    expect(packed.code, packed.stderr).toBe(0)
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{filename: string; files: Array<{path: string}>}>
    files = info.files.map((f) => f.path).sort()

    // The cache `npm ci` filled serves the dependencies; the registry is asked only for what it lacks.
    const install = npm(['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', path.join(work, info.filename)], work)
    expect(install.code, install.stderr).toBe(0)
    installed = path.join(prefix, 'lib/node_modules', pkg.name)

    const home = path.join(work, 'home')
    mkdirSync(home)
    userEnv = {...process.env, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), KUBECONFIG: '', NO_COLOR: '1'}
    delete userEnv.NODE_ENV
  }, 240_000)

  afterAll(() => {
    if (work) rmSync(work, {recursive: true, force: true})
  })

  /** Runs the installed `<prefix>/bin/proxy-config`, with no terminal (stdin, stdout and stderr are pipes). */
  const cli = (...args: string[]): Run => result(spawnSync(path.join(prefix, 'bin', pkg.name), args, {cwd: work, env: userEnv, encoding: 'utf8', timeout: 30_000}))
  /** The CLI as built in the copy, before packing: what the installed one must match. */
  const fromSource = (...args: string[]): Run =>
    result(spawnSync(process.execPath, [path.join(copy, 'bin/run.js'), ...args], {cwd: work, env: userEnv, encoding: 'utf8', timeout: 30_000}))

  it('packs the bundle, its code cache, the Kubernetes client bundle, the Envoy schema, the launcher and the manifest, and nothing else', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/run.js',
        'bin/package.json',
        'dist/cli.cjs',
        'dist/cli.cjs.cache',
        'dist/kube-client.cjs',
        'dist/envoy-schema.json',
        'oclif.manifest.json',
        'package.json',
      ]),
    )
    const unexpected = files.filter((f) => !/^(bin\/run\.js|bin\/package\.json|dist\/.*|oclif\.manifest\.json|package\.json|README\.md|LICENSE)$/.test(f))
    expect(unexpected).toEqual([])
  })

  it('installs the runtime dependencies and no build or test tooling', () => {
    const modules = path.join(installed, 'node_modules')
    for (const dep of ['@oclif/core', '@oclif/plugin-autocomplete', 'axios', '@kubernetes/client-node', 'js-yaml', 'jsonpath-plus']) {
      expect(existsSync(path.join(modules, dep, 'package.json')), dep).toBe(true)
    }
    for (const dev of ['esbuild', 'typescript', 'tsx', 'vitest', '@oclif/test', 'protobufjs', 'fast-check', 'cli-table3']) {
      expect(existsSync(path.join(modules, dev)), dev).toBe(false)
    }
  })

  it('prints its version', () => {
    const r = cli('--version')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`^${pkg.name}/${pkg.version.replaceAll('.', '\\.')} \\S+ node-v\\d+\\.\\d+\\.\\d+\\n$`))
  })

  it('reads a saved dump: table, -o json (proto schema), -o yaml and -o jsonpath (runtime dependencies)', () => {
    for (const format of [[], ['-o', 'json'], ['-o', 'yaml'], ['-o', 'jsonpath={[*].name}']]) {
      const r = cli('cluster', '-f', FIXTURE, ...format)
      expect(r.stderr, format.join(' ')).toBe('')
      expect(r.code).toBe(0)
      expect(r).toEqual(fromSource('cluster', '-f', FIXTURE, ...format))
    }
    expect(cli('cluster', '-f', FIXTURE).stdout).toMatch(/^SERVICE FQDN +PORT +SUBSET +DIRECTION +TYPE +DESTINATION RULE\n/)
    const json = JSON.parse(cli('cluster', '-f', FIXTURE, '-o', 'json').stdout) as Array<{name: string}>
    expect(json.length).toBeGreaterThan(10)
    expect(json.some((c) => c.name.startsWith('outbound|9080||reviews.'))).toBe(true)
  })

  it('reaches for Kubernetes and Envoy with the installed clients', async () => {
    const port = await closedPort()
    const kubeconfig = path.join(work, 'kubeconfig')
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{name: 'c', cluster: {server: `https://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true}}],
      users: [{name: 'u', user: {token: 't'}}],
      contexts: [{name: 'x', context: {cluster: 'c', user: 'u'}}],
      'current-context': 'x',
    }
    writeFileSync(kubeconfig, JSON.stringify(config))
    const kube = cli('cluster', 'productpage-v1-abc', '--kubeconfig', kubeconfig, '--timeout', '5s')
    expect(kube).toMatchObject({code: 1, stdout: ''})
    expect(kube.stderr).toMatch(/^Error: cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:\d+ \(context "x"\): connection refused\n$/)
    const admin = cli('cluster', '--admin-url', `http://127.0.0.1:${port}`, '--timeout', '5s')
    expect(admin).toMatchObject({code: 1, stdout: ''})
    expect(admin.stderr).toMatch(/^Error: .*127\.0\.0\.1:\d+.*\n$/)
    // The completion helper stays silent on the same failure.
    expect(cli('complete-pods', '--kubeconfig', kubeconfig)).toEqual({code: 0, stdout: '', stderr: ''})
  })

  it('suggests the command meant by a typo, in one line, exit 2, without prompting', () => {
    expect(cli('clustr', '-f', FIXTURE)).toEqual({
      code: 2,
      stdout: '',
      stderr: `Error: unknown command "clustr" for "${pkg.name}"; did you mean "cluster"? (see ${pkg.name} --help)\n`,
    })
  })

  it('sets up shell completion: autocomplete bash prints the steps and writes a completion of the commands and their flags', () => {
    const r = cli('autocomplete', 'bash')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`printf "$(${pkg.name} autocomplete script bash)" >> ~/.bashrc; source ~/.bashrc`)
    expect(r.stdout).toContain(`${pkg.name} <TAB><TAB>`)
    const script = readFileSync(path.join(userEnv.XDG_CACHE_HOME!, pkg.name, 'autocomplete/functions/bash', `${pkg.name}.bash`), 'utf8')
    for (const command of ['all', 'bootstrap', 'cluster', 'ecds', 'endpoint', 'listener', 'log', 'route', 'secret']) {
      expect(script).toMatch(new RegExp(`^${command} --\\S`, 'm'))
    }
    expect(script).toMatch(/^cluster .*--fqdn/m)
    expect(script).not.toContain('complete-pods')
    expect(script).toContain(`complete -F _${pkg.name}_autocomplete ${pkg.name}`)

    const setup = cli('autocomplete', 'script', 'bash')
    expect(setup.stdout).toContain(path.join(userEnv.XDG_CACHE_HOME!, pkg.name, 'autocomplete/bash_setup'))

    const pods = cli('completion-pods', 'bash')
    expect(pods.code).toBe(0)
    expect(pods.stdout).toContain(`complete-pods`)
    expect(pods.stdout).toContain(`complete -F _proxy_config_pods ${pkg.name}`)
  })
})

function result(r: SpawnSyncReturns<string>): Run {
  if (r.error) throw r.error
  return {code: r.status, stdout: r.stdout, stderr: r.stderr}
}

function npm(args: string[], cwd: string): Run {
  // npm's own progress and notices would go to a terminal; keep its output plain.
  const env: NodeJS.ProcessEnv = {...process.env, npm_config_update_notifier: 'false', npm_config_loglevel: 'error'}
  delete env.NODE_ENV
  return result(spawnSync('npm', args, {cwd, env, encoding: 'utf8', timeout: 180_000}))
}

async function closedPort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const {port} = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}
