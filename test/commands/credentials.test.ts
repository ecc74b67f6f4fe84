import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {DUMP, LiveEnv, POD, runCli, withEnv} from '../support/live-env.js'
import {waitFor} from '../support/wait.js'

/** Whether a process with this pid still exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('kubeconfig credentials', () => {
  let env: LiveEnv
  let clusters: string
  /** The dump's warming cluster, named on stderr. */
  let warnings: string

  beforeAll(async () => {
    env = await LiveEnv.start()
    ;({stdout: clusters, stderr: warnings} = await runCli(['cluster', '-f', DUMP]))
  })
  afterAll(() => env.close())

  it('reads the token from a user tokenFile, relative to the kubeconfig', async () => {
    expect(await env.cli('cluster', POD, '--context', 'token-file')).toEqual({stdout: clusters, stderr: warnings, code: 0})
    expect(env.kube.requests.at(-1)?.user).toBe('alice')
  })

  it('runs an exec credential plugin and uses the token it prints', async () => {
    expect(await env.cli('cluster', POD, '--context', 'exec')).toEqual({stdout: clusters, stderr: warnings, code: 0})
    expect(env.kube.requests.at(-1)?.user).toBe('alice')
  })

  it('reports a failing plugin in one line, its stderr escaped', async () => {
    const r = await env.cli('cluster', POD, '--context', 'exec-fails')
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^Error: the credential plugin "[^"]*node" of user "exec-fails" failed \(exit 3\): login expired \\x1b\]0;pwned\\x07, run sso login\n$/)
  })

  it('stops a hung plugin at --timeout and kills it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'proxy-config-plugin-'))
    const pidFile = path.join(dir, 'pid')
    try {
      await withEnv({PID_FILE: pidFile}, async () => {
        const started = Date.now()
        const {result} = env.spawn('cluster', POD, '--context', 'exec-hung', '--timeout', '2s')
        const r = await result
        expect(r.stderr).toMatch(/^Error: timed out after 2s waiting for the credential plugin "[^"]*node" of user "exec-hung"; raise --timeout\n$/)
        expect(r.code).toBe(1)
        // The budget is 2 s; a generous ceiling for a loaded machine, far below the plugin's lifetime (forever).
        expect(Date.now() - started).toBeLessThan(15_000)
        expect(existsSync(pidFile)).toBe(true)
        const pid = Number(readFileSync(pidFile, 'utf8'))
        await waitFor(() => !alive(pid), {what: 'the plugin to be killed'})
      })
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('kills a hung plugin on Ctrl-C', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'proxy-config-plugin-'))
    const pidFile = path.join(dir, 'pid')
    try {
      await withEnv({PID_FILE: pidFile}, async () => {
        const {child, result} = env.spawn('cluster', POD, '--context', 'exec-hung', '--timeout', '5m')
        await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '', {what: 'the plugin to start'})
        child.kill('SIGINT')
        const r = await result
        expect(r.code).toBe(130)
        expect(r.stderr).toMatch(/^Error: interrupted while waiting for the credential plugin/)
        await waitFor(() => !alive(Number(readFileSync(pidFile, 'utf8'))), {what: 'the plugin to be killed'})
      })
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('refuses to send a token to a plain-HTTP API server, and sends nothing', async () => {
    const before = env.plainKube.requests.length
    const r = await env.cli('cluster', POD, '--context', 'plain-token')
    expect(r).toEqual({
      stdout: '',
      stderr: `Error: refusing to send the credentials of context "plain-token" to ${env.plainKube.url} over plain HTTP, where anyone on the path can read them; use an https:// server in the kubeconfig\n`,
      code: 1,
    })
    expect(env.plainKube.requests.length).toBe(before)
  })

  it('talks to a plain-HTTP API server without credentials', async () => {
    expect(await env.cli('cluster', POD, '--context', 'plain')).toEqual({stdout: clusters, stderr: warnings, code: 0})
    expect(env.plainKube.requests.at(-1)?.user).toBe('system:anonymous')
  })
})
