import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {EnvoyAdminStandIn} from '../support/envoy-admin.js'
import {CLUSTERS_DUMP, DUMP, INSTALL_LOG_LEVEL, LiveEnv, POD, runCli} from '../support/live-env.js'

const LOGGERS = ['admin', 'connection', 'http', 'http2', 'router', 'upstream']

/** Envoy's `/logging` answer for these levels (unlisted loggers at `rest`). */
function loggers(levels: Record<string, string>, rest = 'warning'): string {
  return `active loggers:\n${LOGGERS.map((n) => `  ${n}: ${levels[n] ?? rest}\n`).join('')}`
}

const fails = (message: string, code = 1) => ({stdout: '', stderr: `Error: ${message}\n`, code})

describe('log', () => {
  let env: LiveEnv
  beforeAll(async () => (env = await LiveEnv.start()))
  afterAll(() => env.close())

  beforeEach(() => {
    env.envoy.requests.length = 0
    for (const n of env.envoy.loggers.keys()) env.envoy.loggers.set(n, 'warning')
  })

  it('without --level prints what Envoy reports, after one POST /logging', async () => {
    expect(await env.cli('log', POD)).toEqual({stdout: `${POD}.default:\n${loggers({})}`, stderr: '', code: 0})
    expect(await env.cli('o', POD)).toEqual({stdout: `${POD}.default:\n${loggers({})}`, stderr: '', code: 0})
    expect(env.envoy.paths()).toEqual(['POST /logging', 'POST /logging'])
  })

  it('--level sets the global level first, then each named logger', async () => {
    const result = await env.cli('log', POD, '--level', 'info,http:debug,router=trace,connection:warn')
    expect(result).toEqual({stdout: `${POD}.default:\n${loggers({http: 'debug', router: 'trace', connection: 'warning'}, 'info')}`, stderr: '', code: 0})
    expect(env.envoy.paths()).toEqual(['POST /logging', 'POST /logging?level=info', 'POST /logging?http=debug', 'POST /logging?router=trace', 'POST /logging?connection=warning'])
  })

  it('a bare level later in --level replaces the items before it, as in istioctl', async () => {
    expect((await env.cli('log', POD, '--level', 'http:debug,error')).code).toBe(0)
    expect(env.envoy.paths()).toEqual(['POST /logging', 'POST /logging?level=error'])
  })

  it("--reset sets every logger to the install's proxy log level, read from istio-sidecar-injector in -i", async () => {
    env.envoy.loggers.set('http', 'trace')
    const before = env.kube.requests.length
    expect(await env.cli('log', POD, '-r')).toEqual({stdout: `${POD}.default:\n${loggers({}, INSTALL_LOG_LEVEL)}`, stderr: '', code: 0})
    expect(env.envoy.paths()).toEqual(['POST /logging', `POST /logging?level=${INSTALL_LOG_LEVEL}`])
    expect(env.kube.requests.slice(before).map((r) => r.path)).toContain('/api/v1/namespaces/istio-system/configmaps/istio-sidecar-injector')
  })

  it.each([
    ['-i', 'elsewhere'],
    ['--istioNamespace', 'istio-broken'],
  ])('--reset falls back to warning, saying so, when %s %s has no usable ConfigMap', async (flag, namespace) => {
    env.envoy.loggers.set('http', 'trace')
    expect(await env.cli('log', POD, '--reset', flag, namespace)).toEqual({
      stdout: `${POD}.default:\n${loggers({})}`,
      stderr: 'Warning: unable to get logLevel from ConfigMap istio-sidecar-injector, using default value "warning" for envoy proxies\n',
      code: 0,
    })
    expect(env.envoy.paths()).toEqual(['POST /logging', 'POST /logging?level=warning'])
  })

  it('checks logger names and levels against Envoy before changing anything', async () => {
    const levels = '(levels: trace, debug, info, warning, error, critical, off)'
    expect(await env.cli('log', POD, '--level', 'http:debug,redis:debug')).toEqual(
      fails("unrecognized logger name: redis (Envoy's loggers: admin, connection, http, http2, router, upstream)", 2),
    )
    expect(await env.cli('log', POD, '--level', 'htp:debug')).toEqual(fails('unrecognized logger name: htp (did you mean http, http2?)', 2))
    expect(await env.cli('log', POD, '--level', 'xxx')).toEqual(fails(`unrecognized logging level: xxx ${levels}`, 2))
    expect(await env.cli('log', POD, '--level', 'http:loud')).toEqual(fails(`unrecognized logging level: loud ${levels}`, 2))
    expect(await env.cli('log', POD, '--level', 'none')).toEqual(fails(`unrecognized logging level: none ${levels}`, 2))
    expect(env.envoy.paths()).toEqual(Array(5).fill('POST /logging'))
  })

  it('rejects bad flag combinations before contacting anything', async () => {
    const kubeRequests = env.kube.requests.length
    expect(await env.cli('log')).toEqual(fails('log requires pod name or --selector', 2))
    expect(await env.cli('log', POD, '--level', 'debug', '--reset')).toEqual(fails('--level cannot be combined with --reset', 2))
    expect(await env.cli('log', POD, '-o', 'json')).toEqual(fails('--output is not applicable for this command', 2))
    expect(await env.cli('log', POD, '--proxy-admin-port', '0')).toEqual(fails('port number 0 must be in the range 1..65535', 2))
    expect(env.kube.requests.length).toBe(kubeRequests)
    expect(env.envoy.requests).toEqual([])
  })

  it('-l configures every Running pod matching the selector', async () => {
    const result = await env.cli('log', '-l', 'app=productpage', '--level', 'debug')
    const pods = [POD, 'productpage-v1-old', 'productpage-v1-unready']
    expect(result).toEqual({stdout: pods.map((p) => `${p}.default:\n${loggers({}, 'debug')}`).join(''), stderr: '', code: 0})
    expect(env.kube.forwards.slice(-6).map((f) => f.pod)).toEqual([...pods, ...pods])
  })

  it('a workload argument configures all its Running pods', async () => {
    const result = await env.cli('log', 'sts/reviews', '-n', 'bookinfo')
    expect(result).toEqual({stdout: `reviews-v1-xyz.bookinfo:\n${loggers({})}`, stderr: '', code: 0})
  })

  it('--admin-url talks to one Envoy directly', async () => {
    expect(await runCli(['log', '--admin-url', env.envoy.url, '--level', 'http:debug'])).toEqual({stdout: `${env.envoy.url}:\n${loggers({http: 'debug'})}`, stderr: '', code: 0})
  })

  it('a pod that refuses the change does not stop the others; the failure is reported after them', async () => {
    const stubborn = await EnvoyAdminStandIn.start({configDump: DUMP, clusters: CLUSTERS_DUMP})
    stubborn.readOnly = true
    env.kube.addPod({name: 'mixed-ok', labels: {app: 'mixed'}, ports: {15000: env.envoy.port}})
    env.kube.addPod({name: 'mixed-stubborn', labels: {app: 'mixed'}, ports: {15000: stubborn.port}})
    try {
      expect(await env.cli('log', '-l', 'app=mixed', '--level', 'debug')).toEqual({
        stdout: `mixed-ok.default:\n${loggers({}, 'debug')}`,
        stderr:
          'Error: error configuring log level for mixed-stubborn.default: Envoy admin at pod mixed-stubborn.default answered 403 for /logging?level=debug: admin is read-only\n',
        code: 1,
      })
    } finally {
      await stubborn.close()
    }
  })

  it('reports fetch failures and selectors that match nothing', async () => {
    expect(await env.cli('log', 'no-envoy')).toEqual(
      fails('nothing is listening on port 15000 in pod no-envoy.default (is this a pod with an Envoy sidecar? check --proxy-admin-port)'),
    )
    expect(await env.cli('log', '-l', 'app=nothing')).toEqual(fails('no pods in namespace "default" match selector app=nothing'))
    expect(await env.cli('log', '-l', 'app=ratings')).toEqual(
      fails('no running pod in namespace "default" matches selector app=ratings (ratings-v1-gone Terminating, ratings-v1-new Pending)'),
    )
  })
})
