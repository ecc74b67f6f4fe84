// The stand-in cluster for the many-pods benchmark (scripts/bench.mjs): one
// Kubernetes API stand-in with REPLICAS Running pods labelled app=x, every one
// port-forwarding to one Envoy admin stand-in that serves the test sidecar dump,
// each answer LATENCY_MS late. Writes the kubeconfig path on stdout, then serves
// until stdin closes.
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {EnvoyAdminStandIn} from '../test/support/envoy-admin.js'
import {KubeApiStandIn, writeKubeconfig} from '../test/support/kube-api.js'

const root = path.resolve(import.meta.dirname, '..')
const replicas = Number(process.env.REPLICAS ?? 200)
const latencyMs = Number(process.env.LATENCY_MS ?? 0)

const dir = mkdtempSync(path.join(tmpdir(), 'proxy-config-bench-fleet-'))
const envoy = await EnvoyAdminStandIn.start({
  configDump: path.join(root, 'test/support/dumps/sidecar.json'),
  clusters: path.join(root, 'test/support/dumps/sidecar-clusters.json'),
  latencyMs,
})
const kube = await KubeApiStandIn.start({
  users: {},
  anonymous: {name: 'system:anonymous'},
  pods: Array.from({length: replicas}, (_, i) => ({name: `x-${String(i).padStart(3, '0')}`, labels: {app: 'x'}, ports: {15000: envoy.port}})),
})
const kubeconfig = writeKubeconfig(path.join(dir, 'kubeconfig'), {
  clusters: [{name: 'stand-in', server: kube.url, insecure: true}],
  users: [{name: 'anonymous'}],
  contexts: [{name: 'stand-in', cluster: 'stand-in', user: 'anonymous'}],
  current: 'stand-in',
})
process.stdout.write(`${kubeconfig}\n`)
process.stdin.resume()
process.stdin.on('end', async () => {
  await kube.close()
  await envoy.close()
  rmSync(dir, {recursive: true, force: true})
  process.exit(0)
})
