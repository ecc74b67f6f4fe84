import {createHash} from 'node:crypto'

import type {HealthStatus, Locality} from './envoy.js'
import {spreadPort} from './heavy.js'
import {hashSeed, mulberry32, type Rng} from './random.js'
import {type Certs, loadCerts} from './secrets.js'

// The mesh the dumps describe. Built-in services come first (bookinfo plus what
// every cluster has); generated services follow and hold only a few scalars
// each; pods, clusters and routes are derived when written.

export const TRUST_DOMAIN = 'cluster.local'
export const CLUSTER_ID = 'Kubernetes'

/** A bad option value; the command line prints it as one line. */
export class GenError extends Error {}

type Profile = 'sidecar' | 'gateway'

export interface MeshOptions {
  services: number
  endpointsPerService: number
  seed: string
  profile: Profile
  /** The listener-heavy shape of scripts/gen/heavy.ts. */
  listenerHeavy?: boolean
}

interface ServicePort {
  port: number
  name: string
  targetPort: number
  protocol: 'HTTP' | 'GRPC' | 'TCP' | 'TLS'
}

export interface Pod {
  ip: string
  /** '' for workloads without a version label. */
  version: string
  locality: Locality
  health: HealthStatus
  /** Fails outlier detection in /clusters. */
  outlier: boolean
}

export interface DestinationRule {
  name: string
  pool?: {maxConnections: number; maxPending: number}
  outlier?: boolean
}

export interface VirtualService {
  name: string
  /** Weights of the service's subsets, in order. */
  weights?: number[]
  /** Requests with this end-user header go to v2. */
  headerUser?: string
  timeout?: string
}

/** A generated service's pods are re-derived from its own seed whenever they are needed. */
interface GeneratedPods {
  base: number
  count: number
  seed: number
}

/** A Kubernetes service. */
export interface InternalService {
  external?: undefined
  name: string
  ns: string
  host: string
  ip: string
  ports: ServicePort[]
  sa: string
  /** Has sidecars, so its endpoints carry the Istio mTLS match. */
  meshed?: boolean
  workload?: string
  subsets?: string[]
  dr?: DestinationRule
  vs?: VirtualService
  pods: Pod[] | GeneratedPods
}

/** A ServiceEntry: no cluster IP, resolved by Envoy's DNS. */
export interface ExternalService {
  external: 'STRICT_DNS' | 'LOGICAL_DNS'
  name: string
  ns: string
  host: string
  ports: ServicePort[]
  pods: Pod[]
}

export type Service = InternalService | ExternalService

export const destinationRule = (svc: Service): DestinationRule | undefined => (svc.external ? undefined : svc.dr)

/** A TCP or TLS port that gets its own <ip>_<port> listener. */
export interface IpListener {
  svc: InternalService
  port: ServicePort
}

/** A 0.0.0.0_<port> listener: HTTP services share its route config; TCP ones become chains. */
export interface SharedListener {
  port: number
  http: Service[]
  tcp: {svc: Service; port: ServicePort}[]
}

interface MeshBase {
  services: Service[]
  builtinCount: number
  ipListeners: IpListener[]
  shared: SharedListener[]
  proxySha: string
  envoySha: string
  clock: Clock
  certs: Certs
  listenerHeavy: boolean
}

export type SidecarMesh = MeshBase & {profile: 'sidecar' /** The sidecar belongs to productpage-v1. */; proxy: InternalService}
export type GatewayMesh = MeshBase & {profile: 'gateway'}
export type Mesh = SidecarMesh | GatewayMesh

const http = (port: number, name = 'http', targetPort = port): ServicePort => ({port, name, targetPort, protocol: 'HTTP'})
const grpc = (port: number, name = 'grpc', targetPort = port): ServicePort => ({port, name, targetPort, protocol: 'GRPC'})
const tcp = (port: number, name = 'tcp', targetPort = port): ServicePort => ({port, name, targetPort, protocol: 'TCP'})
const tls = (port: number, name = 'https', targetPort = port): ServicePort => ({port, name, targetPort, protocol: 'TLS'})

export const isHttp = (p: ServicePort): boolean => p.protocol === 'HTTP' || p.protocol === 'GRPC'

const ZONE_B = {region: 'us-east1', zone: 'us-east1-b', sub_zone: 'rack-1'}
const ZONE_C = {region: 'us-east1', zone: 'us-east1-c'}
const ZONE_D = {region: 'us-east1', zone: 'us-east1-d', sub_zone: 'rack-4'}

function pod(ip: string, version: string, locality: Locality, extra: Partial<Pod> = {}): Pod {
  return {ip, version, locality, health: 'HEALTHY', outlier: false, ...extra}
}

/** A Kubernetes service, reached by its cluster-local name. */
const kube = (svc: Omit<InternalService, 'host'>): InternalService => ({...svc, host: `${svc.name}.${svc.ns}.svc.${TRUST_DOMAIN}`})

/** productpage first: the sidecar profile's proxy. */
function builtinServices(): [InternalService, ...Service[]] {
  return [
    kube({name: 'productpage', ns: 'default', ip: '10.96.121.18', ports: [http(9080)], sa: 'bookinfo-productpage', meshed: true, pods: [pod('10.244.0.12', 'v1', ZONE_B)]}),
    kube({name: 'details', ns: 'default', ip: '10.96.53.201', ports: [http(9080)], sa: 'bookinfo-details', meshed: true, pods: [pod('10.244.0.14', 'v1', ZONE_B)]}),
    kube({
      name: 'reviews',
      ns: 'default',
      ip: '10.96.37.114',
      ports: [http(9080)],
      sa: 'bookinfo-reviews',
      meshed: true,
      subsets: ['v1', 'v2', 'v3'],
      dr: {name: 'reviews'},
      vs: {name: 'reviews', weights: [50, 30, 20], headerUser: 'jason'},
      pods: [
        pod('10.244.0.15', 'v1', ZONE_B),
        pod('10.244.0.16', 'v2', ZONE_C),
        pod('10.244.0.21', 'v2', ZONE_C, {health: 'UNHEALTHY'}),
        pod('10.244.0.17', 'v3', ZONE_D, {outlier: true}),
      ],
    }),
    kube({
      name: 'ratings',
      ns: 'default',
      ip: '10.96.88.5',
      ports: [http(9080)],
      sa: 'bookinfo-ratings',
      meshed: true,
      dr: {name: 'ratings', pool: {maxConnections: 100, maxPending: 10}, outlier: true},
      pods: [pod('10.244.0.18', 'v1', ZONE_B), pod('10.244.0.19', 'v1', ZONE_D, {health: 'DRAINING'})],
    }),
    kube({name: 'mysqldb', ns: 'default', ip: '10.96.140.77', ports: [tcp(3306, 'tcp-mysql')], sa: 'bookinfo-mysqldb', meshed: true, pods: [pod('10.244.0.20', 'v1', ZONE_C)]}),
    kube({
      name: 'kube-dns',
      ns: 'kube-system',
      ip: '10.96.0.10',
      ports: [tcp(53, 'dns-tcp'), http(9153, 'metrics')],
      sa: 'coredns',
      workload: 'coredns',
      pods: [pod('10.244.0.2', '', ZONE_B), pod('10.244.0.3', '', ZONE_C)],
    }),
    kube({name: 'kubernetes', ns: 'default', ip: '10.96.0.1', ports: [tls(443, 'https', 6443)], sa: 'default', workload: 'kube-apiserver', pods: [pod('172.18.0.2', '', {})]}),
    kube({
      name: 'istiod',
      ns: 'istio-system',
      ip: '10.96.200.45',
      sa: 'istiod',
      ports: [grpc(15010, 'grpc-xds'), tls(15012, 'https-dns'), tls(443, 'https-webhook', 15017), http(15014, 'http-monitoring')],
      pods: [pod('10.244.0.5', '', ZONE_B)],
    }),
    kube({
      name: 'istio-ingressgateway',
      ns: 'istio-system',
      ip: '10.96.150.7',
      sa: 'istio-ingressgateway-service-account',
      meshed: true,
      ports: [http(80, 'http2', 8080), tls(443, 'https', 8443)],
      pods: [pod('10.244.0.6', '', ZONE_B)],
    }),
    {
      name: 'api.payments.example.com',
      ns: 'default',
      host: 'api.payments.example.com',
      external: 'STRICT_DNS',
      ports: [tls(443, 'tls')],
      pods: [pod('203.0.113.10', '', {}), pod('203.0.113.11', '', {})],
    },
    {name: 'httpbin.org', ns: 'default', host: 'httpbin.org', external: 'LOGICAL_DNS', ports: [http(80)], pods: [pod('198.51.100.23', '', {})]},
  ]
}

const WORDS_A = [
  'cart',
  'checkout',
  'payments',
  'inventory',
  'search',
  'catalog',
  'orders',
  'shipping',
  'accounts',
  'auth',
  'billing',
  'notify',
  'recommend',
  'pricing',
  'reports',
  'media',
  'profile',
  'ledger',
  'fraud',
  'loyalty',
  'quotes',
  'tax',
  'fulfil',
  'returns',
  'support',
  'promo',
  'geo',
  'audit',
  'feature',
  'session',
]
const WORDS_B = ['api', 'svc', 'worker', 'backend', 'frontend', 'grpc', 'cache', 'sync', 'reader', 'writer', 'indexer', 'store']
export const NAMESPACES = [
  'shop',
  'payments',
  'identity',
  'search',
  'data',
  'platform',
  'ml',
  'media',
  'ops',
  'analytics',
  'growth',
  'logistics',
  'finance',
  'support',
  'marketing',
  'security',
]
const HTTP_PORTS = [
  http(80, 'http', 8080),
  http(80, 'http', 8080),
  http(8080),
  http(8080),
  http(9080),
  http(8000, 'http-web'),
  http(3000, 'http-ui'),
  http(5000),
  http(8081, 'http-admin'),
]
const GRPC_PORTS = [grpc(9090), grpc(50051)]
// 8080/TCP shares the 0.0.0.0_8080 listener with HTTP services, as Istio does.
const TCP_PORTS = [
  tcp(5432, 'tcp-postgres'),
  tcp(6379, 'tcp-redis'),
  tcp(27017, 'tcp-mongo'),
  tcp(3306, 'tcp-mysql'),
  tcp(9092, 'tcp-kafka'),
  tcp(11211, 'tcp-memcache'),
  tcp(8080, 'tcp'),
]
const ZONES = [
  ['us-east1', 'us-east1-b'],
  ['us-east1', 'us-east1-c'],
  ['us-east1', 'us-east1-d'],
  ['us-west1', 'us-west1-a'],
] as const

// The draws happen in a fixed order; reordering them changes every generated dump.
function generatedService(index: number, seed: string, podBase: number, podCount: number): InternalService {
  const rng = mulberry32(hashSeed(seed, 'service', index))
  const name = `${rng.pick(WORDS_A)}-${rng.pick(WORDS_B)}-${index}`
  const ns = rng.pick(NAMESPACES)
  const r = rng.next()
  const ports = [r < 0.62 ? rng.pick(HTTP_PORTS) : r < 0.72 ? rng.pick(GRPC_PORTS) : r < 0.95 ? rng.pick(TCP_PORTS) : tls(443, 'https', 8443)]
  const extra = rng.next()
  if (extra < 0.25) ports.push(http(9102, 'http-metrics'))
  else if (extra < 0.4 && ports[0].protocol === 'HTTP') ports.push(grpc(9090))
  const svc = kube({name, ns, ip: serviceIp(index), ports, sa: name, meshed: rng.next() < 0.9, pods: {base: podBase, count: podCount, seed: hashSeed(seed, 'pods', index)}})
  const s = rng.next()
  if (s < 0.35) svc.subsets = s < 0.12 ? ['v1', 'v2', 'v3'] : ['v1', 'v2']
  if (svc.subsets || rng.next() < 0.1) {
    const dr: DestinationRule = {name}
    if (rng.next() < 0.5) dr.pool = {maxConnections: 50 + rng.int(20) * 50, maxPending: 10 + rng.int(10) * 10}
    if (rng.next() < 0.5) dr.outlier = true
    svc.dr = dr
  }
  const first = ports[0]
  if (first.protocol === 'HTTP' || first.protocol === 'GRPC') {
    if (svc.subsets && rng.next() < 0.6) {
      const w = 100 - 10 * (1 + rng.int(5))
      svc.vs = {name, weights: svc.subsets.length === 3 ? [w - 10, 10, 100 - w] : [w, 100 - w]}
    } else if (rng.next() < 0.08) {
      svc.vs = {name, timeout: `${1 + rng.int(30)}s`}
    }
  }
  return svc
}

export function podsOf(svc: Service): Pod[] {
  if (svc.external) return svc.pods
  if (Array.isArray(svc.pods)) return svc.pods
  const {base, count, seed} = svc.pods
  const rng = mulberry32(seed)
  const versions = svc.subsets ?? ['v1']
  const pods = new Array<Pod>(count)
  for (let k = 0; k < count; k++) {
    const [region, zone] = rng.pick(ZONES)
    const h = rng.next()
    const locality = rng.next() < 0.3 ? {region, zone, sub_zone: `rack-${1 + rng.int(8)}`} : {region, zone}
    pods[k] = {
      ip: podIp(base + k),
      version: versions[k % versions.length],
      locality,
      health: h < 0.03 ? 'UNHEALTHY' : h < 0.05 ? 'DRAINING' : 'HEALTHY',
      outlier: rng.next() < 0.01,
    }
  }
  return pods
}

function serviceIp(index: number): string {
  const n = 4096 + index
  if (n >= 1 << 20) throw new GenError('too many services for the 10.96.0.0/12 service range')
  return `10.${96 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`
}

// Generated pods live in 10.128.0.0/9 (up to 10.239.255.255), clear of the
// service range and of the built-in 10.244.0.x pods.
function podIp(n: number): string {
  const second = 128 + Math.floor(n / 65536)
  if (second > 239) throw new GenError('too many endpoints for the generated pod range; lower --endpoints-per-service')
  return `10.${second}.${(n >> 8) & 255}.${n & 255}`
}

export function buildMesh(opts: MeshOptions): Mesh {
  const builtin = builtinServices()
  const services = builtin.slice(0, opts.services)
  let podBase = 0
  for (let i = builtin.length; i < opts.services; i++) {
    const svc = generatedService(i, opts.seed, podBase, opts.endpointsPerService)
    if (opts.listenerHeavy) svc.ports = svc.ports.map((p) => (isHttp(p) && p.name !== 'http-metrics' ? {...p, port: spreadPort(i)} : p))
    services.push(svc)
    podBase += opts.endpointsPerService
  }

  // HTTP ports share one 0.0.0.0_<port> listener and one route config; TCP and TLS
  // services get <ip>_<port> listeners unless they have no IP or collide with an
  // HTTP port, in which case they become chains of the shared listener.
  const shared = new Map<number, SharedListener>()
  const sharedAt = (port: number): SharedListener => {
    let entry = shared.get(port)
    if (!entry) shared.set(port, (entry = {port, http: [], tcp: []}))
    return entry
  }
  for (const svc of services) {
    for (const p of svc.ports) if (isHttp(p)) sharedAt(p.port).http.push(svc)
  }
  const httpPorts = new Set(shared.keys())
  const ipListeners: IpListener[] = []
  for (const svc of services) {
    for (const p of svc.ports) {
      if (isHttp(p)) continue
      if (!svc.external && !httpPorts.has(p.port)) ipListeners.push({svc, port: p})
      else sharedAt(p.port).tcp.push({svc, port: p})
    }
  }

  const base: MeshBase = {
    services,
    builtinCount: builtin.length,
    ipListeners,
    shared: [...shared.values()].sort((a, b) => a.port - b.port),
    proxySha: createHash('sha1').update(`istio-proxy ${opts.seed}`).digest('hex'),
    envoySha: createHash('sha1').update(`envoy ${opts.seed}`).digest('hex'),
    clock: new Clock(hashSeed(opts.seed, 'clock')),
    certs: loadCerts(),
    listenerHeavy: opts.listenerHeavy ?? false,
  }
  return opts.profile === 'sidecar' ? {...base, profile: 'sidecar', proxy: builtin[0]} : {...base, profile: 'gateway'}
}

/** A cluster Istio pushes for a service port, optionally for one DestinationRule subset. */
export interface ServiceCluster {
  name: string
  svc: Service
  port: ServicePort
  subset: string
}

/** Every cluster Istio pushes for a service: one per port plus one per DestinationRule subset. */
export function* serviceClusters(svc: Service): Generator<ServiceCluster> {
  for (const port of svc.ports) {
    yield {name: `outbound|${port.port}||${svc.host}`, svc, port, subset: ''}
    if (svc.external) continue
    for (const subset of svc.subsets ?? []) yield {name: `outbound|${port.port}|${subset}|${svc.host}`, svc, port, subset}
  }
}

export function clusterPods(c: ServiceCluster): Pod[] {
  const pods = podsOf(c.svc)
  return c.subset ? pods.filter((p) => p.version === c.subset) : pods
}

/** Timestamps advance a few milliseconds per resource, like a proxy receiving a push. */
class Clock {
  readonly version = '2026-01-14T09:12:44Z/23'
  private readonly rng: Rng
  private readonly start = Date.UTC(2026, 0, 14, 9, 12, 41, 318)
  private t = this.start + 3_000

  constructor(seed: number) {
    this.rng = mulberry32(seed)
  }

  next(): string {
    this.t += 1 + this.rng.int(4)
    return new Date(this.t).toISOString()
  }

  at(offsetMs: number): string {
    return new Date(this.start + offsetMs).toISOString()
  }
}

/** The gateway's HTTPS servers: one SNI chain and one route config each. */
export const GATEWAY_HTTPS_ROUTES = [
  {route: 'https.443.https.bookinfo-gateway.default', host: 'bookinfo.example.com', secret: 'kubernetes://bookinfo-credential'},
  {route: 'https.443.https-legacy.legacy-gateway.default', host: 'legacy.example.com', secret: 'kubernetes://legacy-shop-credential'},
] as const
