import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {DUMP, FIXTURE_DUMP, FIXTURE_POD, LiveEnv, POD, runCli} from '../support/live-env.js'
import {waitFor} from '../support/wait.js'

const MASK = [
  'dynamic_active_clusters',
  'static_clusters',
  'dynamic_listeners',
  'static_listeners',
  'dynamic_route_configs',
  'static_route_configs',
  'dynamic_active_secrets',
  'dynamic_warming_secrets',
].join(',')

describe('diff between live proxies', () => {
  let env: LiveEnv
  beforeAll(async () => (env = await LiveEnv.start()))
  afterAll(() => env.close())
  beforeEach(() => {
    env.envoy.requests.length = 0
    env.fixtureEnvoy.requests.length = 0
  })

  it('compares two pods serving different dumps as it compares the saved dumps, asking each Envoy once', async () => {
    const live = await env.cli('diff', POD, FIXTURE_POD)
    const offline = await runCli(['diff', DUMP, FIXTURE_DUMP])
    expect(live.code).toBe(1)
    expect(live.stderr).toBe('')
    expect(live.stdout).toMatch(/^TYPE +NAME +CHANGE +FIELDS\n/)
    expect(live).toEqual(offline)
    for (const envoy of [env.envoy, env.fixtureEnvoy]) expect(envoy.paths()).toEqual([`GET /config_dump?mask=${MASK}`])
  })

  it('finds no differences between a pod and the dump it serves', async () => {
    expect(await env.cli('diff', POD, DUMP)).toEqual({code: 0, stdout: 'no differences\n', stderr: ''})
  })

  it('compares endpoints too with --include-eds', async () => {
    const live = await env.cli('diff', FIXTURE_POD, POD, '--include-eds', '--type', 'endpoint', '-o', 'json')
    expect(live.code).toBe(1)
    expect(JSON.parse(live.stdout)).toMatchObject({left: `pod ${FIXTURE_POD}.default`, right: `pod ${POD}.default`, identical: false})
    expect(live.stdout).toEqual(
      (await runCli(['diff', FIXTURE_DUMP, DUMP, '--include-eds', '--type', 'endpoint', '-o', 'json'])).stdout
        .replace(/"left": "[^"]*"/, `"left": "pod ${FIXTURE_POD}.default"`)
        .replace(/"right": "[^"]*"/, `"right": "pod ${POD}.default"`),
    )
    expect(env.fixtureEnvoy.paths()).toEqual(['GET /config_dump?mask=dynamic_endpoint_configs,static_endpoint_configs&include_eds'])
  })

  it('reads sides from admin URLs without Kubernetes', async () => {
    const before = env.kube.requests.length
    expect(await runCli(['diff', env.envoy.url, DUMP])).toEqual({code: 0, stdout: 'no differences\n', stderr: ''})
    const both = await runCli(['diff', env.envoy.url, env.fixtureEnvoy.url, '--type', 'cluster'])
    expect(both).toEqual(await runCli(['diff', DUMP, FIXTURE_DUMP, '--type', 'cluster']))
    expect(both.code).toBe(1)
    expect(env.kube.requests.length).toBe(before)
  })

  it('rootca-compare reads both pods through port-forwards as it reads their saved dumps', async () => {
    const live = await env.cli('rootca-compare', POD, FIXTURE_POD)
    const offline = await runCli(['rootca-compare', DUMP, FIXTURE_DUMP])
    expect(live.code).toBe(0)
    expect(live.stdout).toContain(`[${POD}.default] and [${FIXTURE_POD}.default] trust each other's certificates`)
    // The same report but for the names, which also set the width of their columns.
    const words = (text: string) => text.replace(/ +/g, ' ')
    expect(words(live.stdout)).toBe(words(offline.stdout.replaceAll(DUMP, `${POD}.default`).replaceAll(FIXTURE_DUMP, `${FIXTURE_POD}.default`)))
    expect(env.envoy.paths()).toEqual(['GET /config_dump?mask=dynamic_active_secrets,dynamic_warming_secrets'])
  })

  it('exits 2 with one line when a pod cannot be reached, and closes the other side', async () => {
    const r = await env.cli('diff', POD, 'no-envoy')
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^Error: nothing is listening on port 15000 in pod no-envoy\.default .*\n$/)
    const missing = await env.cli('diff', POD, 'nosuchpod')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/^Error: pod "nosuchpod" not found/)
    // The reachable side's port-forward is torn down as well.
    await waitFor(() => env.kube.openForwards() === 0, {what: 'every port-forward to close'})
  })
})
