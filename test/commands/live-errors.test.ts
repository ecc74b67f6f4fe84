import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {DUMP, LiveEnv, POD, openHandles, runCli, withEnv} from '../support/live-env.js'
import {waitFor} from '../support/wait.js'
import {writeKubeconfig} from '../support/kube-api.js'

describe('pod arguments and failures', () => {
  let env: LiveEnv
  let clusters: string
  /** The dump's warming cluster, named on stderr. */
  let warnings: string

  beforeAll(async () => {
    env = await LiveEnv.start()
    ;({stdout: clusters, stderr: warnings} = await runCli(['cluster', '-f', DUMP]))
  })

  afterAll(async () => {
    await env.close()
  })

  beforeEach(() => {
    env.envoy.hang = false
    env.kube.stall = false
    env.kube.stallUpgrades = false
  })

  /** The pod the last port-forward went to, as `name.namespace`. */
  function forwardedTo(kube = env.kube): string {
    const last = kube.forwards.at(-1)
    return `${last?.pod}.${last?.namespace}`
  }

  describe('pod argument forms', () => {
    it.each([
      ['a pod name, in the context namespace', [POD], `${POD}.default`],
      ['name.namespace', ['reviews-v1-xyz.bookinfo'], 'reviews-v1-xyz.bookinfo'],
      ['-n', ['reviews-v1-xyz', '-n', 'bookinfo'], 'reviews-v1-xyz.bookinfo'],
      ['a namespace suffix over -n', ['reviews-v1-xyz.bookinfo', '-n', 'default'], 'reviews-v1-xyz.bookinfo'],
      ['the namespace of the context', ['reviews-v1-xyz', '--context', 'bookinfo'], 'reviews-v1-xyz.bookinfo'],
      ['pod/<name>', [`pod/${POD}`], `${POD}.default`],
      ['po/<name>.<namespace>', ['po/reviews-v1-xyz.bookinfo'], 'reviews-v1-xyz.bookinfo'],
      ['--proxy-admin-port', ['custom-admin', '--proxy-admin-port', '15999'], 'custom-admin.default'],
      ['a plain-HTTP API server (insecure-skip-tls-verify, JSON error channel)', [POD, '--context', 'plain'], `${POD}.default`],
    ])('%s', async (_, args, pod) => {
      const kube = args.includes('plain') ? env.plainKube : env.kube
      expect(await env.cli('cluster', ...args)).toEqual({stdout: clusters, stderr: warnings, code: 0})
      expect(forwardedTo(kube)).toBe(pod)
    })

    it.each([
      ['deployment/productpage-v1'],
      ['deploy/productpage-v1.default'],
      ['deployments.apps/productpage-v1'],
      ['rs/productpage-v1-6b746f74dc'],
      ['ds/productpage-agent'],
      ['svc/productpage'],
      ['services/productpage'],
    ])('%s picks the newest Ready Running pod and says so on stderr', async (arg) => {
      const typed = arg.replace(/\.default$/, '')
      const before = env.kube.requests.length
      expect(await env.cli('cluster', arg)).toEqual({stdout: clusters, stderr: `Using pod ${POD}.default (from ${typed})\n${warnings}`, code: 0})
      expect(forwardedTo()).toBe(`${POD}.default`)
      expect(env.kube.requests.slice(before).map((r) => r.path)).toContainEqual(expect.stringMatching(/^\/api\/v1\/namespaces\/default\/pods\?labelSelector=app%3Dproductpage/))
    })

    it('sts/<name>.<namespace> looks in that namespace', async () => {
      expect(await env.cli('cluster', 'sts/reviews.bookinfo')).toEqual({stdout: clusters, stderr: `Using pod reviews-v1-xyz.bookinfo (from sts/reviews)\n${warnings}`, code: 0})
    })
  })

  /** Every failure is one line on stderr, exit code 1 (2 for usage), nothing on stdout. */
  const fails = (stderr: string, code = 1) => ({stdout: '', stderr: `Error: ${stderr}\n`, code})

  describe('Kubernetes failures', () => {
    it('pod not found names the namespace', async () => {
      expect(await env.cli('cluster', 'nope')).toEqual(fails('pod "nope" not found in namespace "default"'))
      expect(await env.cli('cluster', 'nope.bookinfo')).toEqual(fails('pod "nope" not found in namespace "bookinfo"'))
    })

    it('a pod that exists in another namespace: names it', async () => {
      expect(await env.cli('cluster', 'reviews-v1-xyz')).toEqual(
        fails('pod "reviews-v1-xyz" not found in namespace "default"; a pod of that name exists in namespace bookinfo (use -n bookinfo or reviews-v1-xyz.bookinfo)'),
      )
    })

    it('a deployment name given as a pod: suggests deployment/<name>', async () => {
      expect(await env.cli('cluster', 'productpage-v1')).toEqual(fails('pod "productpage-v1" not found in namespace "default"; did you mean deployment/productpage-v1?'))
    })

    it('an endpoint that answers 404 without a Kubernetes Status: not an API server', async () => {
      const file = writeKubeconfig(path.join(env.dir, 'not-kube'), {
        clusters: [{name: 'web', server: env.envoy.url, insecure: true}],
        users: [{name: 'nobody'}],
        contexts: [{name: 'web', cluster: 'web', user: 'nobody'}],
        current: 'web',
      })
      expect(await runCli(['cluster', POD, '--kubeconfig', file])).toEqual(
        fails(
          `${env.envoy.url} answered 404 without a Kubernetes Status when asked to read pod ${POD}.default: it does not look like a Kubernetes API server; check the server of context "web"`,
        ),
      )
    })

    it('pod not Running', async () => {
      expect(await env.cli('cluster', 'details-v1-pending')).toEqual(fails('pod details-v1-pending.default is not running (phase Pending)'))
    })

    it('nothing listening on the admin port, with either error-channel format', async () => {
      const message = 'nothing is listening on port 15000 in pod no-envoy.default (is this a pod with an Envoy sidecar? check --proxy-admin-port)'
      expect(await env.cli('cluster', 'no-envoy')).toEqual(fails(message))
      expect(await env.cli('cluster', 'no-envoy', '--context', 'plain')).toEqual(fails(message))
      expect(await env.cli('cluster', POD, '--proxy-admin-port', '15001')).toEqual(
        fails(`nothing is listening on port 15001 in pod ${POD}.default (is this a pod with an Envoy sidecar? check --proxy-admin-port)`),
      )
    })

    it('401: credentials rejected, for a bad token and for a context without a user', async () => {
      for (const context of ['expired', 'anonymous']) {
        expect(await env.cli('cluster', POD, '--context', context)).toEqual(
          fails(
            `the Kubernetes API server at ${env.kube.url} rejected the credentials of context "${context}" (401 Unauthorized); log in again or fix the user in your kubeconfig`,
          ),
        )
      }
    })

    it('403 on the port-forward names the permission needed', async () => {
      expect(await env.cli('cluster', POD, '--context', 'bob')).toEqual(
        fails(
          `not allowed to port-forward to pod ${POD}.default: the API server answered 403 Forbidden; the user of context "bob" needs permission to "create pods/portforward" in namespace "default"`,
        ),
      )
    })

    it('403 on reading the pod quotes the API server', async () => {
      expect(await env.cli('cluster', POD, '--context', 'carol')).toEqual(
        fails(`not allowed to read pod ${POD}.default: pods "${POD}" is forbidden: User "carol" cannot get resource "pods" in API group "" in the namespace "default"`),
      )
    })

    it('API server unreachable', async () => {
      expect(await env.cli('cluster', POD, '--context', 'dead')).toEqual(fails(`cannot reach the Kubernetes API server at ${env.deadServer} (context "dead"): connection refused`))
    })

    it('API server certificate not signed by the kubeconfig CA', async () => {
      const result = await env.cli('cluster', POD, '--context', 'wrong-ca')
      expect(result.stderr).toMatch(new RegExp(`^Error: cannot verify the TLS certificate of the Kubernetes API server at ${env.kube.url} \\(context "wrong-ca"\\): .+\\n$`))
      expect(result.code).toBe(1)
    })

    it('workloads without a usable pod', async () => {
      expect(await env.cli('cluster', 'deployment/nothing')).toEqual(fails('no pods match deployment/nothing in namespace "default" (selector app=nothing)'))
      expect(await env.cli('cluster', 'deployment/ratings-v1')).toEqual(
        fails('no running pod among the pods of deployment/ratings-v1 in namespace "default" (ratings-v1-gone Terminating, ratings-v1-new Pending)'),
      )
      expect(await env.cli('cluster', 'svc/external')).toEqual(fails('service/external in namespace "default" has no selector, so no pods belong to it'))
      expect(await env.cli('cluster', 'deployment/missing')).toEqual(fails('deployment "missing" not found in namespace "default"'))
      expect(await env.cli('cluster', 'cronjob/x')).toEqual(
        fails('unknown resource type "cronjob" in "cronjob/x": use pod, deployment, statefulset, daemonset, replicaset or service', 2),
      )
    })
  })

  describe('kubeconfig', () => {
    it('missing file given with --kubeconfig', async () => {
      expect(await runCli(['cluster', POD, '--kubeconfig', '/nonexistent/kubeconfig'])).toEqual(
        fails('kubeconfig /nonexistent/kubeconfig does not exist (given with --kubeconfig)'),
      )
    })

    it('unknown context lists the known ones', async () => {
      expect(await env.cli('cluster', POD, '--context', 'nope')).toEqual(
        fails(
          `context "nope" not found in kubeconfig ${env.kubeconfig} (contexts: test, bookinfo, plain, plain-token, token-file, exec, exec-hung, exec-fails, bob, carol, expired, anonymous, dead, wrong-ca)`,
        ),
      )
    })

    it('unknown context in a kubeconfig with thousands of contexts: a short line naming a few', async () => {
      const file = writeKubeconfig(path.join(env.dir, 'many'), {
        clusters: [{name: 'c', server: env.kube.url}],
        users: [{name: 'u', token: 'token-alice'}],
        contexts: Array.from({length: 5000}, (_, i) => ({name: `context-${i}`, cluster: 'c', user: 'u'})),
        current: 'context-0',
      })
      const r = await runCli(['cluster', POD, '--kubeconfig', file, '--context', 'nope'])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/^Error: context "nope" not found in kubeconfig .* \(contexts: context-0, context-1, .*, context-19 and 4980 more\)\n$/)
    })

    it('KUBECONFIG with several files: missing ones skipped, first current-context and first definition of a name win', async () => {
      const first = writeKubeconfig(path.join(env.dir, 'first'), {
        clusters: [{name: 'shared', server: env.kube.url, ca: readCa(env)}],
        users: [{name: 'alice', token: 'token-alice'}],
        contexts: [{name: 'one', cluster: 'shared', user: 'alice', namespace: 'bookinfo'}],
        current: 'one',
      })
      const second = writeKubeconfig(path.join(env.dir, 'second'), {
        clusters: [{name: 'shared', server: env.deadServer}],
        users: [{name: 'alice', token: 'token-expired'}],
        contexts: [{name: 'two', cluster: 'shared', user: 'alice'}],
        current: 'two',
      })
      const empty = path.join(env.dir, 'empty')
      writeFileSync(empty, '')
      const files = [first, path.join(env.dir, 'missing'), empty, second].join(path.delimiter)
      await withEnv({KUBECONFIG: files}, async () => {
        expect(await runCli(['cluster', 'reviews-v1-xyz'])).toEqual({stdout: clusters, stderr: warnings, code: 0})
        expect(forwardedTo()).toBe('reviews-v1-xyz.bookinfo')
        expect(await runCli(['cluster', POD, '--context', 'two'])).toEqual({stdout: clusters, stderr: warnings, code: 0})
        expect(forwardedTo()).toBe(`${POD}.default`)
      })
      await withEnv({KUBECONFIG: [path.join(env.dir, 'missing'), path.join(env.dir, 'gone')].join(path.delimiter)}, async () => {
        expect(await runCli(['cluster', POD])).toEqual(fails(`none of the files in KUBECONFIG exist: ${path.join(env.dir, 'missing')}, ${path.join(env.dir, 'gone')}`))
      })
    })

    it('without KUBECONFIG, ~/.kube/config; without that either, a clear error', async () => {
      await withEnv({KUBECONFIG: undefined, HOME: env.dir}, async () => {
        expect(await runCli(['cluster', POD])).toEqual(fails('no kubeconfig found: set KUBECONFIG or pass --kubeconfig (or use --admin-url to reach Envoy without Kubernetes)'))
      })
    })
  })

  describe('Envoy failures', () => {
    it('timeout while waiting for Envoy', async () => {
      env.envoy.hang = true
      expect(await env.cli('cluster', POD, '--timeout', '300ms')).toEqual(fails(`timed out after 300ms waiting for /config_dump from pod ${POD}.default; raise --timeout`))
      await waitFor(() => env.kube.openForwards() === 0)
    })

    it('timeout while the port-forward upgrade hangs: the pending upgrade is aborted too', async () => {
      env.kube.stallUpgrades = true
      const baseline = openHandles()
      expect(await env.cli('cluster', POD, '--timeout', '300ms')).toEqual(fails(`timed out after 300ms waiting for /config_dump from pod ${POD}.default; raise --timeout`))
      expect(env.kube.requests.at(-1)?.path).toBe(`/api/v1/namespaces/default/pods/${POD}/portforward?ports=15000`)
      await waitFor(() => openHandles() === baseline)
    })

    it('timeout while waiting for the API server', async () => {
      env.kube.stall = true
      expect(await env.cli('cluster', POD, '--timeout', '0.3')).toEqual(
        fails(`timed out after 300ms waiting for the Kubernetes API server at ${env.kube.url} (read pod ${POD}.default); raise --timeout`),
      )
    })

    it('an admin URL with nothing behind it', async () => {
      const dead = env.deadServer.replace('https', 'http')
      expect(await runCli(['cluster', '--admin-url', dead])).toEqual(fails(`cannot reach Envoy admin at ${dead}: connection refused`))
      expect(await runCli(['cluster', '--admin-url', 'ftp://x'])).toEqual(fails('invalid --admin-url "ftp://x": only http:// and https:// are supported', 2))
    })

    it('never repeats credentials written into --admin-url', async () => {
      const bad = await runCli(['cluster', '--admin-url', 'http://admin:s3cret@127.0.0.1:99999'])
      expect(bad).toEqual(fails('invalid --admin-url "http://127.0.0.1:99999": expected a URL such as http://127.0.0.1:15000', 2))
      const dead = env.deadServer.replace('https://', 'http://admin:s3cret@')
      const r = await runCli(['cluster', '--admin-url', dead])
      expect(r.code).toBe(1)
      expect(r.stderr).not.toContain('s3cret')
    })

    it('a non-200 answer names the path and quotes the body', async () => {
      const result = await runCli(['endpoint', '--admin-url', `${env.envoy.url}/not-envoy`])
      expect(result).toEqual(fails(`Envoy admin at ${env.envoy.url}/not-envoy answered 404 for /clusters?format=json: invalid path. admin commands are:`))
    })
  })
})

function readCa(env: LiveEnv): string {
  return readFileSync(path.join(env.dir, 'ca', 'ca.crt'), 'utf8')
}
