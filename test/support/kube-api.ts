import {execFileSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import http, {STATUS_CODES} from 'node:http'
import https from 'node:https'
import net, {type AddressInfo, type Socket} from 'node:net'
import path from 'node:path'
import type {Duplex} from 'node:stream'

import {type WebSocket, WebSocketServer} from 'ws'

export interface PodSpec {
  name: string
  namespace?: string
  phase?: string
  ready?: boolean
  labels?: Record<string, string>
  created?: string
  /** `null`: not scheduled yet, so the API server refuses to port-forward. */
  nodeName?: string | null
  deleting?: boolean
  /** Pod port → local TCP port the kubelet dials for it. Unlisted ports refuse the connection. */
  ports?: Record<number, number>
  /** spec.initContainers, e.g. istio-init with its istio-iptables arguments. */
  initContainers?: object[]
}

export type WorkloadResource = 'deployments' | 'statefulsets' | 'daemonsets' | 'replicasets' | 'services'

export interface WorkloadSpec {
  resource: WorkloadResource
  name: string
  namespace?: string
  selector: Record<string, string>
}

export interface ConfigMapSpec {
  name: string
  namespace: string
  data: Record<string, string>
}

export interface UserSpec {
  name: string
  /** `<verb> <resource>` pairs this user may not do, e.g. `create pods/portforward`. */
  forbid?: string[]
}

export interface KubeApiOptions {
  /** PEM server certificate and key; without them the server speaks plain HTTP. */
  tls?: {cert: string; key: string}
  /** Bearer token → user. Any other token gets a 401, and so does none unless `anonymous` is set. */
  users: Record<string, UserSpec>
  /** Who a request without credentials is (a server with anonymous auth enabled). */
  anonymous?: UserSpec
  pods?: PodSpec[]
  workloads?: WorkloadSpec[]
  configMaps?: ConfigMapSpec[]
  /** How the kubelet reports a failed dial: older ones plain text, newer ones a JSON line. */
  errorChannel?: 'text' | 'json'
}

export interface ForwardRecord {
  pod: string
  namespace: string
  port: number
  protocol: string
  /** Resolves with the close code once the WebSocket is closed, from either side. */
  closed: Promise<number>
  isOpen: boolean
  /** Bytes the server side has queued but could not send yet: grows when the client stops reading. */
  serverBuffered(): number
}

const PORT_FORWARD_PROTOCOL = 'v4.channel.k8s.io'
const APPS_RESOURCES = new Set(['deployments', 'statefulsets', 'daemonsets', 'replicasets'])

/**
 * A Kubernetes API server stand-in: the pod, workload and pod-list reads the CLI
 * makes, bearer-token authentication and authorisation answered with real `Status`
 * bodies, and the port-forward WebSocket with the kubelet's v4 channel framing,
 * dialling a real local TCP port for the pod's port.
 */
export class KubeApiStandIn {
  readonly requests: Array<{method: string; path: string; user?: string; impersonate?: Record<string, string | string[]>}> = []
  readonly forwards: ForwardRecord[] = []
  readonly pods = new Map<string, Required<Omit<PodSpec, 'nodeName'>> & {nodeName: string | null}>()
  readonly workloads = new Map<string, WorkloadSpec>()
  /** Accept REST requests and never answer them. */
  stall = false
  /** Accept port-forward upgrade requests and never answer them. */
  stallUpgrades = false
  /** Answer every REST request with a Status of this code (500: the API server failing). */
  failWith: number | undefined
  /** What a hostile or intercepted API server adds to every Status message. */
  taint = ''
  /** What the kubelet says on the error channel instead of dialling the pod's port (a broken or hostile node). */
  dialFailure: string | undefined
  errorChannel: 'text' | 'json'
  private readonly sockets = new Set<Duplex>()
  private readonly wss = new WebSocketServer({noServer: true, handleProtocols: (offered) => (offered.has(PORT_FORWARD_PROTOCOL) ? PORT_FORWARD_PROTOCOL : false)})

  private constructor(
    private readonly server: http.Server,
    private readonly opts: KubeApiOptions,
    private readonly closedPort: number,
  ) {
    this.errorChannel = opts.errorChannel ?? 'text'
    for (const p of opts.pods ?? []) this.addPod(p)
    for (const w of opts.workloads ?? []) this.workloads.set(`${w.resource}/${w.namespace ?? 'default'}/${w.name}`, w)
    server.on(opts.tls ? 'secureConnection' : 'connection', (s: Socket) => this.track(s))
    server.on('request', (req, res) => this.handle(req, res))
    server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head))
  }

  static async start(opts: KubeApiOptions): Promise<KubeApiStandIn> {
    const server = opts.tls ? https.createServer({cert: opts.tls.cert, key: opts.tls.key}) : http.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return new KubeApiStandIn(server, opts, await closedPort())
  }

  get url(): string {
    const {port} = this.server.address() as AddressInfo
    return `${this.opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`
  }

  addPod(p: PodSpec): void {
    const pod = {
      namespace: 'default',
      phase: 'Running',
      ready: true,
      labels: {},
      created: '2026-11-21T09:00:00Z',
      deleting: false,
      ports: {},
      initContainers: [],
      ...p,
      nodeName: p.nodeName === undefined ? 'node-1' : p.nodeName,
    }
    this.pods.set(`${pod.namespace}/${pod.name}`, pod)
  }

  openForwards(): number {
    return this.forwards.filter((f) => f.isOpen).length
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate()
    for (const s of this.sockets) s.destroy()
    this.wss.close()
    await new Promise((resolve) => this.server.close(resolve))
  }

  private track(s: Duplex): void {
    this.sockets.add(s)
    s.on('close', () => this.sockets.delete(s))
    s.on('error', () => {})
  }

  /** The user behind the bearer token, or the Status to answer with. */
  private authorise(req: http.IncomingMessage, verb: string, resource: string, namespace: string, name?: string): {user?: UserSpec; status?: [number, object]} {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    const user = token === undefined ? this.opts.anonymous : this.opts.users[token]
    const impersonate = Object.fromEntries(
      Object.entries(req.headersDistinct)
        .filter(([k]) => k.startsWith('impersonate-'))
        .map(([k, v]) => [k, v && v.length === 1 ? v[0] : (v ?? [])]),
    )
    this.requests.push({method: req.method ?? '', path: req.url ?? '', user: user?.name, ...(Object.keys(impersonate).length > 0 ? {impersonate} : {})})
    if (!user) return {status: [401, status(401, 'Unauthorized', 'Unauthorized')]}
    if (user.forbid?.includes(`${verb} ${resource}`)) {
      const [kind] = resource.split('/')
      const subject = name === undefined ? kind : `${kind} "${name}"`
      const group = APPS_RESOURCES.has(kind) ? 'apps' : ''
      const message = `${subject} is forbidden: User "${user.name}" cannot ${verb} resource "${resource}" in API group "${group}" in the namespace "${namespace}"`
      return {user, status: [403, status(403, 'Forbidden', message, {name, kind})]}
    }
    return {user}
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (this.stall) {
      this.requests.push({method: req.method ?? '', path: req.url ?? ''})
      return
    }
    const url = new URL(req.url ?? '/', 'https://kube')
    const reply = (code: number, body: object) => {
      const text = JSON.stringify(this.tainted(body))
      res.writeHead(code, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text)})
      res.end(text)
    }
    if (this.failWith !== undefined) return reply(this.failWith, status(this.failWith, 'InternalError', 'Internal error occurred: etcdserver: request timed out'))
    let m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/.exec(url.pathname)
    if (m && req.method === 'GET') {
      const [ns, name] = [m[1], m[2]].map(decodeURIComponent)
      const auth = this.authorise(req, 'get', 'pods', ns, name)
      if (auth.status) return reply(...auth.status)
      const pod = this.pods.get(`${ns}/${name}`)
      return pod ? reply(200, podJson(pod)) : reply(404, notFound('pods', name))
    }
    m = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname)
    if (m && req.method === 'GET') {
      const [, ns] = m
      const auth = this.authorise(req, 'list', 'pods', ns)
      if (auth.status) return reply(...auth.status)
      const selector = parseSelector(url.searchParams.get('labelSelector') ?? '')
      if (!selector) return reply(400, status(400, 'BadRequest', 'unable to parse requirement'))
      const items = [...this.pods.values()].filter((p) => p.namespace === ns && Object.entries(selector).every(([k, v]) => p.labels[k] === v))
      return reply(200, {kind: 'PodList', apiVersion: 'v1', metadata: {resourceVersion: '1'}, items: items.map(podJson)})
    }
    if (url.pathname === '/api/v1/pods' && req.method === 'GET') {
      const auth = this.authorise(req, 'list', 'pods', '')
      if (auth.status) return reply(...auth.status)
      const fieldSelector = url.searchParams.get('fieldSelector')
      const field = /^metadata\.name=(.*)$/.exec(fieldSelector ?? '')
      if (fieldSelector !== null && !field) return reply(400, status(400, 'BadRequest', 'only metadata.name field selectors are supported here'))
      const selector = parseSelector(url.searchParams.get('labelSelector') ?? '')
      if (!selector) return reply(400, status(400, 'BadRequest', 'unable to parse requirement'))
      const items = [...this.pods.values()].filter((p) => (!field || p.name === field[1]) && Object.entries(selector).every(([k, v]) => p.labels[k] === v))
      return reply(200, {kind: 'PodList', apiVersion: 'v1', metadata: {resourceVersion: '1'}, items: items.map(podJson)})
    }
    if (url.pathname === '/api/v1/namespaces' && req.method === 'GET') {
      const auth = this.authorise(req, 'list', 'namespaces', '')
      if (auth.status) return reply(...auth.status)
      const names = [...new Set([...[...this.pods.values()].map((p) => p.namespace), ...[...this.workloads.values()].map((w) => w.namespace ?? 'default')])].sort()
      return reply(200, {kind: 'NamespaceList', apiVersion: 'v1', metadata: {}, items: names.map((name) => ({metadata: {name}}))})
    }
    m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments$/.exec(url.pathname)
    if (m && req.method === 'GET') {
      const [, ns] = m
      const auth = this.authorise(req, 'list', 'deployments', ns)
      if (auth.status) return reply(...auth.status)
      const items = [...this.workloads.values()].filter((w) => w.resource === 'deployments' && (w.namespace ?? 'default') === ns)
      return reply(200, {kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: {}, items: items.map((w) => ({metadata: {name: w.name, namespace: ns}}))})
    }
    m = /^\/api\/v1\/namespaces\/([^/]+)\/configmaps\/([^/]+)$/.exec(url.pathname)
    if (m && req.method === 'GET') {
      const [, ns, name] = m
      const auth = this.authorise(req, 'get', 'configmaps', ns, name)
      if (auth.status) return reply(...auth.status)
      const map = this.opts.configMaps?.find((c) => c.namespace === ns && c.name === name)
      if (!map) return reply(404, notFound('configmaps', name))
      return reply(200, {kind: 'ConfigMap', apiVersion: 'v1', metadata: {name, namespace: ns}, data: map.data})
    }
    m = /^\/(?:api\/v1|apis\/apps\/v1)\/namespaces\/([^/]+)\/(deployments|statefulsets|daemonsets|replicasets|services)\/([^/]+)$/.exec(url.pathname)
    if (m && req.method === 'GET') {
      const [, ns, resource, name] = m
      const isService = resource === 'services'
      if (isService !== url.pathname.startsWith('/api/v1/')) return reply(404, status(404, 'NotFound', 'the server could not find the requested resource'))
      const auth = this.authorise(req, 'get', resource, ns, name)
      if (auth.status) return reply(...auth.status)
      const w = this.workloads.get(`${resource}/${ns}/${name}`)
      if (!w) return reply(404, notFound(resource, name))
      const metadata = {name, namespace: ns, uid: `uid-${name}`}
      if (isService) return reply(200, {kind: 'Service', apiVersion: 'v1', metadata, spec: {selector: w.selector, ports: [{port: 9080}]}})
      return reply(200, {
        kind: kindOf(w.resource),
        apiVersion: 'apps/v1',
        metadata,
        spec: {selector: {matchLabels: w.selector}, template: {metadata: {labels: w.selector}, spec: {containers: []}}},
      })
    }
    reply(404, status(404, 'NotFound', 'the server could not find the requested resource'))
  }

  private upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    this.track(socket)
    if (this.stallUpgrades) {
      this.requests.push({method: req.method ?? '', path: req.url ?? ''})
      return
    }
    const url = new URL(req.url ?? '/', 'https://kube')
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/.exec(url.pathname)
    const refuse = (code: number, body: object) => {
      const text = JSON.stringify(this.tainted(body))
      socket.end(`HTTP/1.1 ${code} ${STATUS_CODES[code]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`)
    }
    if (!m) return refuse(404, status(404, 'NotFound', 'the server could not find the requested resource'))
    const [ns, name] = [m[1], m[2]].map(decodeURIComponent)
    const auth = this.authorise(req, 'create', 'pods/portforward', ns, name)
    if (auth.status) return refuse(...auth.status)
    const pod = this.pods.get(`${ns}/${name}`)
    if (!pod) return refuse(404, notFound('pods', name))
    if (!pod.nodeName) return refuse(400, status(400, 'BadRequest', `pod ${name} does not have a host assigned`))
    const port = Number(url.searchParams.get('ports'))
    this.wss.handleUpgrade(req, socket, head, (ws) => this.forward(ws, pod, port))
  }

  /** The kubelet's side: announce the port on both channels, dial it, then relay channel 0. */
  private forward(ws: WebSocket, pod: {name: string; namespace: string; ports: Record<number, number>}, port: number): void {
    let closed!: (code: number) => void
    const record: ForwardRecord = {
      pod: pod.name,
      namespace: pod.namespace,
      port,
      protocol: ws.protocol,
      closed: new Promise((r) => (closed = r)),
      isOpen: true,
      serverBuffered: () => ws.bufferedAmount,
    }
    this.forwards.push(record)
    ws.on('error', () => {})
    const prefix = Buffer.alloc(2)
    prefix.writeUInt16LE(port)
    ws.send(Buffer.concat([Buffer.from([0]), prefix]))
    ws.send(Buffer.concat([Buffer.from([1]), prefix]))
    if (this.dialFailure !== undefined) {
      const text = this.errorChannel === 'json' ? JSON.stringify({closeConnection: true, message: this.dialFailure}) : this.dialFailure
      ws.on('close', (code) => {
        record.isOpen = false
        closed(code)
      })
      ws.send(Buffer.concat([Buffer.from([1]), Buffer.from(text)]))
      ws.close(1000)
      return
    }
    const target = net.connect(pod.ports[port] ?? this.closedPort, '127.0.0.1')
    let connected = false
    target.on('connect', () => (connected = true))
    target.on('data', (chunk) => ws.send(Buffer.concat([Buffer.from([0]), chunk])))
    target.on('end', () => ws.close(1000))
    target.on('error', (error: NodeJS.ErrnoException) => {
      if (connected) return ws.close(1000)
      const reason = error.code === 'ECONNREFUSED' ? 'connect: connection refused' : error.message
      const message =
        `error forwarding port ${port} to pod uid-${pod.name}, uid : failed to execute portforward in network namespace "/var/run/netns/cni-1": ` +
        `failed to connect to localhost:${port} inside namespace "uid-${pod.name}", IPv4: dial tcp4 127.0.0.1:${port}: ${reason} IPv6 dial tcp6 [::1]:${port}: ${reason} `
      const text = this.errorChannel === 'json' ? JSON.stringify({closeConnection: true, message}) : message
      ws.send(Buffer.concat([Buffer.from([1]), Buffer.from(text)]))
      ws.close(1000)
    })
    ws.on('message', (data: Buffer) => {
      if (data[0] === 0) target.write(data.subarray(1))
    })
    ws.on('close', (code) => {
      record.isOpen = false
      target.destroy()
      closed(code)
    })
  }

  /** A Status with the taint in its message; other bodies unchanged. */
  private tainted(body: object): object {
    return this.taint !== '' && (body as {kind?: string}).kind === 'Status' ? {...body, message: `${(body as {message: string}).message}${this.taint}`} : body
  }
}

function status(code: number, reason: string, message: string, details?: object): object {
  return {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? {details} : {}), code}
}

function notFound(resource: string, name: string): object {
  return status(404, 'NotFound', `${resource} "${name}" not found`, {name, kind: resource})
}

function kindOf(resource: WorkloadResource): string {
  return {deployments: 'Deployment', statefulsets: 'StatefulSet', daemonsets: 'DaemonSet', replicasets: 'ReplicaSet', services: 'Service'}[resource]
}

function podJson(p: {
  name: string
  namespace: string
  phase: string
  ready: boolean
  labels: Record<string, string>
  created: string
  deleting: boolean
  nodeName: string | null
  initContainers: object[]
}): object {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name: p.name,
      namespace: p.namespace,
      uid: `uid-${p.name}`,
      labels: p.labels,
      creationTimestamp: p.created,
      ...(p.deleting ? {deletionTimestamp: '2026-11-21T10:30:00Z'} : {}),
    },
    spec: {
      containers: [{name: 'app'}, {name: 'istio-proxy'}],
      ...(p.initContainers.length > 0 ? {initContainers: p.initContainers} : {}),
      ...(p.nodeName ? {nodeName: p.nodeName} : {}),
    },
    status: {phase: p.phase, conditions: [{type: 'Ready', status: p.ready ? 'True' : 'False'}]},
  }
}

/** Equality-based selectors only (`a=b,c==d`), which is all the CLI sends for these workloads. */
function parseSelector(text: string): Record<string, string> | undefined {
  const result: Record<string, string> = {}
  for (const part of text.split(',').filter((p) => p !== '')) {
    const m = /^([^=!]+)==?(.*)$/.exec(part)
    if (!m) return undefined
    result[m[1].trim()] = m[2].trim()
  }
  return result
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const {port} = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

/** A throw-away CA and a server certificate for 127.0.0.1, made with the openssl CLI. */
export function makeCertificates(dir: string): {ca: string; cert: string; key: string} {
  const file = (name: string) => path.join(dir, name)
  const run = (...args: string[]) => execFileSync('openssl', args, {stdio: 'pipe'})
  writeFileSync(file('san.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n')
  run(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
    '-days',
    '2',
    '-subj',
    '/CN=proxy-config test CA',
  )
  run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=kube-apiserver')
  run(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.crt'),
    '-days',
    '2',
    '-extfile',
    file('san.ext'),
  )
  const read = (name: string) => readFileSync(file(name), 'utf8')
  return {ca: read('ca.crt'), cert: read('server.crt'), key: read('server.key')}
}

export interface KubeconfigSpec {
  clusters: Array<{name: string; server: string; ca?: string; insecure?: boolean}>
  users: Array<{name: string; token?: string; tokenFile?: string; exec?: {command: string; args?: string[]; env?: {name: string; value: string}[]}}>
  contexts: Array<{name: string; cluster: string; user?: string; namespace?: string}>
  current?: string
}

/** A kubeconfig file as kubectl writes one (JSON is valid YAML). */
export function writeKubeconfig(file: string, spec: KubeconfigSpec): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: spec.clusters.map((c) => ({
      name: c.name,
      cluster: {
        server: c.server,
        ...(c.ca ? {'certificate-authority-data': Buffer.from(c.ca).toString('base64')} : {}),
        ...(c.insecure ? {'insecure-skip-tls-verify': true} : {}),
      },
    })),
    users: spec.users.map(({name, ...user}) => ({
      name,
      user: {...user, ...(user.exec ? {exec: {apiVersion: 'client.authentication.k8s.io/v1beta1', ...user.exec}} : {})},
    })),
    contexts: spec.contexts.map((c) => ({name: c.name, context: {cluster: c.cluster, ...(c.user ? {user: c.user} : {}), ...(c.namespace ? {namespace: c.namespace} : {})}})),
    ...(spec.current ? {'current-context': spec.current} : {}),
  }
  writeFileSync(file, JSON.stringify(config, null, 2))
  return file
}
