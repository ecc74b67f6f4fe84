import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {Deadline} from '../../src/core/deadline.js'
import {KubeApi} from '../../src/kube/api.js'
import {loadKubeConfig} from '../../src/kube/config.js'
import {LiveEnv, POD} from '../support/live-env.js'

describe('KubeApi request timeout (--kubeclient-timeout)', () => {
  let env: LiveEnv
  beforeAll(async () => (env = await LiveEnv.start()))
  afterAll(() => env.close())

  it('gives up on one request after the per-request timeout, well within the deadline, naming the flag', async () => {
    const target = loadKubeConfig({kubeconfig: env.kubeconfig})
    const deadline = new Deadline(60_000)
    env.kube.stall = true
    try {
      const api = new KubeApi(target, deadline, 300)
      await expect(api.readPod('default', POD)).rejects.toThrow(
        `the Kubernetes API server at ${env.kube.url} did not answer within 300ms (read pod ${POD}.default); raise --kubeclient-timeout`,
      )
      expect(deadline.stopped).toBe(false)
    } finally {
      env.kube.stall = false
      deadline.dispose()
    }
  })

  it('answers normally within the per-request timeout', async () => {
    const target = loadKubeConfig({kubeconfig: env.kubeconfig})
    const deadline = new Deadline(60_000)
    try {
      const pod = await new KubeApi(target, deadline, 30_000).readPod('default', POD)
      expect(pod.metadata?.name).toBe(POD)
    } finally {
      deadline.dispose()
    }
  })
})
