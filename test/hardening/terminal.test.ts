import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {EnvoyAdminStandIn} from '../support/envoy-admin.js'
import {CLUSTERS_DUMP, DUMP, LiveEnv, POD} from '../support/live-env.js'
import {runCli} from '../support/run-cli.js'

/**
 * Every path that prints text from a cluster, a proxy or the command line, run through
 * the built CLI against stand-ins that put terminal escapes into everything they say:
 * no raw control character may reach stdout or stderr. NO_COLOR is set, so even our
 * own colour codes are absent and any ESC at all is a failure.
 */

/** OSC (set the window title), CSI (clear the screen), C1 CSI, DEL and a bidi override. */
const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u007f\u202e'
/** How HOSTILE looks once escaped. */
const ESCAPED = '\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\x7f\\u202e'
/** Anything a terminal acts on except the line feed that ends our lines. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/

let env: LiveEnv
let hostileEnvoy: EnvoyAdminStandIn
let dir: string

beforeAll(async () => {
  env = await LiveEnv.start()
  hostileEnvoy = await EnvoyAdminStandIn.start({configDump: DUMP, clusters: CLUSTERS_DUMP})
  hostileEnvoy.loggers.set(`evil${HOSTILE}`, 'info')
  const admin = {15000: env.envoy.port}
  env.kube.addPod({name: `evil-${HOSTILE}`, namespace: 'hostile', labels: {app: 'evil'}, ports: admin})
  env.kube.workloads.set('deployments/hostile/evil', {resource: 'deployments', name: 'evil', namespace: 'hostile', selector: {app: 'evil'}})
  env.kube.addPod({name: 'phase', namespace: 'hostile', phase: `Pending${HOSTILE}`})
  env.kube.addPod({name: 'hostile-logs', namespace: 'hostile', ports: {15000: hostileEnvoy.port}})
  dir = mkdtempSync(path.join(tmpdir(), 'proxy-config-terminal-'))
}, 60_000)

afterAll(async () => {
  await env?.close()
  await hostileEnvoy?.close()
  rmSync(dir, {recursive: true, force: true})
})

/** Runs the CLI (with the stand-ins' kubeconfig unless `offline`); asserts that the hostile text got through escaped, and that nothing raw did. */
async function expectEscaped(args: string[], where: 'stdout' | 'stderr', expectedCode: number, escaped = ESCAPED, offline = false): Promise<string> {
  const result = await (offline ? runCli(args) : env.spawn(...args).result)
  expect(result.stdout, 'stdout').not.toMatch(RAW_CONTROL)
  expect(result.stderr, 'stderr').not.toMatch(RAW_CONTROL)
  expect(result[where]).toContain(escaped)
  expect(result.code, result.stderr).toBe(expectedCode)
  return result[where]
}

describe('no raw control character reaches the terminal', () => {
  it('the "Using pod" notice names a hostile pod escaped', async () => {
    const stderr = await expectEscaped(['cluster', 'deployment/evil', '-n', 'hostile'], 'stderr', 0)
    expect(stderr).toContain(`Using pod evil-${ESCAPED}.hostile (from deployment/evil)`)
  })

  it("a pod's phase", async () => {
    const stderr = await expectEscaped(['cluster', 'phase', '-n', 'hostile'], 'stderr', 1)
    expect(stderr).toBe(`Error: pod phase.hostile is not running (phase Pending${ESCAPED})\n`)
  })

  it('a Kubernetes Status message: 403, 404 and 500', async () => {
    env.kube.taint = HOSTILE
    try {
      await expectEscaped(['cluster', POD, '--context', 'carol'], 'stderr', 1)
      await expectEscaped(['cluster', `nope${HOSTILE}`], 'stderr', 1)
      env.kube.failWith = 500
      await expectEscaped(['cluster', POD], 'stderr', 1)
    } finally {
      env.kube.taint = ''
      env.kube.failWith = undefined
    }
  })

  it('port-forward error-channel text, plain and as JSON', async () => {
    for (const kube of [env.kube, env.plainKube]) kube.dialFailure = `failed to execute portforward in network namespace ${HOSTILE}`
    try {
      await expectEscaped(['cluster', POD], 'stderr', 1)
      await expectEscaped(['cluster', POD, '--context', 'plain'], 'stderr', 1)
    } finally {
      for (const kube of [env.kube, env.plainKube]) kube.dialFailure = undefined
    }
  })

  it('the first line of an Envoy error answer', async () => {
    hostileEnvoy.failure = {status: 503, body: `upstream overflow ${HOSTILE}\nsecond line ${HOSTILE}\n`}
    try {
      const stderr = await expectEscaped(['cluster', '--admin-url', hostileEnvoy.url], 'stderr', 1)
      expect(stderr.split('\n')).toHaveLength(2)
    } finally {
      hostileEnvoy.failure = undefined
    }
  })

  it("log output: Envoy's /logging answer, on stdout, from a pod and from an admin URL", async () => {
    const stdout = await expectEscaped(['log', 'hostile-logs', '-n', 'hostile'], 'stdout', 0)
    expect(stdout).toContain(`  evil${ESCAPED}: info\n`)
    await expectEscaped(['log', '--admin-url', hostileEnvoy.url], 'stdout', 0)
  })

  it('exec credential plugin stderr', async () => {
    const result = await env.spawn('cluster', POD, '--context', 'exec-fails').result
    expect(result.stderr).not.toMatch(RAW_CONTROL)
    expect(result.stderr).toContain('login expired \\x1b]0;pwned\\x07, run sso login')
    expect(result.code).toBe(1)
  })

  it('a file name given to -f, missing or holding something that is not a dump', async () => {
    await expectEscaped(['cluster', '-f', path.join(dir, `missing${HOSTILE}.json`)], 'stderr', 1)
    const garbage = path.join(dir, `garbage${HOSTILE}.json`)
    writeFileSync(garbage, '{"configs": [')
    await expectEscaped(['cluster', '-f', garbage], 'stderr', 1)
  })

  it('an unknown command, a bad argument and a warning that quote what was typed', async () => {
    await expectEscaped(['completion-pods', `fi${HOSTILE}sh`], 'stderr', 2)
    // The command word is quoted as JSON, which writes C0 controls its own way; `help <word>` reports it the same way.
    const quoted = '\\u001b]0;pwned\\u0007\\u001b[2J\\x9b31m\\x7f\\u202e'
    await expectEscaped(['help', `clu${HOSTILE}ster`], 'stderr', 2, quoted, true)
    await expectEscaped([`clu${HOSTILE}ster`], 'stderr', 2, quoted)
    await expectEscaped(['cluster', '-f', DUMP, '--fqdn', `x${HOSTILE}`], 'stderr', 0)
  })

  it('--debug: HTTP exchanges and the stack trace', async () => {
    env.kube.taint = HOSTILE
    try {
      const stderr = await expectEscaped(['cluster', POD, '--context', 'carol', '--debug'], 'stderr', 1)
      expect(stderr).toContain('    at ')
    } finally {
      env.kube.taint = ''
    }
  })

  it('complete-pods offers only Kubernetes names, never escapes', async () => {
    const result = await env.spawn('complete-pods', '-n', 'hostile').result
    expect(result.stdout).not.toMatch(RAW_CONTROL)
    expect(result.stdout.split('\n')).toContain('honest-pod')
    expect(result.stdout).not.toContain('evil')
  })
})
