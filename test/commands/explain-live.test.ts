import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {FIXTURE_POD, LiveEnv} from '../support/live-env.js'

describe('live explain', () => {
  let env: LiveEnv
  beforeAll(async () => (env = await LiveEnv.start()))
  afterAll(() => env.close())

  it("reads the capture settings from the pod's istio-init arguments: port 3306 is excluded", async () => {
    const out = JSON.parse((await env.cli('explain', FIXTURE_POD, 'tcp://mysqldb:3306', '-o', 'json')).stdout)
    expect(out.outcome.kind).toBe('not-captured')
    expect(out.capture.reason).toContain('outbound port 3306 is excluded from capture (-o 3306)')
    expect(out.capture.details.settings).toContain('istio-init')
  })

  it('takes endpoint health from /clusters: the host failing outlier detection is skipped', async () => {
    const out = JSON.parse((await env.cli('explain', FIXTURE_POD, 'http://reviews:9080/', '-H', 'end-user=jason', '-o', 'json')).stdout)
    expect(env.fixtureEnvoy.paths()).toEqual(expect.arrayContaining(['GET /config_dump?include_eds', 'GET /clusters?format=json']))
    expect(out.endpoints.reason).toContain('live, from /clusters')
    expect(out.cluster.chosen).toBe('outbound|9080|v2|reviews.default.svc.cluster.local')
  })
})
