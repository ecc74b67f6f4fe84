import {writeFileSync} from 'node:fs'
import path from 'node:path'

import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {CLUSTERS_DUMP, DUMP, FIXTURE_CLUSTERS_DUMP, FIXTURE_DUMP, FIXTURE_POD, LiveEnv, POD, openHandles, runCli, withEnv} from '../support/live-env.js'
import {waitFor} from '../support/wait.js'

/** Every config command, and the one admin request each should make: the narrowest that answers it. */
const COMMANDS: Array<[command: string, path: string]> = [
  ['all', '/config_dump?include_eds'],
  ['bootstrap', '/config_dump?mask=bootstrap'],
  ['cluster', '/config_dump?mask=dynamic_active_clusters,dynamic_warming_clusters,static_clusters'],
  ['listener', '/config_dump?mask=dynamic_listeners,static_listeners'],
  ['route', '/config_dump?mask=dynamic_route_configs,static_route_configs'],
  ['endpoint', '/clusters?format=json'],
  ['eds', '/config_dump?include_eds'],
  ['secret', '/config_dump?mask=dynamic_active_secrets,dynamic_warming_secrets'],
  ['ecds', '/config_dump?include_eds'],
]
const FORMATS = ['short', 'json', 'yaml']

describe('live commands', () => {
  let env: LiveEnv
  beforeAll(async () => (env = await LiveEnv.start()))
  afterAll(() => env.close())

  beforeEach(() => {
    env.envoy.requests.length = 0
    env.fixtureEnvoy.requests.length = 0
    env.envoy.mask = 'honour'
    env.envoy.hang = false
  })

  describe.each([
    {dataset: 'hand-written sidecar dump', pod: POD, envoy: () => env.envoy, dump: DUMP, clusters: CLUSTERS_DUMP},
    {dataset: 'bundled bookinfo fixture', pod: FIXTURE_POD, envoy: () => env.fixtureEnvoy, dump: FIXTURE_DUMP, clusters: FIXTURE_CLUSTERS_DUMP},
  ])('$dataset', ({pod, envoy, dump, clusters}) => {
    describe.each(COMMANDS)('%s', (command, request) => {
      it.each(FORMATS)(`prints through a port-forward what -f prints for the same dump (-o %s), asking only ${request}`, async (format) => {
        const live = await env.cli(command, pod, '-o', format)
        expect(envoy().paths()).toEqual([`GET ${request}`])
        // The transport adds nothing: the bytes Envoy sent, saved and read with -f, print the same.
        const served = path.join(env.dir, `${pod}-${command}-${format}.json`)
        writeFileSync(served, envoy().requests[0].body ?? '')
        const offline = await runCli([command, '-f', served, '-o', format])
        expect(offline.code).toBe(0)
        expect(offline.stdout).not.toBe('')
        expect(live).toEqual(offline)
        // The narrowing loses nothing either, except that Envoy's mask also drops the bootstrap's last_updated, as istioctl shows live.
        const saved = command === 'endpoint' ? clusters : dump
        if (command !== 'bootstrap' || format === 'short') expect(live).toEqual(await runCli([command, '-f', saved, '-o', format]))
      })
    })
  })

  it('reaches Envoy directly with --admin-url, without any Kubernetes call', async () => {
    const before = env.kube.requests.length
    const offline = await runCli(['cluster', '-f', DUMP])
    expect(await runCli(['cluster', '--admin-url', env.envoy.url])).toEqual(offline)
    expect(await runCli(['cluster', '--admin-url', `127.0.0.1:${env.envoy.port}/`])).toEqual(offline)
    expect(env.kube.requests.length).toBe(before)
  })

  describe('when Envoy does not narrow', () => {
    const masked = 'GET /config_dump?mask=dynamic_listeners,static_listeners'

    it('uses the full dump an Envoy that ignores mask= sends, with no second request', async () => {
      env.envoy.mask = 'ignore'
      const live = await env.cli('listener', POD)
      expect(live).toEqual(await runCli(['listener', '-f', DUMP]))
      expect(env.envoy.paths()).toEqual([masked])
    })

    it.each(['reject', 'garbage'] as const)('falls back to the full /config_dump when the masked answer is unusable (%s)', async (mode) => {
      env.envoy.mask = mode
      const live = await env.cli('listener', POD, '-o', 'json')
      expect(live).toEqual(await runCli(['listener', '-f', DUMP, '-o', 'json']))
      expect(env.envoy.paths()).toEqual([masked, 'GET /config_dump'])
    })
  })

  it('with DEBUG=proxy-config, traces the API calls, the port-forward and the admin exchange on stderr', async () => {
    await withEnv({DEBUG: 'proxy-config'}, async () => {
      const {stderr, code} = await env.cli('cluster', POD)
      expect(code).toBe(0)
      const lines = stderr.split('\n').filter((l) => l !== '')
      // The WebSocket's close may be logged after the command is done, so only what comes before it is checked.
      expect(lines.slice(0, 3)).toEqual([
        expect.stringMatching(new RegExp(`^debug: kubernetes ${env.kube.url}: read pod ${POD}\\.default: ok in \\d+ ms$`)),
        `debug: port-forward to pod ${POD}.default:15000 open (v4.channel.k8s.io)`,
        expect.stringMatching(
          new RegExp(`^debug: GET pod ${POD}\\.default /config_dump\\?mask=dynamic_active_clusters,dynamic_warming_clusters,static_clusters: 200, \\d+ bytes in \\d+ ms$`),
        ),
      ])
    })
  })

  it('leaves no listener, socket or WebSocket open after a success or a failure', async () => {
    // Earlier tests' connections may still be closing on the stand-ins' side.
    await waitFor(() => env.kube.openForwards() === 0)
    const baseline = openHandles()
    expect((await env.cli('cluster', POD)).code).toBe(0)
    expect((await env.cli('cluster', 'no-envoy')).code).toBe(1)
    expect((await env.cli('endpoint', 'deployment/productpage-v1')).code).toBe(0)
    await waitFor(() => env.kube.openForwards() === 0 && openHandles() === baseline)
  })
})
