import {spawn, spawnSync} from 'node:child_process'
import {once} from 'node:events'
import {chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {formatCompletions} from '../../src/render/printers/registry.js'
import {HOSTILE_POD_NAMES, LiveEnv, ROOT} from '../support/live-env.js'

/** The Running, not terminating pods of the stand-in cluster's `default` namespace, sorted. */
const DEFAULT_PODS = ['custom-admin', 'no-envoy', 'productpage-v1-7d4c8bb9d-abcde', 'productpage-v1-abc', 'productpage-v1-old', 'productpage-v1-unready']

describe('complete-pods (shell completion of pod names)', () => {
  let env: LiveEnv
  beforeAll(async () => (env = await LiveEnv.start()))
  afterAll(() => env.close())
  beforeEach(() => {
    env.kube.stall = false
  })

  const pods = async (...args: string[]) => {
    const {stdout, stderr, code, signal} = await env.spawn('complete-pods', ...args).result
    return {names: stdout.split('\n').filter((l) => l !== ''), stdout, stderr, code, signal}
  }

  it("lists the Running pods of the context's namespace, one a line, sorted", async () => {
    const r = await pods()
    expect(r).toMatchObject({names: DEFAULT_PODS, stderr: '', code: 0})
    expect(r.stdout).toBe(`${DEFAULT_PODS.join('\n')}\n`)
  })

  it('lists namespaces, or the deployments of the namespace, with --list', async () => {
    expect(await pods('--list', 'namespaces')).toMatchObject({names: ['bookinfo', 'default', 'hostile'], stderr: '', code: 0})
    expect(await pods('--list', 'deployments')).toMatchObject({names: ['nothing', 'productpage-v1', 'ratings-v1'], stderr: '', code: 0})
    expect(await pods('--list', 'deployments', '-n', 'bookinfo')).toMatchObject({stdout: '', code: 0})
  })

  it('offers only valid Kubernetes names, whatever the API server sends', async () => {
    expect(HOSTILE_POD_NAMES.length).toBeGreaterThan(0)
    expect(await pods('-n', 'hostile')).toMatchObject({names: ['honest-pod'], stderr: '', code: 0})
  })

  it('follows -n and --context', async () => {
    expect(await pods('-n', 'bookinfo')).toMatchObject({names: ['reviews-v1-xyz'], code: 0})
    expect(await pods('--namespace=bookinfo')).toMatchObject({names: ['reviews-v1-xyz'], code: 0})
    expect(await pods('--context', 'bookinfo')).toMatchObject({names: ['reviews-v1-xyz'], code: 0})
    expect(await pods('--context', 'plain', '-n', 'nowhere')).toMatchObject({stdout: '', code: 0})
  })

  it.each([
    ['rejected credentials', ['--context', 'expired']],
    ['an API server that is down', ['--context', 'dead']],
    ['a certificate it cannot verify', ['--context', 'wrong-ca']],
    ['an unknown context', ['--context', 'nope']],
    ['an unknown flag', ['--bogus']],
  ])('prints nothing and exits 0 on %s', async (_, args) => {
    expect(await pods(...args)).toEqual(expect.objectContaining({stdout: '', stderr: '', code: 0, signal: null}))
  })

  it('prints nothing and exits 0 without a kubeconfig', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'proxy-config-nokube-'))
    try {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/run.js'), 'complete-pods'], {
        env: {...process.env, NODE_ENV: 'production', HOME: dir, KUBECONFIG: '', KUBERNETES_SERVICE_HOST: ''},
        encoding: 'utf8',
      })
      expect({stdout: r.stdout, stderr: r.stderr, code: r.status}).toEqual({stdout: '', stderr: '', code: 0})
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('gives up after about 2 s of waiting on an API server that never answers', async () => {
    env.kube.stall = true
    const started = Date.now()
    expect(await pods()).toMatchObject({stdout: '', stderr: '', code: 0, signal: null})
    const elapsed = Date.now() - started
    expect(elapsed).toBeGreaterThan(1900)
    // The API server never answers, so finishing at all shows the give-up; the hard stop
    // is 4 s after start, and a loaded machine adds start-up time on top.
    expect(elapsed).toBeLessThan(15_000)
  })

  describe('the bash and zsh snippets of completion-pods', () => {
    let bin: string
    let snippet: string
    let zshSnippet: string
    let cwd: string
    beforeAll(() => {
      // `proxy-config` on PATH, as after a global install.
      bin = mkdtempSync(path.join(tmpdir(), 'proxy-config-bin-'))
      const wrapper = path.join(bin, 'proxy-config')
      writeFileSync(wrapper, `#!/bin/sh\nNODE_ENV=production exec "${process.execPath}" "${path.join(ROOT, 'bin/run.js')}" "$@"\n`)
      chmodSync(wrapper, 0o755)
      const r = spawnSync(wrapper, ['completion-pods', 'bash'], {encoding: 'utf8'})
      expect(r.status).toBe(0)
      snippet = path.join(bin, 'pods.bash')
      writeFileSync(snippet, r.stdout)
      const z = spawnSync(wrapper, ['completion-pods', 'zsh'], {encoding: 'utf8'})
      expect(z.status).toBe(0)
      zshSnippet = path.join(bin, 'pods.zsh')
      writeFileSync(zshSnippet, z.stdout)
      // Where a completion that ran data as code would leave its PWNED file.
      cwd = mkdtempSync(path.join(tmpdir(), 'proxy-config-cwd-'))
    })
    afterAll(() => {
      rmSync(bin, {recursive: true, force: true})
      rmSync(cwd, {recursive: true, force: true})
    })

    /** Runs `script` in `shell` with the CLI on PATH and the stand-in's kubeconfig; returns stdout's lines. */
    const shellLines = async (shell: string, args: string[], onPath = bin): Promise<string[]> => {
      // Not spawnSync: the stand-in API server runs in this process and must keep answering.
      const child = spawn(shell, args, {cwd, env: {...process.env, PATH: `${onPath}:${process.env.PATH}`, KUBECONFIG: env.kubeconfig}})
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d: Buffer) => (stdout += d))
      child.stderr.on('data', (d: Buffer) => (stderr += d))
      await once(child, 'close')
      expect(stderr).toBe('')
      return stdout.split('\n').filter((l) => l !== '')
    }

    /** What bash offers for TAB at the end of `line`, using only the snippet (no autocomplete setup). */
    const complete = async (line: string, onPath = bin): Promise<string[]> => {
      const script = `source ${JSON.stringify(snippet)}; COMP_LINE=$1; COMP_POINT=\${#1}; _proxy_config_pods; printf '%s\\n' "\${COMPREPLY[@]}"`
      return shellLines('bash', ['--norc', '-c', script, 'bash', line], onPath)
    }

    /**
     * The zsh snippet's function, run in real zsh with the words of `line`; compadd (a
     * completion-widget builtin) is replaced by a function that prints what it was given.
     */
    const completeZsh = async (line: string, onPath = bin): Promise<string[]> => {
      const script = [
        'compdef() { :; }',
        `source ${JSON.stringify(zshSnippet)}`,
        'compadd() { [[ $1 == -a ]] && print -rl -- "${(@P)2}" || print -rl -- "$@"; }',
        '_files() { :; }',
        'words=(${(z)1}); [[ $1 == *" " ]] && words+=("")',
        'CURRENT=${#words}',
        '_proxy_config_pods',
      ].join('\n')
      return shellLines('zsh', ['-f', '-c', script, 'zsh', line], onPath)
    }

    it.each([
      ['bash', complete],
      ['zsh', completeZsh],
    ])('%s: never runs a hostile pod name as code, and offers only the honest pods', async (_, run) => {
      expect(await run('proxy-config cluster -n hostile ')).toEqual(['honest-pod'])
      expect(await run('proxy-config cluster -n hostile h')).toEqual(['honest-pod'])
      expect(existsSync(path.join(cwd, 'PWNED'))).toBe(false)
    })

    it.each([
      ['bash', complete],
      ['zsh', completeZsh],
    ])('%s: treats every listed name as data, even names complete-pods would never print', async (_, run) => {
      // A stand-in CLI whose complete-pods prints the hostile names as they are.
      const fake = mkdtempSync(path.join(tmpdir(), 'proxy-config-fake-'))
      try {
        const names = [...HOSTILE_POD_NAMES, 'honest-pod'].map((n) => `printf '%s\\n' ${shellQuote(n)}`).join('\n')
        writeFileSync(path.join(fake, 'proxy-config'), `#!/bin/sh\n${names}\n`)
        chmodSync(path.join(fake, 'proxy-config'), 0o755)
        // Printed back literally: zsh's compadd and this bash loop both take each line as a word.
        expect(await run('proxy-config cluster ', fake)).toEqual([...HOSTILE_POD_NAMES, 'honest-pod'])
        expect(existsSync(path.join(cwd, 'PWNED'))).toBe(false)
      } finally {
        rmSync(fake, {recursive: true, force: true})
      }
    })

    it('bash: filters by the typed prefix literally, without pattern or expansion', async () => {
      const fake = mkdtempSync(path.join(tmpdir(), 'proxy-config-fake-'))
      try {
        writeFileSync(path.join(fake, 'proxy-config'), "#!/bin/sh\nprintf '%s\\n' 'a*b' 'axb' 'honest-$(x)' 'honest-pod'\n")
        chmodSync(path.join(fake, 'proxy-config'), 0o755)
        expect(await complete('proxy-config cluster a*', fake)).toEqual(['a*b'])
        expect(await complete('proxy-config cluster honest-', fake)).toEqual(['honest-$(x)', 'honest-pod'])
      } finally {
        rmSync(fake, {recursive: true, force: true})
      }
    })

    it.each([
      ['bash', complete],
      ['zsh', completeZsh],
    ])('%s: completes namespaces after -n, and deployment/… forms of the pod argument', async (shell, run) => {
      // zsh's compadd filters by the prefix itself; the snippet hands it every name.
      const typed = (names: string[], prefix: string) => (shell === 'bash' ? names.filter((n) => n.startsWith(prefix)) : names)
      expect(await run('proxy-config cluster -n ')).toEqual(['bookinfo', 'default', 'hostile'])
      expect(await run('proxy-config -n b')).toEqual(typed(['bookinfo', 'default', 'hostile'], 'b'))
      expect(await run('proxy-config cluster deployment/')).toEqual(['deployment/nothing', 'deployment/productpage-v1', 'deployment/ratings-v1'])
      expect(await run('proxy-config log deploy/prod')).toEqual(typed(['deploy/nothing', 'deploy/productpage-v1', 'deploy/ratings-v1'], 'deploy/prod'))
    })

    it('zsh: hands compadd the pods of the namespace given with -n (compadd filters by prefix)', async () => {
      expect(await completeZsh('proxy-config cluster product')).toEqual(DEFAULT_PODS)
      expect(await completeZsh('proxy-config route -n bookinfo ')).toEqual(['reviews-v1-xyz'])
    })

    it('completes the pod argument of the commands that take one, with -n and --context passed on', async () => {
      expect(await complete('proxy-config cluster ')).toEqual(DEFAULT_PODS)
      expect(await complete('proxy-config cluster product')).toEqual(DEFAULT_PODS.filter((p) => p.startsWith('product')))
      expect(await complete('proxy-config clusters -o json prod')).toEqual(DEFAULT_PODS.filter((p) => p.startsWith('prod')))
      expect(await complete('proxy-config route -n bookinfo ')).toEqual(['reviews-v1-xyz'])
      expect(await complete('proxy-config log --context=bookinfo r')).toEqual(['reviews-v1-xyz'])
    })

    it('completes commands first, file names after -f, and nothing after the pod or a flag that takes a value', async () => {
      expect(await complete('proxy-config clu')).toEqual(['cluster', 'clusters'])
      const fixture = path.join(ROOT, 'fixtures/bookinfo-productpage.j')
      expect(await complete(`proxy-config cluster -f ${fixture}`)).toEqual([`${fixture}son`])
      expect(await complete('proxy-config cluster productpage-v1-abc ')).toEqual([])
      expect(await complete('proxy-config cluster --fqdn ')).toEqual([])
      expect(await complete('proxy-config help ')).toEqual([])
    })

    it('completes -o with the formats of the printer registry', async () => {
      expect(await complete('proxy-config cluster -o ')).toEqual(formatCompletions())
      expect(await complete('proxy-config cluster --output j')).toEqual(['json', 'jsonpath='])
    })
  })
})

/** Single-quoted for sh: the text exactly, whatever it holds. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}
