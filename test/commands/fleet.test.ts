import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {ODD_CLUSTER, loadDump, oddReplica} from '../support/dump-variants.js'
import {EnvoyAdminStandIn} from '../support/envoy-admin.js'
import {KubeApiStandIn, writeKubeconfig} from '../support/kube-api.js'
import {CLUSTERS_DUMP, DUMP} from '../support/live-env.js'
import {waitFor} from '../support/wait.js'
import {runCli} from '../support/run-cli.js'

const REPLICAS = ['web-1', 'web-2', 'web-3', 'web-4']

/**
 * A deployment of seven replicas on the stand-in cluster: four alike, one whose
 * Envoy has an extra cluster, one whose Envoy never answers, and one without a
 * sidecar (nothing on the admin port); plus a pod of the same app in another namespace.
 */
describe('many pods at once, live', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'proxy-config-fleet-'))
  let same: EnvoyAdminStandIn
  let odd: EnvoyAdminStandIn
  let hung: EnvoyAdminStandIn
  let kube: KubeApiStandIn
  let kubeconfig: string
  const cli = (...args: string[]) => runCli([...args, '--kubeconfig', kubeconfig])

  beforeAll(async () => {
    writeFileSync(path.join(dir, 'odd.json'), JSON.stringify(oddReplica(loadDump(DUMP))))
    same = await EnvoyAdminStandIn.start({configDump: DUMP, clusters: CLUSTERS_DUMP})
    odd = await EnvoyAdminStandIn.start({configDump: path.join(dir, 'odd.json'), clusters: CLUSTERS_DUMP})
    hung = await EnvoyAdminStandIn.start({configDump: DUMP, clusters: CLUSTERS_DUMP, hang: true})
    const app = {app: 'web'}
    kube = await KubeApiStandIn.start({
      users: {},
      anonymous: {name: 'system:anonymous'},
      pods: [
        ...REPLICAS.map((name) => ({name, labels: app, ports: {15000: same.port}})),
        {name: 'web-odd', labels: app, ports: {15000: odd.port}},
        {name: 'web-hung', labels: app, ports: {15000: hung.port}},
        {name: 'web-plain', labels: app},
        {name: 'web-1', namespace: 'staging', labels: app, ports: {15000: same.port}},
        {name: 'db-1', labels: {app: 'db'}, ports: {15000: same.port}},
      ],
      workloads: [{resource: 'deployments', name: 'web', selector: app}],
    })
    kubeconfig = writeKubeconfig(path.join(dir, 'kubeconfig'), {
      clusters: [{name: 'stand-in', server: kube.url, insecure: true}],
      users: [{name: 'anonymous'}],
      contexts: [{name: 'stand-in', cluster: 'stand-in', user: 'anonymous'}],
      current: 'stand-in',
    })
  })

  afterAll(async () => {
    await kube.close()
    for (const envoy of [same, odd, hung]) await envoy.close()
    rmSync(dir, {recursive: true, force: true})
  })

  it('-l: one table with a POD column, the odd replica flagged, the unreachable and sidecar-less ones named, exit 1', async () => {
    const r = await cli('cluster', '-l', 'app=web', '--fqdn', 'reviews', '--timeout', '2s')
    expect(r.code).toBe(1)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^POD +SERVICE FQDN +PORT +SUBSET +DIRECTION +TYPE +DESTINATION RULE$/)
    const pods = lines.slice(1).map((l) => l.split(/ +/)[0])
    // Rows grouped by pod in name order; the pods that failed have none.
    expect([...new Set(pods)]).toEqual([...REPLICAS, 'web-odd'])
    expect(pods).toEqual([...pods].sort())
    const perPod = pods.filter((p) => p === 'web-1').length
    expect(pods.filter((p) => p === 'web-odd').length).toBe(perPod + 1)
    const stderr = r.stderr.trimEnd().split('\n')
    expect(stderr).toEqual([
      `Warning: pod web-odd disagrees with the majority (4 of 5 pods): cluster ${ODD_CLUSTER} added`,
      expect.stringMatching(/^Error: web-hung: timed out after 2s waiting for \/config_dump from pod web-hung\.default; raise --timeout$/),
      expect.stringMatching(/^Error: web-plain: .*port 15000 in pod web-plain\.default/),
    ])
    // Every tunnel is closed again, the failed ones included.
    await waitFor(() => kube.openForwards() === 0, {what: 'every port-forward to close'})
  })

  it('each replica answers the same as alone, and the table matches what each pod shows on its own', async () => {
    const fleet = await cli('listener', 'deployment/web', '--all-pods', '--port', '15006', '--timeout', '2s')
    const alone = await cli('listener', 'web-2', '--port', '15006')
    const rowsOf = (pod: string) =>
      fleet.stdout
        .split('\n')
        .filter((l) => l.startsWith(`${pod} `))
        .map((l) => l.slice(pod.length).trim().replace(/ +/g, ' '))
    expect(rowsOf('web-2')).toEqual(
      alone.stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.trim().replace(/ +/g, ' ')),
    )
    expect(fleet.code).toBe(1)
  })

  it('-o json: one line per resource, each naming its pod (NDJSON)', async () => {
    const r = await cli('cluster', '-l', 'app=web', '--fqdn', 'reviews', '-o', 'json', '--timeout', '2s', '--max-concurrency', '3')
    const items = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect([...new Set(items.map((i) => i.pod))].sort()).toEqual([...REPLICAS, 'web-odd'])
    expect(items.filter((i) => i.name === ODD_CLUSTER).map((i) => i.pod)).toEqual(['web-odd'])
    expect(items.every((i) => i.name.includes('reviews'))).toBe(true)
    expect(r.code).toBe(1)
  })

  it('-A: every namespace, pods named name.namespace; all pods well means exit 0 and a quiet stderr', async () => {
    const r = await cli('secret', '-A', '-l', 'app=db', '--timeout', '2s')
    expect(r).toMatchObject({code: 0, stderr: ''})
    expect(r.stdout.split('\n')[1]).toMatch(/^db-1\.default +/)
    const everywhere = await cli('route', '-A', '-l', 'app=web', '--name', '9080', '-o', 'name', '--timeout', '2s')
    expect(
      everywhere.stdout
        .split('\n')
        .filter((l) => l !== '')
        .sort(),
    ).toEqual([...REPLICAS.map((p) => `${p}.default`), 'web-1.staging', 'web-odd.default'].map((p) => `${p} route/9080`).sort())
  })

  it('says so when no pod matches', async () => {
    const r = await cli('cluster', '-l', 'app=nothing')
    expect(r).toEqual({code: 1, stdout: '', stderr: 'Error: no pods in namespace "default" match selector app=nothing\n'})
  })
})
