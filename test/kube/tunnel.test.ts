import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import net, {type AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {AdminClient} from '../../src/admin/client.js'
import {Deadline} from '../../src/core/deadline.js'
import {loadKubeConfig} from '../../src/kube/config.js'
import {PortForwardTunnel} from '../../src/kube/tunnel.js'
import {EnvoyAdminStandIn} from '../support/envoy-admin.js'
import {KubeApiStandIn, makeCertificates, writeKubeconfig} from '../support/kube-api.js'
import {settled, waitFor} from '../support/wait.js'

const DUMPS = path.resolve(import.meta.dirname, '../support/dumps')
const BIG = 16 * 1024 * 1024
/** Far more than the socket buffers between the API server and a client can hold (a few MB each). */
const HUGE = 64 * 1024 * 1024

/**
 * The port-forward tunnel against the stand-in API server, through the real client
 * library: the framing, and each of the library's defects the tunnel works around.
 */
describe('port-forward tunnel', () => {
  let tmp: string
  let envoy: EnvoyAdminStandIn
  let bulk: net.Server
  let flood: net.Server
  let kube: KubeApiStandIn
  let kubeconfig: string
  const open: PortForwardTunnel[] = []

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'proxy-config-tunnel-'))
    const certs = makeCertificates(tmp)
    envoy = await EnvoyAdminStandIn.start({configDump: path.join(DUMPS, 'sidecar.json'), clusters: path.join(DUMPS, 'sidecar-clusters.json')})
    // A target that pushes a large, recognisable stream as soon as it is dialled.
    bulk = net.createServer((socket) => {
      socket.on('error', () => {})
      socket.end(pattern(BIG))
    })
    await new Promise<void>((resolve) => bulk.listen(0, '127.0.0.1', resolve))
    const huge = pattern(HUGE)
    flood = net.createServer((socket) => {
      socket.on('error', () => {})
      socket.end(huge)
    })
    await new Promise<void>((resolve) => flood.listen(0, '127.0.0.1', resolve))
    kube = await KubeApiStandIn.start({
      tls: certs,
      users: {'token-alice': {name: 'alice'}},
      pods: [
        {name: 'productpage-v1-abc', ports: {15000: envoy.port}},
        {name: 'bulk', ports: {15000: (bulk.address() as AddressInfo).port}},
        {name: 'flood', ports: {15000: (flood.address() as AddressInfo).port}},
      ],
    })
    kubeconfig = writeKubeconfig(path.join(tmp, 'kubeconfig'), {
      clusters: [{name: 'test', server: kube.url, ca: certs.ca}],
      users: [{name: 'alice', token: 'token-alice'}],
      contexts: [{name: 'test', cluster: 'test', user: 'alice'}],
      current: 'test',
    })
  })

  afterEach(async () => {
    for (const t of open.splice(0)) await t.close()
  })

  afterAll(async () => {
    await kube.close()
    await envoy.close()
    await new Promise((resolve) => bulk.close(resolve))
    await new Promise((resolve) => flood.close(resolve))
    rmSync(tmp, {recursive: true, force: true})
  })

  async function tunnelTo(pod: string): Promise<PortForwardTunnel> {
    const tunnel = await PortForwardTunnel.open(loadKubeConfig({kubeconfig}), {name: pod, namespace: 'default'}, 15000)
    open.push(tunnel)
    return tunnel
  }

  it('carries HTTP to the pod port over v4.channel.k8s.io, one WebSocket per connection', async () => {
    const tunnel = await tunnelTo('productpage-v1-abc')
    const deadline = new Deadline(5000)
    const admin = new AdminClient({baseUrl: `http://127.0.0.1:${tunnel.localPort}`, origin: 'pod productpage-v1-abc.default'}, deadline)
    const before = kube.forwards.length
    const body = await admin.fetch('GET', '/clusters?format=json')
    await admin.fetch('GET', '/config_dump')
    admin.close()
    deadline.dispose()
    expect(body.equals(readFileSync(path.join(DUMPS, 'sidecar-clusters.json')))).toBe(true)
    const used = kube.forwards.slice(before)
    expect(used.map((f) => [f.pod, f.port, f.protocol])).toEqual([
      ['productpage-v1-abc', 15000, 'v4.channel.k8s.io'],
      ['productpage-v1-abc', 15000, 'v4.channel.k8s.io'],
    ])
    // Envoy closes each connection after its answer; the kubelet then closes the WebSocket normally.
    expect(await Promise.all(used.map((f) => f.closed))).toEqual([1000, 1000])
  })

  it('delivers the answer to a client that half-closes right after its request', async () => {
    const tunnel = await tunnelTo('productpage-v1-abc')
    const reply = await rawExchange(tunnel.localPort, 'GET /clusters?format=json HTTP/1.0\r\n\r\n', {halfClose: true})
    expect(reply.toString('latin1')).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(reply.subarray(reply.indexOf('\r\n\r\n') + 4).equals(readFileSync(path.join(DUMPS, 'sidecar-clusters.json')))).toBe(true)
  })

  it('ends the local connection when the pod side closes, so a client reading to the end finishes', async () => {
    const tunnel = await tunnelTo('bulk')
    const reply = await rawExchange(tunnel.localPort, '', {halfClose: false})
    expect(reply.length).toBe(BIG)
    expect(reply.equals(pattern(BIG))).toBe(true)
  })

  it('stops reading from the API server while the local client does not read (back-pressure)', async () => {
    const tunnel = await tunnelTo('flood')
    const before = kube.forwards.length
    const client = net.connect(tunnel.localPort, '127.0.0.1')
    client.pause()
    await waitFor(() => kube.forwards.length > before)
    const record = kube.forwards[before]
    await waitFor(() => record.serverBuffered() > 0, {what: 'the stream to start'})
    // Stalled: every buffer between the server and the paused client is full. Without
    // back-pressure our process would have taken the whole stream off the server.
    await waitFor(
      settled(() => record.serverBuffered(), 20),
      {what: 'the stream to stall'},
    )
    expect(record.serverBuffered()).toBeGreaterThan(HUGE / 2)
    const chunks: Buffer[] = []
    client.on('data', (c: Buffer) => chunks.push(c))
    client.resume()
    await new Promise((resolve) => client.on('end', resolve))
    client.destroy()
    expect(Buffer.concat(chunks).equals(pattern(HUGE))).toBe(true)
  })

  it('survives a client that vanishes mid-stream and keeps serving new connections', async () => {
    const tunnel = await tunnelTo('bulk')
    const before = kube.forwards.length
    const client = net.connect(tunnel.localPort, '127.0.0.1')
    await new Promise((resolve) => client.once('data', resolve))
    client.destroy()
    // The vanished client's WebSocket is done with before the next connection opens.
    expect(await kube.forwards[before].closed).toBeTypeOf('number')
    const reply = await rawExchange(tunnel.localPort, '', {halfClose: false})
    expect(reply.length).toBe(BIG)
  })

  it('reports the error channel when nothing listens on the pod port, in both kubelet formats', async () => {
    kube.addPod({name: 'no-envoy'})
    for (const format of ['text', 'json'] as const) {
      kube.errorChannel = format
      const tunnel = await tunnelTo('no-envoy')
      const deadline = new Deadline(5000)
      const admin = new AdminClient({baseUrl: `http://127.0.0.1:${tunnel.localPort}`, origin: 'pod no-envoy.default', explainBrokenConnection: () => tunnel.failure()}, deadline)
      await expect(admin.fetch('GET', '/config_dump')).rejects.toThrow(
        'nothing is listening on port 15000 in pod no-envoy.default (is this a pod with an Envoy sidecar? check --proxy-admin-port)',
      )
      admin.close()
      deadline.dispose()
    }
    kube.errorChannel = 'text'
  })

  it('closing the tunnel closes the listener, every local socket and every WebSocket', async () => {
    const tunnel = await tunnelTo('bulk')
    const before = kube.forwards.length
    const client = net.connect(tunnel.localPort, '127.0.0.1')
    client.on('error', () => {})
    client.pause()
    await waitFor(() => kube.forwards.length > before)
    const port = tunnel.localPort
    await tunnel.close()
    // A paused client would hold back the end of its stream until it reads.
    client.resume()
    await new Promise((resolve) => client.on('close', resolve))
    expect(await kube.forwards[before].closed).toBeTypeOf('number')
    expect(kube.openForwards()).toBe(0)
    await expect(rawExchange(port, '', {halfClose: false})).rejects.toThrow(/ECONNREFUSED/)
  })
})

function pattern(size: number): Buffer {
  const b = Buffer.alloc(size)
  for (let i = 0; i < size; i += 4) b.writeUInt32BE(i, i)
  return b
}

async function rawExchange(port: number, request: string, opts: {halfClose: boolean}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const socket = net.connect({port, host: '127.0.0.1', allowHalfOpen: true}, () => {
      if (request) socket.write(request)
      if (opts.halfClose) socket.end()
    })
    socket.on('data', (c: Buffer) => chunks.push(c))
    socket.on('end', () => {
      socket.destroy()
      resolve(Buffer.concat(chunks))
    })
    socket.on('error', reject)
  })
}
