import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {DUMP, LiveEnv, POD, runCli} from '../support/live-env.js'
import {waitFor} from '../support/wait.js'

/**
 * The built CLI as its own process. Success never calls process.exit, so a process
 * that ends by itself proves nothing (listener, socket, WebSocket, timer, signal
 * handler) was left keeping it alive.
 */
describe('the CLI process', () => {
  let env: LiveEnv
  beforeAll(async () => (env = await LiveEnv.start()))
  afterAll(() => env.close())

  beforeEach(() => {
    env.kube.stall = false
    env.envoy.hang = false
    env.envoy.requests.length = 0
  })

  it('exits by itself after a live fetch, ignoring HTTP_PROXY for its own tunnel', async () => {
    const expected = await runCli(['cluster', '-f', DUMP])
    const {result} = env.spawn('cluster', `deployment/productpage-v1`)
    expect(await result).toEqual({stdout: expected.stdout, stderr: `Using pod ${POD}.default (from deployment/productpage-v1)\n${expected.stderr}`, code: 0, signal: null})
    await waitFor(() => env.kube.openForwards() === 0)
  })

  it('exits by itself after a failure, with one line on stderr', async () => {
    const {result} = env.spawn('cluster', 'no-envoy')
    expect(await result).toEqual({
      stdout: '',
      stderr: 'Error: nothing is listening on port 15000 in pod no-envoy.default (is this a pod with an Envoy sidecar? check --proxy-admin-port)\n',
      code: 1,
      signal: null,
    })
  })

  it.each(['SIGINT', 'SIGTERM'] as const)('on %s while Envoy does not answer: one line, exit 130, port-forward closed', async (signal) => {
    env.envoy.hang = true
    const forwards = env.kube.forwards.length
    const {child, result} = env.spawn('cluster', POD, '--timeout', '20s')
    await waitFor(() => env.envoy.requests.length === 1)
    const started = Date.now()
    child.kill(signal)
    expect(await result).toEqual({stdout: '', stderr: `Error: interrupted while waiting for /config_dump from pod ${POD}.default\n`, code: 130, signal: null})
    // Well before the 20 s --timeout: the signal, not the deadline, ended the wait.
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(env.kube.forwards.length).toBe(forwards + 1)
    expect(await env.kube.forwards[forwards].closed).toBeTypeOf('number')
    expect(env.kube.openForwards()).toBe(0)
  })

  it('on SIGINT while the API server does not answer: the pending request is abandoned, exit 130', async () => {
    env.kube.stall = true
    const requests = env.kube.requests.length
    const {child, result} = env.spawn('cluster', POD, '--timeout', '20s')
    await waitFor(() => env.kube.requests.length > requests)
    child.kill('SIGINT')
    expect(await result).toEqual({
      stdout: '',
      stderr: `Error: interrupted while waiting for the Kubernetes API server at ${env.kube.url} (read pod ${POD}.default)\n`,
      code: 130,
      signal: null,
    })
  })
})
