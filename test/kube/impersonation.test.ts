import http from 'node:http'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {Deadline} from '../../src/core/deadline.js'
import {KubeApi} from '../../src/kube/api.js'
import {loadKubeConfig} from '../../src/kube/config.js'
import {parsePodArgument, resolvePod} from '../../src/kube/pods.js'
import {PortForwardTunnel} from '../../src/kube/tunnel.js'
import {LiveEnv, POD} from '../support/live-env.js'

describe('impersonation (--as, --as-uid, --as-group)', () => {
  let env: LiveEnv
  beforeAll(async () => (env = await LiveEnv.start()))
  afterAll(() => env.close())

  it('sends the Impersonate-* headers on API reads and on the port-forward upgrade', async () => {
    const target = loadKubeConfig({kubeconfig: env.kubeconfig, impersonate: {user: 'jane', uid: 'u-42', groups: ['devs', 'ops']}})
    const deadline = new Deadline(30_000)
    const before = env.kube.requests.length
    try {
      const pod = await resolvePod(new KubeApi(target, deadline), parsePodArgument(POD, target.namespace), () => {})
      const tunnel = await PortForwardTunnel.open(target, pod, 15000)
      try {
        // One request through the tunnel makes the client open its WebSocket.
        await new Promise<void>((done, fail) => {
          http.get(`http://127.0.0.1:${tunnel.localPort}/ready`, (res) => res.resume().on('end', done)).on('error', fail)
        })
      } finally {
        await tunnel.close()
      }
    } finally {
      deadline.dispose()
    }
    const made = env.kube.requests.slice(before)
    expect(made.map((r) => r.path)).toEqual([`/api/v1/namespaces/default/pods/${POD}`, `/api/v1/namespaces/default/pods/${POD}/portforward?ports=15000`])
    for (const r of made) expect(r.impersonate).toEqual({'impersonate-user': 'jane', 'impersonate-uid': 'u-42', 'impersonate-group': ['devs', 'ops']})
  })

  it('sends none without --as', async () => {
    const target = loadKubeConfig({kubeconfig: env.kubeconfig})
    const deadline = new Deadline(30_000)
    const before = env.kube.requests.length
    try {
      await new KubeApi(target, deadline).readPod('default', POD)
    } finally {
      deadline.dispose()
    }
    expect(env.kube.requests.slice(before).map((r) => r.impersonate)).toEqual([undefined])
  })

  it('refuses --as-uid or --as-group without --as, as a usage error', () => {
    expect(() => loadKubeConfig({kubeconfig: env.kubeconfig, impersonate: {groups: ['devs']}})).toThrow(/--as-uid and --as-group need --as/)
    expect(() => loadKubeConfig({kubeconfig: env.kubeconfig, impersonate: {uid: 'u'}})).toThrow(/--as-uid and --as-group need --as/)
  })

  it('takes --as, --as-uid and a repeated --as-group on the command line, for every request of a command', async () => {
    const before = env.kube.requests.length
    const result = await env.cli('cluster', 'deployment/productpage-v1', '--as', 'jane', '--as-uid', 'u-42', '--as-group', 'devs', '--as-group', 'ops', '-o', 'name')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('cluster/BlackHoleCluster')
    const made = env.kube.requests.slice(before)
    expect(made.map((r) => r.path.split('?')[0])).toEqual([
      '/apis/apps/v1/namespaces/default/deployments/productpage-v1',
      '/api/v1/namespaces/default/pods',
      `/api/v1/namespaces/default/pods/${POD}/portforward`,
    ])
    for (const r of made) expect(r.impersonate).toEqual({'impersonate-user': 'jane', 'impersonate-uid': 'u-42', 'impersonate-group': ['devs', 'ops']})
  })

  it('refuses --as-group without --as on the command line, as a usage error', async () => {
    expect(await env.cli('cluster', POD, '--as-group', 'devs')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'Error: --as-uid and --as-group need --as: impersonating a uid or groups requires impersonating a user\n',
    })
  })
})

describe('--kubeclient-timeout', () => {
  let env: LiveEnv
  beforeAll(async () => (env = await LiveEnv.start()))
  afterAll(() => env.close())

  it('bounds each Kubernetes API request, within the whole --timeout', async () => {
    env.kube.stall = true
    try {
      expect(await env.cli('cluster', POD, '--kubeclient-timeout', '300ms', '--timeout', '60s')).toEqual({
        code: 1,
        stdout: '',
        stderr: `Error: the Kubernetes API server at ${env.kube.url} did not answer within 300ms (read pod ${POD}.default); raise --kubeclient-timeout\n`,
      })
    } finally {
      env.kube.stall = false
    }
  })

  it('is a duration', async () => {
    expect(await env.cli('cluster', POD, '--kubeclient-timeout', 'soon')).toMatchObject({code: 2, stderr: expect.stringContaining('invalid duration "soon"')})
  })
})
