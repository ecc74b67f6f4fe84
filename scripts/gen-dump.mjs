#!/usr/bin/env node
// Generates Envoy admin output for an Istio proxy: `/config_dump?include_eds=true`
// or `/clusters?format=json`. Output is streamed resource by resource with
// back-pressure, so gigabyte dumps need no more memory than small ones.
// Field names, value encodings and field order follow what Envoy's protobuf JSON
// printer emits (snake_case, proto field-number order, int64 as strings).

import {createHash} from 'node:crypto'
import {once} from 'node:events'
import {createWriteStream, readFileSync} from 'node:fs'
import {parseArgs} from 'node:util'

const HELP = `Usage: node scripts/gen-dump.mjs [options]

Writes an Envoy /config_dump?include_eds=true (or /clusters?format=json) for a proxy
in a generated Istio mesh.

  --services N               mesh services (default 11 = the built-in bookinfo and
                             system services; more adds generated services)
  --endpoints-per-service N  pods behind each generated service (default 35)
  --seed S                   seed for the pseudo-random mesh (default 1)
  --profile sidecar|gateway  productpage-v1 sidecar or istio-ingressgateway
  --clusters-json            write /clusters?format=json instead of the config dump
  --compact                  no whitespace (for big dumps)
  --indent N                 spaces per level when not compact (default 2; Envoy uses 1)
  --out FILE                 output file (default stdout)
  --stats                    print size, throughput and peak RSS to stderr
`

// ---------------------------------------------------------------------------
// Type URLs exactly as Envoy v3 prints them in "@type".

const TYPE = {
  bootstrapDump: 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump',
  clustersDump: 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
  ecdsDump: 'type.googleapis.com/envoy.admin.v3.EcdsConfigDump',
  endpointsDump: 'type.googleapis.com/envoy.admin.v3.EndpointsConfigDump',
  listenersDump: 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump',
  scopedRoutesDump: 'type.googleapis.com/envoy.admin.v3.ScopedRoutesConfigDump',
  routesDump: 'type.googleapis.com/envoy.admin.v3.RoutesConfigDump',
  secretsDump: 'type.googleapis.com/envoy.admin.v3.SecretsConfigDump',
  cluster: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
  listener: 'type.googleapis.com/envoy.config.listener.v3.Listener',
  routeConfig: 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
  loadAssignment: 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
  secret: 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret',
  extensionConfig: 'type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig',
  hcm: 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
  tcpProxy: 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy',
  router: 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router',
  grpcStats: 'type.googleapis.com/envoy.extensions.filters.http.grpc_stats.v3.FilterConfig',
  fault: 'type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault',
  cors: 'type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors',
  wasm: 'type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm',
  rbac: 'type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC',
  typedStruct: 'type.googleapis.com/udpa.type.v1.TypedStruct',
  stringValue: 'type.googleapis.com/google.protobuf.StringValue',
  istioStats: 'type.googleapis.com/stats.PluginConfig',
  metadataExchange: 'type.googleapis.com/envoy.tcp.metadataexchange.config.MetadataExchange',
  upstreamTls: 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
  downstreamTls: 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
  rawBuffer: 'type.googleapis.com/envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer',
  httpOptions: 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
  fileAccessLog: 'type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog',
  tlsInspector: 'type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector',
  httpInspector: 'type.googleapis.com/envoy.extensions.filters.listener.http_inspector.v3.HttpInspector',
  originalDst: 'type.googleapis.com/envoy.extensions.filters.listener.original_dst.v3.OriginalDst',
  uuid: 'type.googleapis.com/envoy.extensions.request_id.uuid.v3.UuidRequestIdConfig',
  previousHosts: 'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate',
}

// ---------------------------------------------------------------------------
// Command line

const OPTIONS = {
  services: {type: 'string', default: '11'},
  'endpoints-per-service': {type: 'string', default: '35'},
  seed: {type: 'string', default: '1'},
  profile: {type: 'string', default: 'sidecar'},
  'clusters-json': {type: 'boolean', default: false},
  compact: {type: 'boolean', default: false},
  indent: {type: 'string', default: '2'},
  out: {type: 'string'},
  stats: {type: 'boolean', default: false},
  help: {type: 'boolean', short: 'h', default: false},
}

function parseOptions(argv) {
  let values
  try {
    values = parseArgs({args: argv, options: OPTIONS}).values
  } catch (error) {
    fail(`${error.message}\n\n${HELP}`)
  }
  const count = (name, min) => {
    const n = Number(values[name])
    if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer >= ${min}, got "${values[name]}"`)
    return n
  }
  if (!['sidecar', 'gateway'].includes(values.profile)) fail(`--profile must be sidecar or gateway, got "${values.profile}"`)
  return {
    help: values.help,
    services: count('services', 1),
    endpointsPerService: count('endpoints-per-service', 1),
    seed: values.seed,
    profile: values.profile,
    clustersJson: values['clusters-json'],
    indent: values.compact ? 0 : count('indent', 1),
    out: values.out,
    stats: values.stats,
  }
}

function fail(message) {
  process.stderr.write(`gen-dump: ${message}\n`)
  process.exit(2)
}

// ---------------------------------------------------------------------------
// Deterministic randomness: every service draws from its own stream, so a
// service's pods can be regenerated on demand instead of being kept in memory.

function hashSeed(...parts) {
  return createHash('sha256').update(parts.join('\0')).digest().readUInt32LE(0)
}

function mulberry32(seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  next.int = (n) => Math.floor(next() * n)
  next.pick = (list) => list[Math.floor(next() * list.length)]
  return next
}

// ---------------------------------------------------------------------------
// Streaming JSON writer. Containers are opened and closed explicitly; leaf values
// (whole resources) go through JSON.stringify, re-indented to their depth, which
// reproduces JSON.stringify(whole, null, indent) byte for byte.

class JsonStreamWriter {
  constructor(out, indent) {
    this.out = out
    this.indent = indent
    this.newline = indent ? '\n' : ''
    this.colon = indent ? ': ' : ':'
    this.buf = ''
    this.bytes = 0
    this.counts = [0]
    this.pads = ['']
  }

  pad(depth) {
    return (this.pads[depth] ??= ' '.repeat(depth * this.indent))
  }

  member(key) {
    const depth = this.counts.length - 1
    if (depth === 0) return
    const n = this.counts[depth]++
    this.buf += (n ? ',' : '') + this.newline + this.pad(depth) + (key === undefined ? '' : JSON.stringify(key) + this.colon)
  }

  open(key, bracket) {
    this.member(key)
    this.buf += bracket
    this.counts.push(0)
  }

  close(bracket) {
    const n = this.counts.pop()
    this.buf += (n ? this.newline + this.pad(this.counts.length - 1) : '') + bracket
  }

  value(key, v) {
    this.member(key)
    const depth = this.counts.length - 1
    const text = this.indent ? JSON.stringify(v, null, this.indent) : JSON.stringify(v)
    this.buf += this.indent && depth ? text.replaceAll('\n', `\n${this.pad(depth)}`) : text
  }

  // Called between resources: hands ~1 MiB chunks to the stream and waits when
  // the stream's buffer is full.
  async flush(force = false) {
    if (!force && this.buf.length < 1 << 20) return
    const chunk = this.buf
    this.buf = ''
    this.bytes += Buffer.byteLength(chunk)
    if (!this.out.write(chunk)) await once(this.out, 'drain')
  }

  async end() {
    this.buf += this.newline
    await this.flush(true)
  }
}

// ---------------------------------------------------------------------------
// The mesh. Built-in services come first (bookinfo plus what every cluster has);
// generated services follow and hold only a few scalars each; pods, clusters and
// routes are derived when written.

const TRUST_DOMAIN = 'cluster.local'
const CLUSTER_ID = 'Kubernetes'

const http = (port, name = 'http', targetPort = port) => ({port, name, targetPort, protocol: 'HTTP'})
const grpc = (port, name = 'grpc', targetPort = port) => ({port, name, targetPort, protocol: 'GRPC'})
const tcp = (port, name = 'tcp', targetPort = port) => ({port, name, targetPort, protocol: 'TCP'})
const tls = (port, name = 'https', targetPort = port) => ({port, name, targetPort, protocol: 'TLS'})

const ZONE_B = {region: 'us-east1', zone: 'us-east1-b', sub_zone: 'rack-1'}
const ZONE_C = {region: 'us-east1', zone: 'us-east1-c'}
const ZONE_D = {region: 'us-east1', zone: 'us-east1-d', sub_zone: 'rack-4'}

function pod(ip, version, locality, extra = {}) {
  return {ip, version, locality, health: 'HEALTHY', outlier: false, ...extra}
}

function builtinServices() {
  return [
    {name: 'productpage', ns: 'default', ip: '10.96.121.18', ports: [http(9080)], sa: 'bookinfo-productpage', meshed: true, pods: [pod('10.244.0.12', 'v1', ZONE_B)]},
    {name: 'details', ns: 'default', ip: '10.96.53.201', ports: [http(9080)], sa: 'bookinfo-details', meshed: true, pods: [pod('10.244.0.14', 'v1', ZONE_B)]},
    {
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
    },
    {
      name: 'ratings',
      ns: 'default',
      ip: '10.96.88.5',
      ports: [http(9080)],
      sa: 'bookinfo-ratings',
      meshed: true,
      dr: {name: 'ratings', pool: {maxConnections: 100, maxPending: 10}, outlier: true},
      pods: [pod('10.244.0.18', 'v1', ZONE_B), pod('10.244.0.19', 'v1', ZONE_D, {health: 'DRAINING'})],
    },
    {name: 'mysqldb', ns: 'default', ip: '10.96.140.77', ports: [tcp(3306, 'tcp-mysql')], sa: 'bookinfo-mysqldb', meshed: true, pods: [pod('10.244.0.20', 'v1', ZONE_C)]},
    {
      name: 'kube-dns',
      ns: 'kube-system',
      ip: '10.96.0.10',
      ports: [tcp(53, 'dns-tcp'), http(9153, 'metrics')],
      sa: 'coredns',
      workload: 'coredns',
      pods: [pod('10.244.0.2', '', ZONE_B), pod('10.244.0.3', '', ZONE_C)],
    },
    {name: 'kubernetes', ns: 'default', ip: '10.96.0.1', ports: [tls(443, 'https', 6443)], sa: 'default', workload: 'kube-apiserver', pods: [pod('172.18.0.2', '', {})]},
    {
      name: 'istiod',
      ns: 'istio-system',
      ip: '10.96.200.45',
      sa: 'istiod',
      ports: [grpc(15010, 'grpc-xds'), tls(15012, 'https-dns'), tls(443, 'https-webhook', 15017), http(15014, 'http-monitoring')],
      pods: [pod('10.244.0.5', '', ZONE_B)],
    },
    {
      name: 'istio-ingressgateway',
      ns: 'istio-system',
      ip: '10.96.150.7',
      sa: 'istio-ingressgateway-service-account',
      meshed: true,
      ports: [http(80, 'http2', 8080), tls(443, 'https', 8443)],
      pods: [pod('10.244.0.6', '', ZONE_B)],
    },
    // ServiceEntries: no cluster IP, resolved by Envoy's DNS.
    {name: 'api.payments.example.com', ns: 'default', external: 'STRICT_DNS', ports: [tls(443, 'tls')], pods: [pod('203.0.113.10', '', {}), pod('203.0.113.11', '', {})]},
    {name: 'httpbin.org', ns: 'default', external: 'LOGICAL_DNS', ports: [http(80)], pods: [pod('198.51.100.23', '', {})]},
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
const NAMESPACES = [
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
]

function generatedService(index, seed, podBase, podCount) {
  const rng = mulberry32(hashSeed(seed, 'service', index))
  const name = `${rng.pick(WORDS_A)}-${rng.pick(WORDS_B)}-${index}`
  const ns = rng.pick(NAMESPACES)
  const r = rng()
  const ports = [r < 0.62 ? rng.pick(HTTP_PORTS) : r < 0.72 ? rng.pick(GRPC_PORTS) : r < 0.95 ? rng.pick(TCP_PORTS) : tls(443, 'https', 8443)]
  const extra = rng()
  if (extra < 0.25) ports.push(http(9102, 'http-metrics'))
  else if (extra < 0.4 && ports[0].protocol === 'HTTP') ports.push(grpc(9090))
  const svc = {name, ns, ip: serviceIp(index), ports, sa: name, meshed: rng() < 0.9, podBase, podCount, seed: hashSeed(seed, 'pods', index)}
  const s = rng()
  if (s < 0.35) svc.subsets = s < 0.12 ? ['v1', 'v2', 'v3'] : ['v1', 'v2']
  if (svc.subsets || rng() < 0.1) {
    svc.dr = {name}
    if (rng() < 0.5) svc.dr.pool = {maxConnections: 50 + rng.int(20) * 50, maxPending: 10 + rng.int(10) * 10}
    if (rng() < 0.5) svc.dr.outlier = true
  }
  const first = ports[0]
  if (first.protocol === 'HTTP' || first.protocol === 'GRPC') {
    if (svc.subsets && rng() < 0.6) {
      const w = 100 - 10 * (1 + rng.int(5))
      svc.vs = {name, weights: svc.subsets.length === 3 ? [w - 10, 10, 100 - w] : [w, 100 - w]}
    } else if (rng() < 0.08) {
      svc.vs = {name, timeout: `${1 + rng.int(30)}s`}
    }
  }
  return svc
}

// Pods of a generated service, re-derived from its own seed on every call.
function podsOf(svc) {
  if (svc.pods) return svc.pods
  const rng = mulberry32(svc.seed)
  const versions = svc.subsets ?? ['v1']
  const pods = new Array(svc.podCount)
  for (let k = 0; k < svc.podCount; k++) {
    const [region, zone] = rng.pick(ZONES)
    const h = rng()
    const locality = rng() < 0.3 ? {region, zone, sub_zone: `rack-${1 + rng.int(8)}`} : {region, zone}
    pods[k] = {
      ip: podIp(svc.podBase + k),
      version: versions[k % versions.length],
      locality,
      health: h < 0.03 ? 'UNHEALTHY' : h < 0.05 ? 'DRAINING' : 'HEALTHY',
      outlier: rng() < 0.01,
    }
  }
  return pods
}

function serviceIp(index) {
  const n = 4096 + index
  if (n >= 1 << 20) fail('too many services for the 10.96.0.0/12 service range')
  return `10.${96 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`
}

// Generated pods live in 10.128.0.0/9 (up to 10.239.255.255), clear of the
// service range and of the built-in 10.244.0.x pods.
function podIp(n) {
  const second = 128 + Math.floor(n / 65536)
  if (second > 239) fail('too many endpoints for the generated pod range; lower --endpoints-per-service')
  return `10.${second}.${(n >> 8) & 255}.${n & 255}`
}

function buildMesh(opts) {
  const builtin = builtinServices()
  const services = builtin.slice(0, opts.services)
  let podBase = 0
  for (let i = builtin.length; i < opts.services; i++) {
    services.push(generatedService(i, opts.seed, podBase, opts.endpointsPerService))
    podBase += opts.endpointsPerService
  }
  for (const svc of services) svc.host = svc.external ? svc.name : `${svc.name}.${svc.ns}.svc.${TRUST_DOMAIN}`

  // HTTP ports share one 0.0.0.0_<port> listener and one route config; TCP and TLS
  // services get <ip>_<port> listeners unless they have no IP or collide with an
  // HTTP port, in which case they become chains of the shared listener.
  const httpPorts = new Map()
  for (const svc of services) {
    for (const p of svc.ports) if (isHttp(p)) (httpPorts.get(p.port) ?? httpPorts.set(p.port, []).get(p.port)).push(svc)
  }
  const shared = new Map([...httpPorts.keys()].map((port) => [port, {port, http: httpPorts.get(port), tcp: []}]))
  const ipListeners = []
  for (const svc of services) {
    for (const p of svc.ports) {
      if (isHttp(p)) continue
      if (svc.ip && !httpPorts.has(p.port)) ipListeners.push({svc, port: p})
      else (shared.get(p.port) ?? shared.set(p.port, {port: p.port, http: [], tcp: []}).get(p.port)).tcp.push({svc, port: p})
    }
  }

  const profile = opts.profile
  const seedText = String(opts.seed)
  return {
    profile,
    services,
    builtinCount: builtin.length,
    ipListeners,
    shared: [...shared.values()].sort((a, b) => a.port - b.port),
    // The sidecar belongs to productpage-v1, the first built-in service.
    proxy: profile === 'sidecar' ? services[0] : null,
    proxySha: createHash('sha1').update(`istio-proxy ${seedText}`).digest('hex'),
    envoySha: createHash('sha1').update(`envoy ${seedText}`).digest('hex'),
    clock: new Clock(hashSeed(seedText, 'clock')),
    certs: loadCerts(),
  }
}

const isHttp = (p) => p.protocol === 'HTTP' || p.protocol === 'GRPC'

// Every cluster Istio pushes for a service: one per port plus one per DestinationRule subset.
function* serviceClusters(svc) {
  for (const port of svc.ports) {
    yield {name: `outbound|${port.port}||${svc.host}`, svc, port, subset: ''}
    if (svc.external) continue
    for (const subset of svc.subsets ?? []) yield {name: `outbound|${port.port}|${subset}|${svc.host}`, svc, port, subset}
  }
}

function clusterPods(c) {
  const pods = podsOf(c.svc)
  return c.subset ? pods.filter((p) => p.version === c.subset) : pods
}

// Timestamps advance a few milliseconds per resource, like a proxy receiving a push.
class Clock {
  constructor(seed) {
    this.rng = mulberry32(seed)
    this.start = Date.UTC(2026, 0, 14, 9, 12, 41, 318)
    this.t = this.start + 3_000
    this.version = '2026-01-14T09:12:44Z/23'
  }

  next() {
    this.t += 1 + this.rng.int(4)
    return new Date(this.t).toISOString()
  }

  at(offsetMs) {
    return new Date(this.start + offsetMs).toISOString()
  }
}

function loadCerts() {
  const read = (name) => readFileSync(new URL(`../fixtures/certs/${name}.pem`, import.meta.url), 'utf8')
  const b64 = (...names) => Buffer.from(names.map(read).join('')).toString('base64')
  return {
    root: b64('root-ca'),
    productpage: b64('workload-productpage', 'root-ca'),
    ingressgateway: b64('workload-ingressgateway', 'root-ca'),
    bookinfo: b64('gateway-bookinfo'),
    legacy: b64('expired-legacy'),
  }
}

// ---------------------------------------------------------------------------
// Shared fragments

const ADS = {ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3'}
const SDS = {
  api_config_source: {
    api_type: 'GRPC',
    grpc_services: [{envoy_grpc: {cluster_name: 'sds-grpc'}}],
    set_node_on_first_message_only: true,
    transport_api_version: 'V3',
  },
  initial_fetch_timeout: '0s',
  resource_api_version: 'V3',
}
const MAX = 4294967295
const DEFAULT_THRESHOLDS = {max_connections: MAX, max_pending_requests: MAX, max_requests: MAX, max_retries: MAX, track_remaining: true}
const TLS_PARAMS = {tls_minimum_protocol_version: 'TLSv1_2', tls_maximum_protocol_version: 'TLSv1_3'}
const RAW_BUFFER = {name: 'envoy.transport_sockets.raw_buffer', typed_config: {'@type': TYPE.rawBuffer}}
const ROUTER = {name: 'envoy.filters.http.router', typed_config: {'@type': TYPE.router}}
const METADATA_EXCHANGE_CLUSTER_FILTER = {
  name: 'istio.metadata_exchange',
  typed_config: {'@type': TYPE.metadataExchange, protocol: 'istio-peer-exchange', enable_discovery: true},
}
const HTTP_APPS = ['http/1.0', 'http/1.1', 'h2c']
const ISTIO_HTTP_TLS_APPS = ['istio-http/1.0', 'istio-http/1.1', 'istio-h2']
const STATS_FILTER_PREFIX = 'istio.io/telemetry/stats/prometheus/sidecar'
const WASM_FILTER = 'default.productpage-header-injector'

const ACCESS_LOG_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% ' +
  '%RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" ' +
  '%BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" ' +
  '"%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW% ' +
  '%UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%\n'
const ACCESS_LOG = [
  {
    name: 'envoy.access_loggers.file',
    typed_config: {'@type': TYPE.fileAccessLog, path: '/dev/stdout', log_format: {text_format_source: {inline_string: ACCESS_LOG_FORMAT}}},
  },
]
const HTTP_PROTOCOL_OPTIONS = {
  'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
    '@type': TYPE.httpOptions,
    common_http_protocol_options: {idle_timeout: '3600s'},
    use_downstream_protocol_config: {http_protocol_options: {}, http2_protocol_options: {}},
  },
}
const GRPC_PROTOCOL_OPTIONS = {
  'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
    '@type': TYPE.httpOptions,
    common_http_protocol_options: {idle_timeout: '3600s'},
    explicit_http_config: {http2_protocol_options: {}},
  },
}
const RETRY_POLICY = {
  retry_on: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
  num_retries: 2,
  retry_host_predicate: [{name: 'envoy.retry_host_predicates.previous_hosts', typed_config: {'@type': TYPE.previousHosts}}],
  host_selection_retry_max_attempts: '5',
  retriable_status_codes: [503],
}
const NO_STREAM_LIMIT = {max_stream_duration: '0s', grpc_timeout_header_max: '0s'}

const socketAddress = (address, port) => ({socket_address: {address, port_value: port}})
const istioConfig = (kind, ns, name) => `/apis/networking.istio.io/v1/namespaces/${ns}/${kind}/${name}`
const spiffe = (ns, sa) => `spiffe://${TRUST_DOMAIN}/ns/${ns}/sa/${sa}`

function ecdsFilter(name, typeUrls) {
  return {name, config_discovery: {config_source: ADS, type_urls: typeUrls}}
}

function tcpProxy(cluster, accessLog = true) {
  const config = {'@type': TYPE.tcpProxy, stat_prefix: cluster, cluster}
  if (accessLog) config.access_log = ACCESS_LOG
  return {name: 'envoy.filters.network.tcp_proxy', typed_config: config}
}

// ---------------------------------------------------------------------------
// Bootstrap

function proxyIdentity(mesh) {
  if (mesh.profile === 'gateway') {
    return {
      type: 'router',
      ip: '10.244.0.6',
      pod: 'istio-ingressgateway-5f7d8c9b6-q8mzt',
      ns: 'istio-system',
      workload: 'istio-ingressgateway',
      app: 'istio-ingressgateway',
      sa: 'istio-ingressgateway-service-account',
      labels: {
        app: 'istio-ingressgateway',
        istio: 'ingressgateway',
        'service.istio.io/canonical-name': 'istio-ingressgateway',
        'service.istio.io/canonical-revision': 'latest',
        'sidecar.istio.io/inject': 'false',
      },
      ports: [
        {name: 'http2', containerPort: 8080, protocol: 'TCP'},
        {name: 'https', containerPort: 8443, protocol: 'TCP'},
      ],
    }
  }
  const svc = mesh.proxy
  return {
    type: 'sidecar',
    ip: podsOf(svc)[0].ip,
    pod: `${svc.name}-v1-7d4cb9c6f8-x2k4q`,
    ns: svc.ns,
    workload: `${svc.name}-v1`,
    app: svc.name,
    sa: svc.sa,
    labels: {app: svc.name, 'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-name': svc.name, 'service.istio.io/canonical-revision': 'v1', version: 'v1'},
    ports: svc.ports.map((p) => ({name: p.name, containerPort: p.targetPort, protocol: 'TCP'})),
  }
}

function staticListener(port, statPrefix, prefix, cluster, typed) {
  const listener = typed ? {'@type': TYPE.listener} : {}
  listener.address = socketAddress('0.0.0.0', port)
  listener.filter_chains = [
    {
      filters: [
        {
          name: 'envoy.filters.network.http_connection_manager',
          typed_config: {
            '@type': TYPE.hcm,
            stat_prefix: statPrefix,
            route_config: inlineRoute('', [{name: 'backend', domains: ['*'], routes: [{match: {prefix}, route: {cluster}}]}]),
            http_filters: [ROUTER],
          },
        },
      ],
    },
  ]
  return listener
}

const staticListeners = (typed) => [
  staticListener(15090, 'stats', '/stats/prometheus', 'prometheus_stats', typed),
  staticListener(15021, 'agent', '/healthz/ready', 'agent', typed),
]

function inlineRoute(name, virtualHosts) {
  const config = name ? {name} : {}
  config.virtual_hosts = virtualHosts
  if (name) config.validate_clusters = false
  return config
}

function staticClusters(typed) {
  const t = typed ? {'@type': TYPE.cluster} : {}
  const local = (name, port) => ({
    ...t,
    name,
    type: 'STATIC',
    connect_timeout: '0.250s',
    load_assignment: {cluster_name: name, endpoints: [{lb_endpoints: [{endpoint: {address: socketAddress('127.0.0.1', port)}}]}]},
  })
  const pipe = (name, path) => ({cluster_name: name, endpoints: [{lb_endpoints: [{endpoint: {address: {pipe: {path}}}}]}]})
  const h2 = {
    'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
      '@type': TYPE.httpOptions,
      explicit_http_config: {http2_protocol_options: {}},
    },
  }
  const xdsLimits = {max_connections: 100000, max_pending_requests: 100000, max_requests: 100000}
  return [
    local('prometheus_stats', 15000),
    local('agent', 15020),
    {
      ...t,
      name: 'sds-grpc',
      type: 'STATIC',
      connect_timeout: '1s',
      load_assignment: pipe('sds-grpc', './var/run/secrets/workload-spiffe-uds/socket'),
      typed_extension_protocol_options: h2,
    },
    {
      ...t,
      name: 'xds-grpc',
      type: 'STATIC',
      connect_timeout: '1s',
      max_requests_per_connection: 1,
      circuit_breakers: {thresholds: [xdsLimits, {priority: 'HIGH', ...xdsLimits}]},
      upstream_connection_options: {tcp_keepalive: {keepalive_time: 300}},
      load_assignment: pipe('xds-grpc', './etc/istio/proxy/XDS'),
      typed_extension_protocol_options: h2,
    },
  ]
}

function bootstrapDump(mesh) {
  const id = proxyIdentity(mesh)
  const proxyConfig = {
    binaryPath: '/usr/local/bin/envoy',
    concurrency: 2,
    configPath: './etc/istio/proxy',
    controlPlaneAuthPolicy: 'MUTUAL_TLS',
    discoveryAddress: 'istiod.istio-system.svc:15012',
    drainDuration: '45s',
    proxyAdminPort: 15000,
    serviceCluster: 'istio-proxy',
    statNameLength: 189,
    statusPort: 15020,
    terminationDrainDuration: '5s',
  }
  const metadata = {
    ANNOTATIONS: {
      'istio.io/rev': 'default',
      'kubectl.kubernetes.io/default-container': id.app,
      'kubernetes.io/config.seen': '2026-01-14T09:12:29.145302518Z',
      'kubernetes.io/config.source': 'api',
      'prometheus.io/path': '/stats/prometheus',
      'prometheus.io/port': '15020',
      'prometheus.io/scrape': 'true',
      'sidecar.istio.io/status':
        '{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":["workload-socket","credential-socket","workload-certs","istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert"],"imagePullSecrets":null,"revision":"default"}',
    },
    APP_CONTAINERS: id.app,
    CLUSTER_ID: CLUSTER_ID,
    ENVOY_PROMETHEUS_PORT: 15090,
    ENVOY_STATUS_PORT: 15021,
    INSTANCE_IPS: id.ip,
    INTERCEPTION_MODE: 'REDIRECT',
    ISTIO_PROXY_SHA: `istio-proxy:${mesh.proxySha}`,
    ISTIO_VERSION: '1.27.1',
    LABELS: id.labels,
    MESH_ID: TRUST_DOMAIN,
    NAME: id.pod,
    NAMESPACE: id.ns,
    NODE_NAME: 'kind-worker',
    OWNER: `kubernetes://apis/apps/v1/namespaces/${id.ns}/deployments/${id.workload}`,
    PILOT_SAN: ['istiod.istio-system.svc'],
    POD_PORTS: JSON.stringify(id.ports),
    PROXY_CONFIG: proxyConfig,
    SERVICE_ACCOUNT: id.sa,
    WORKLOAD_NAME: id.workload,
  }
  return {
    '@type': TYPE.bootstrapDump,
    bootstrap: {
      node: {
        id: `${id.type}~${id.ip}~${id.pod}.${id.ns}~${id.ns}.svc.${TRUST_DOMAIN}`,
        cluster: `${id.app}.${id.ns}`,
        metadata,
        locality: {region: 'us-east1', zone: 'us-east1-b'},
        user_agent_name: 'envoy',
        user_agent_build_version: {
          version: {major_number: 1, minor_number: 35, patch: 3},
          metadata: {
            'build.type': 'RELEASE',
            'revision.sha': mesh.envoySha,
            'revision.status': 'Clean',
            'ssl.version': 'BoringSSL',
          },
        },
        extensions: [
          {name: 'envoy.filters.http.router', category: 'envoy.filters.http', type_urls: [TYPE.router.slice(20)]},
          {name: 'envoy.filters.network.tcp_proxy', category: 'envoy.filters.network', type_urls: [TYPE.tcpProxy.slice(20)]},
          {name: 'istio.stats', category: 'envoy.filters.http', type_urls: ['stats.PluginConfig']},
        ],
      },
      static_resources: {listeners: staticListeners(false), clusters: staticClusters(false)},
      dynamic_resources: {
        lds_config: ADS,
        cds_config: ADS,
        ads_config: {
          api_type: 'GRPC',
          grpc_services: [{envoy_grpc: {cluster_name: 'xds-grpc'}}],
          set_node_on_first_message_only: true,
          transport_api_version: 'V3',
        },
      },
      cluster_manager: {outlier_detection: {}},
      stats_config: {
        stats_tags: [
          {tag_name: 'cluster_name', regex: '^cluster\\.((.+?(\\..+?\\.svc\\.cluster\\.local)?)\\.)'},
          {tag_name: 'tcp_prefix', regex: '^tcp\\.((.*?)\\.)\\w+?$'},
          {tag_name: 'response_code', regex: '(response_code=\\.=(.+?);\\.;)|_rq(_(\\.d{3}))$'},
          {tag_name: 'http_conn_manager_prefix', regex: '^http\\.(((?:[_.[:digit:]]*|[_\\[\\]aAbBcCdDeEfF[:digit:]]*))\\.)'},
          {tag_name: 'listener_address', regex: '^listener\\.(((?:[_.[:digit:]]*|[_\\[\\]aAbBcCdDeEfF[:digit:]]*))\\.)'},
          {tag_name: 'mongo_prefix', regex: '^mongo\\.(.+?)\\.(collection|cmd|cx_|op_|delays_|decoding_)(.*?)$'},
        ],
        use_all_default_tags: false,
        stats_matcher: {
          inclusion_list: {
            patterns: [
              {prefix: 'reporter='},
              {prefix: 'cluster_manager'},
              {prefix: 'listener_manager'},
              {prefix: 'server'},
              {prefix: 'cluster.xds-grpc'},
              {prefix: 'wasm'},
              {suffix: 'rbac.allowed'},
              {suffix: 'rbac.denied'},
              {prefix: 'component'},
              {prefix: 'istio'},
            ],
          },
        },
      },
      admin: {
        access_log: [{name: 'envoy.access_loggers.file', typed_config: {'@type': TYPE.fileAccessLog, path: '/dev/null'}}],
        profile_path: '/var/lib/istio/data/envoy.prof',
        address: socketAddress('127.0.0.1', 15000),
      },
      layered_runtime: {
        layers: [
          {
            name: 'global config',
            static_layer: {
              'envoy.deprecated_features:envoy.config.listener.v3.Listener.hidden_envoy_deprecated_use_original_dst': 'true',
              'envoy.reloadable_features.http_reject_path_with_fragment': 'false',
              'overload.global_downstream_max_connections': '2147483647',
              're2.max_program_size.error_level': '32768',
            },
          },
          {name: 'admin', admin_layer: {}},
        ],
      },
    },
    last_updated: mesh.clock.at(0),
  }
}

// ---------------------------------------------------------------------------
// Clusters

function thresholds(dr) {
  if (!dr?.pool) return DEFAULT_THRESHOLDS
  return {...DEFAULT_THRESHOLDS, max_connections: dr.pool.maxConnections, max_pending_requests: dr.pool.maxPending}
}

function clusterMetadata(svc, subset) {
  const istio = {}
  if (svc.dr) istio.config = istioConfig('destination-rule', svc.ns, svc.dr.name)
  istio.services = [{host: svc.host, name: svc.name, namespace: svc.ns}]
  if (subset) istio.subset = subset
  return {filter_metadata: {istio}}
}

function upstreamTls(c) {
  const {svc, port, subset} = c
  return {
    '@type': TYPE.upstreamTls,
    common_tls_context: {
      tls_params: TLS_PARAMS,
      alpn_protocols: ['istio-peer-exchange', 'istio'],
      tls_certificate_sds_secret_configs: [{name: 'default', sds_config: SDS}],
      combined_validation_context: {
        default_validation_context: {match_subject_alt_names: [{exact: spiffe(svc.ns, svc.sa)}]},
        validation_context_sds_secret_config: {name: 'ROOTCA', sds_config: SDS},
      },
    },
    sni: `outbound_.${port.port}_.${subset}_.${svc.host}`,
  }
}

function edsCluster(c) {
  const {svc, port} = c
  const cluster = {
    '@type': TYPE.cluster,
    name: c.name,
    type: 'EDS',
    eds_cluster_config: {eds_config: ADS, service_name: c.name},
    connect_timeout: '10s',
    lb_policy: 'LEAST_REQUEST',
    circuit_breakers: {thresholds: [thresholds(svc.dr)]},
  }
  if (svc.dr?.outlier) {
    cluster.outlier_detection = {
      consecutive_5xx: 5,
      interval: '10s',
      base_ejection_time: '30s',
      max_ejection_percent: 100,
      enforcing_consecutive_5xx: 100,
      enforcing_success_rate: 0,
    }
  }
  cluster.metadata = clusterMetadata(svc, c.subset)
  cluster.common_lb_config = {}
  if (isHttp(port)) cluster.typed_extension_protocol_options = port.protocol === 'GRPC' ? GRPC_PROTOCOL_OPTIONS : HTTP_PROTOCOL_OPTIONS
  cluster.filters = [METADATA_EXCHANGE_CLUSTER_FILTER]
  cluster.transport_socket_matches = [
    {name: 'tlsMode-istio', match: {tlsMode: 'istio'}, transport_socket: {name: 'envoy.transport_sockets.tls', typed_config: upstreamTls(c)}},
    {name: 'tlsMode-disabled', match: {}, transport_socket: RAW_BUFFER},
  ]
  return cluster
}

function dnsCluster(c) {
  const {svc, port} = c
  const cluster = {
    '@type': TYPE.cluster,
    name: c.name,
    type: svc.external,
    connect_timeout: '10s',
    lb_policy: 'LEAST_REQUEST',
    circuit_breakers: {thresholds: [DEFAULT_THRESHOLDS]},
    dns_refresh_rate: '60s',
    dns_lookup_family: 'V4_ONLY',
    metadata: clusterMetadata(svc, ''),
    common_lb_config: {},
    load_assignment: {
      cluster_name: c.name,
      endpoints: [{locality: {}, lb_endpoints: [{endpoint: {address: socketAddress(svc.host, port.port)}, load_balancing_weight: 1}]}],
    },
  }
  if (isHttp(port)) cluster.typed_extension_protocol_options = HTTP_PROTOCOL_OPTIONS
  cluster.respect_dns_ttl = true
  return cluster
}

const serviceCluster = (c) => (c.svc.external ? dnsCluster(c) : edsCluster(c))

// Istio's fixed clusters. `pods` is what Envoy's EDS dump and /clusters show for them.
function specialClusters(mesh) {
  const base = (name, type) => ({'@type': TYPE.cluster, name, type, connect_timeout: '10s'})
  const originalDst = (name, bindInbound) => {
    const cluster = base(name, 'ORIGINAL_DST')
    cluster.lb_policy = 'CLUSTER_PROVIDED'
    cluster.circuit_breakers = {thresholds: [DEFAULT_THRESHOLDS]}
    if (bindInbound) cluster.upstream_bind_config = {source_address: socketAddress('127.0.0.6', 0)}
    cluster.typed_extension_protocol_options = HTTP_PROTOCOL_OPTIONS
    return cluster
  }
  const list = [{name: 'BlackHoleCluster', resource: base('BlackHoleCluster', 'STATIC'), pods: []}]
  if (mesh.profile === 'gateway') return list
  list.push(
    {name: 'InboundPassthroughCluster', resource: originalDst('InboundPassthroughCluster', true), pods: []},
    {name: 'PassthroughCluster', resource: originalDst('PassthroughCluster', false), pods: []},
  )
  const svc = mesh.proxy
  const self = podsOf(svc)[0]
  for (const port of svc.ports) {
    const name = `inbound|${port.targetPort}||`
    const cluster = base(name, 'STATIC')
    cluster.circuit_breakers = {thresholds: [DEFAULT_THRESHOLDS]}
    cluster.upstream_bind_config = {source_address: socketAddress('127.0.0.6', 0)}
    cluster.metadata = {filter_metadata: {istio: {services: [{host: svc.host, name: svc.name, namespace: svc.ns}]}}}
    cluster.common_lb_config = {}
    cluster.load_assignment = {
      cluster_name: name,
      endpoints: [{lb_endpoints: [{endpoint: {address: socketAddress(self.ip, port.targetPort)}}]}],
    }
    if (isHttp(port)) cluster.typed_extension_protocol_options = HTTP_PROTOCOL_OPTIONS
    list.push({name, resource: cluster, pods: [{...self, locality: {}}], port: port.targetPort})
  }
  return list
}

// ---------------------------------------------------------------------------
// Endpoints (EDS dump)

function lbEndpoint(pod, svc, port) {
  const lb = {
    endpoint: {address: socketAddress(pod.ip, port), health_check_config: {}},
    health_status: pod.health,
  }
  if (svc?.external) {
    lb.endpoint.hostname = svc.host
  } else if (svc) {
    const version = pod.version || 'latest'
    const workload = svc.workload ?? (pod.version ? `${svc.name}-${pod.version}` : svc.name)
    const filterMetadata = {istio: {workload: `${workload};${svc.ns};${svc.name};${version};${CLUSTER_ID}`}}
    if (svc.meshed) filterMetadata['envoy.transport_socket_match'] = {tlsMode: 'istio'}
    lb.metadata = {filter_metadata: filterMetadata}
  }
  lb.load_balancing_weight = 1
  return lb
}

// Envoy groups hosts by locality, in first-seen order, weighted by host count.
function loadAssignment(name, pods, svc, port) {
  const groups = new Map()
  for (const p of pods) {
    const key = `${p.locality.region ?? ''}/${p.locality.zone ?? ''}/${p.locality.sub_zone ?? ''}`
    let group = groups.get(key)
    if (!group) groups.set(key, (group = {locality: p.locality, lb_endpoints: [], load_balancing_weight: 0}))
    group.lb_endpoints.push(lbEndpoint(p, svc, port))
    group.load_balancing_weight++
  }
  const cla = {'@type': TYPE.loadAssignment, cluster_name: name}
  if (groups.size) cla.endpoints = [...groups.values()]
  cla.policy = {overprovisioning_factor: 140}
  return cla
}

function staticLoadAssignment(cluster) {
  const lbs = cluster.load_assignment.endpoints[0].lb_endpoints.map((lb) => ({
    endpoint: {address: lb.endpoint.address, health_check_config: {}},
    health_status: 'HEALTHY',
    load_balancing_weight: 1,
  }))
  return {
    '@type': TYPE.loadAssignment,
    cluster_name: cluster.name,
    endpoints: [{locality: {}, lb_endpoints: lbs}],
    policy: {overprovisioning_factor: 140},
  }
}

// ---------------------------------------------------------------------------
// Listeners

function hcmFilter(config) {
  return {name: 'envoy.filters.network.http_connection_manager', typed_config: {'@type': TYPE.hcm, ...config}}
}

function tracing(mesh) {
  const id = mesh.profile === 'gateway' ? {app: 'istio-ingressgateway', rev: 'latest', ns: 'istio-system'} : {app: mesh.proxy.name, rev: 'v1', ns: mesh.proxy.ns}
  const literal = (tag, value) => ({tag, literal: {value}})
  return {
    client_sampling: {value: 100},
    random_sampling: {value: 1},
    overall_sampling: {value: 100},
    custom_tags: [
      literal('istio.canonical_revision', id.rev),
      literal('istio.canonical_service', id.app),
      literal('istio.cluster_id', CLUSTER_ID),
      literal('istio.mesh_id', TRUST_DOMAIN),
      literal('istio.namespace', id.ns),
    ],
  }
}

const COMMON_HTTP_FILTERS = [
  {name: 'envoy.filters.http.grpc_stats', typed_config: {'@type': TYPE.grpcStats, emit_filter_state: true, stats_for_all_methods: false}},
  {name: 'envoy.filters.http.fault', typed_config: {'@type': TYPE.fault}},
  {name: 'envoy.filters.http.cors', typed_config: {'@type': TYPE.cors}},
]
const PEER_METADATA = {
  name: 'istio.metadata_exchange',
  typed_config: {
    '@type': TYPE.typedStruct,
    type_url: 'type.googleapis.com/io.istio.http.peer_metadata.Config',
    value: {upstream_discovery: [{istio_headers: {}}, {workload_discovery: {}}], upstream_propagation: [{istio_headers: {}}]},
  },
}

function hcmTail(mesh, extra) {
  return {
    tracing: tracing(mesh),
    server_name: 'istio-envoy',
    access_log: ACCESS_LOG,
    ...extra,
    upgrade_configs: [{upgrade_type: 'websocket'}],
    stream_idle_timeout: '0s',
    normalize_path: true,
    request_id_extension: {typed_config: {'@type': TYPE.uuid, use_request_id_for_trace_sampling: true}},
    path_with_escaped_slashes_action: 'KEEP_UNCHANGED',
  }
}

function outboundHcm(mesh, port) {
  return hcmFilter({
    stat_prefix: `outbound_0.0.0.0_${port}`,
    rds: {config_source: ADS, route_config_name: String(port)},
    http_filters: [PEER_METADATA, ...COMMON_HTTP_FILTERS, ecdsFilter(`${STATS_FILTER_PREFIX}/Outbound/HTTP`, [TYPE.istioStats]), ROUTER],
    ...hcmTail(mesh, {use_remote_address: false}),
  })
}

const OUTBOUND_TCP_STATS = ecdsFilter(`${STATS_FILTER_PREFIX}/Outbound/TCP`, [TYPE.istioStats])
const INBOUND_TCP_STATS = ecdsFilter(`${STATS_FILTER_PREFIX}/Inbound/TCP`, [TYPE.istioStats])
const LISTENER_INSPECTORS = [
  {name: 'envoy.filters.listener.tls_inspector', typed_config: {'@type': TYPE.tlsInspector}},
  {name: 'envoy.filters.listener.http_inspector', typed_config: {'@type': TYPE.httpInspector}},
]
const PASSTHROUGH_CHAIN = {filters: [OUTBOUND_TCP_STATS, tcpProxy('PassthroughCluster')], name: 'PassthroughFilterChain'}

function outboundListener(name, address, port, chains, {defaultChain, additional} = {}) {
  const listener = {'@type': TYPE.listener, name, address: socketAddress(address, port), filter_chains: chains}
  listener.listener_filters = LISTENER_INSPECTORS
  listener.listener_filters_timeout = '0s'
  listener.traffic_direction = 'OUTBOUND'
  listener.continue_on_listener_filters_timeout = true
  if (defaultChain) listener.default_filter_chain = PASSTHROUGH_CHAIN
  listener.bind_to_port = false
  if (additional) listener.additional_addresses = [{address: socketAddress(additional, port)}]
  return listener
}

function ipListener({svc, port}) {
  const cluster = `outbound|${port.port}||${svc.host}`
  return outboundListener(`${svc.ip}_${port.port}`, svc.ip, port.port, [{filters: [OUTBOUND_TCP_STATS, tcpProxy(cluster)]}])
}

// 0.0.0.0_<port>: per-IP TCP chains and SNI chains for IP-less TLS hosts first,
// then the HTTP chain, then the passthrough default chain.
function sharedListener(mesh, entry) {
  const chains = entry.tcp.map(({svc, port}) => {
    const cluster = `outbound|${port.port}||${svc.host}`
    const match = svc.ip ? {prefix_ranges: [{address_prefix: svc.ip, prefix_len: 32}], destination_port: port.port} : {server_names: [svc.host]}
    return {filter_chain_match: match, filters: [OUTBOUND_TCP_STATS, tcpProxy(cluster)]}
  })
  if (entry.http.length) {
    chains.push({
      filter_chain_match: {transport_protocol: 'raw_buffer', application_protocols: HTTP_APPS},
      filters: [outboundHcm(mesh, entry.port)],
    })
  }
  return outboundListener(`0.0.0.0_${entry.port}`, '0.0.0.0', entry.port, chains, {defaultChain: true, additional: entry.port === 80 ? '::' : undefined})
}

function virtualOutbound() {
  return {
    '@type': TYPE.listener,
    name: 'virtualOutbound',
    address: socketAddress('0.0.0.0', 15001),
    filter_chains: [
      {filter_chain_match: {destination_port: 15001}, filters: [OUTBOUND_TCP_STATS, tcpProxy('BlackHoleCluster', false)], name: 'virtualOutbound-blackhole'},
      {filters: [OUTBOUND_TCP_STATS, tcpProxy('PassthroughCluster')], name: 'virtualOutbound-catchall-tcp'},
    ],
    use_original_dst: true,
    traffic_direction: 'OUTBOUND',
  }
}

function downstreamTls(alpn, requireClient) {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': TYPE.downstreamTls,
      common_tls_context: {
        tls_params: TLS_PARAMS,
        alpn_protocols: alpn,
        tls_certificate_sds_secret_configs: [{name: 'default', sds_config: SDS}],
        combined_validation_context: {
          default_validation_context: {},
          validation_context_sds_secret_config: {name: 'ROOTCA', sds_config: SDS},
        },
      },
      require_client_certificate: requireClient,
    },
  }
}

function inboundRouteConfig(name, cluster, operation) {
  return inlineRoute(name, [
    {
      name: name === 'InboundPassthroughCluster' ? 'inbound|http|0' : `inbound|http|${name.split('|')[1]}`,
      domains: ['*'],
      routes: [
        {
          match: {prefix: '/'},
          route: {cluster, timeout: '0s', max_stream_duration: NO_STREAM_LIMIT},
          decorator: {operation},
          name: 'default',
        },
      ],
    },
  ])
}

function inboundHcm(mesh, statPrefix, routeConfig) {
  return hcmFilter({
    stat_prefix: statPrefix,
    route_config: routeConfig,
    http_filters: [
      PEER_METADATA,
      ecdsFilter(WASM_FILTER, [TYPE.wasm, TYPE.rbac]),
      ...COMMON_HTTP_FILTERS,
      ecdsFilter(`${STATS_FILTER_PREFIX}/Inbound/HTTP`, [TYPE.istioStats]),
      ROUTER,
    ],
    ...hcmTail(mesh, {
      use_remote_address: false,
      forward_client_cert_details: 'APPEND_FORWARD',
      set_current_client_cert_details: {subject: true, dns: true, uri: true},
    }),
  })
}

// The inline route configs of virtualInbound's HTTP chains; Envoy also lists each
// one under static_route_configs.
function inboundRouteConfigs(mesh) {
  const svc = mesh.proxy
  const passthrough = inboundRouteConfig('InboundPassthroughCluster', 'InboundPassthroughCluster', ':0/*')
  const perPort = svc.ports.filter(isHttp).map((p) => inboundRouteConfig(`inbound|${p.targetPort}||`, `inbound|${p.targetPort}||`, `${svc.host}:${p.port}/*`))
  return {passthrough, perPort}
}

function virtualInbound(mesh) {
  const svc = mesh.proxy
  const routes = inboundRouteConfigs(mesh)
  const anyV4 = [{address_prefix: '0.0.0.0', prefix_len: 0}]
  const tcpInbound = (cluster) => [INBOUND_TCP_STATS, tcpProxy(cluster)]
  const chains = [
    {filter_chain_match: {destination_port: 15006}, filters: [INBOUND_TCP_STATS, tcpProxy('BlackHoleCluster', false)], name: 'virtualInbound-blackhole'},
    {
      filter_chain_match: {prefix_ranges: anyV4, transport_protocol: 'tls', application_protocols: ['istio-peer-exchange', 'istio']},
      filters: tcpInbound('InboundPassthroughCluster'),
      transport_socket: downstreamTls(['istio-peer-exchange', 'istio'], true),
      name: 'virtualInbound',
    },
    {filter_chain_match: {prefix_ranges: anyV4, transport_protocol: 'raw_buffer'}, filters: tcpInbound('InboundPassthroughCluster'), name: 'virtualInbound'},
    {
      filter_chain_match: {prefix_ranges: anyV4, transport_protocol: 'tls', application_protocols: ISTIO_HTTP_TLS_APPS},
      filters: [inboundHcm(mesh, 'InboundPassthroughCluster', routes.passthrough)],
      transport_socket: downstreamTls(['h2', 'http/1.1'], true),
      name: 'virtualInbound-catchall-http',
    },
    {
      filter_chain_match: {prefix_ranges: anyV4, transport_protocol: 'raw_buffer', application_protocols: HTTP_APPS},
      filters: [inboundHcm(mesh, 'InboundPassthroughCluster', routes.passthrough)],
      name: 'virtualInbound-catchall-http',
    },
  ]
  let httpIndex = 0
  for (const p of svc.ports) {
    const cluster = `inbound|${p.targetPort}||`
    const name = `0.0.0.0_${p.targetPort}`
    if (!isHttp(p)) {
      chains.push({
        filter_chain_match: {destination_port: p.targetPort, transport_protocol: 'tls'},
        filters: tcpInbound(cluster),
        transport_socket: downstreamTls(['istio-peer-exchange', 'istio'], true),
        name,
      })
      continue
    }
    const route = routes.perPort[httpIndex++]
    chains.push(
      {
        filter_chain_match: {destination_port: p.targetPort, transport_protocol: 'tls', application_protocols: ['istio', 'istio-peer-exchange', ...ISTIO_HTTP_TLS_APPS]},
        filters: [inboundHcm(mesh, `inbound_0.0.0.0_${p.targetPort}`, route)],
        transport_socket: downstreamTls(['h2', 'http/1.1'], true),
        name,
      },
      {
        filter_chain_match: {destination_port: p.targetPort, transport_protocol: 'raw_buffer', application_protocols: HTTP_APPS},
        filters: [inboundHcm(mesh, `inbound_0.0.0.0_${p.targetPort}`, route)],
        name,
      },
    )
  }
  return {
    '@type': TYPE.listener,
    name: 'virtualInbound',
    address: socketAddress('0.0.0.0', 15006),
    filter_chains: chains,
    listener_filters: [{name: 'envoy.filters.listener.original_dst', typed_config: {'@type': TYPE.originalDst}}, ...LISTENER_INSPECTORS],
    listener_filters_timeout: '0s',
    traffic_direction: 'INBOUND',
    continue_on_listener_filters_timeout: true,
  }
}

// ---------------------------------------------------------------------------
// Routes

function serviceDomains(svc, port, proxyNs) {
  if (svc.external) return [svc.host, `${svc.host}:${port}`]
  const names = [svc.host]
  if (svc.ns === proxyNs) names.push(svc.name)
  names.push(`${svc.name}.${svc.ns}.svc`, `${svc.name}.${svc.ns}`, svc.ip)
  return names.flatMap((n) => [n, `${n}:${port}`])
}

function routeAction(cluster, timeout = '0s') {
  return {cluster, timeout, retry_policy: RETRY_POLICY, max_stream_duration: NO_STREAM_LIMIT}
}

function virtualHost(svc, port, proxyNs) {
  const outbound = (subset) => `outbound|${port}|${subset}|${svc.host}`
  const operation = {operation: `${svc.host}:${port}/*`}
  const vs = svc.vs
  let routes
  if (!vs) {
    routes = [{match: {prefix: '/'}, route: routeAction(outbound('')), decorator: operation, name: 'default'}]
  } else {
    const metadata = {filter_metadata: {istio: {config: istioConfig('virtual-service', svc.ns, vs.name)}}}
    const fallback = vs.weights
      ? {
          weighted_clusters: {clusters: svc.subsets.map((s, i) => ({name: outbound(s), weight: vs.weights[i]}))},
          timeout: '0s',
          retry_policy: RETRY_POLICY,
          max_stream_duration: NO_STREAM_LIMIT,
        }
      : routeAction(outbound(''), vs.timeout)
    routes = [{match: {prefix: '/'}, route: fallback, metadata, decorator: operation, name: `${svc.name}.${svc.ns}.default`}]
    if (vs.headerUser) {
      routes.unshift({
        match: {prefix: '/', case_sensitive: true, headers: [{name: 'end-user', string_match: {exact: vs.headerUser}}]},
        route: routeAction(outbound('v2')),
        metadata,
        decorator: operation,
        name: `${svc.name}.${svc.ns}.end-user`,
      })
    }
  }
  return {name: `${svc.host}:${port}`, domains: serviceDomains(svc, port, proxyNs), routes, include_request_attempt_count: true}
}

const ALLOW_ANY = {
  name: 'allow_any',
  domains: ['*'],
  routes: [{match: {prefix: '/'}, route: {cluster: 'PassthroughCluster', timeout: '0s', max_grpc_timeout: '0s'}, name: 'allow_any'}],
  include_request_attempt_count: true,
}

// ---------------------------------------------------------------------------
// Gateway-specific resources

const GATEWAY_HTTPS_ROUTES = [
  {route: 'https.443.https.bookinfo-gateway.default', host: 'bookinfo.example.com', secret: 'kubernetes://bookinfo-credential'},
  {route: 'https.443.https-legacy.legacy-gateway.default', host: 'legacy.example.com', secret: 'kubernetes://legacy-shop-credential'},
]

function gatewayHcm(mesh, statPrefix, routeName) {
  return hcmFilter({
    stat_prefix: statPrefix,
    rds: {config_source: ADS, route_config_name: routeName},
    http_filters: [...COMMON_HTTP_FILTERS, {name: 'istio.stats', typed_config: {'@type': TYPE.istioStats}}, ROUTER],
    ...hcmTail(mesh, {
      use_remote_address: true,
      forward_client_cert_details: 'SANITIZE_SET',
      set_current_client_cert_details: {subject: true, dns: true, uri: true},
    }),
  })
}

function gatewayListeners(mesh) {
  const http = {
    '@type': TYPE.listener,
    name: '0.0.0.0_8080',
    address: socketAddress('0.0.0.0', 8080),
    filter_chains: [{filters: [gatewayHcm(mesh, 'outbound_0.0.0.0_8080', 'http.8080')]}],
  }
  const https = {
    '@type': TYPE.listener,
    name: '0.0.0.0_8443',
    address: socketAddress('0.0.0.0', 8443),
    filter_chains: GATEWAY_HTTPS_ROUTES.map((g) => ({
      filter_chain_match: {server_names: [g.host]},
      filters: [gatewayHcm(mesh, 'outbound_0.0.0.0_8443', g.route)],
      transport_socket: {
        name: 'envoy.transport_sockets.tls',
        typed_config: {
          '@type': TYPE.downstreamTls,
          common_tls_context: {
            tls_params: TLS_PARAMS,
            alpn_protocols: ['h2', 'http/1.1'],
            tls_certificate_sds_secret_configs: [{name: g.secret, sds_config: {ads: {}, resource_api_version: 'V3'}}],
          },
          require_client_certificate: false,
        },
      },
      name: `0.0.0.0_8443_${g.host}`,
    })),
    listener_filters: [LISTENER_INSPECTORS[0]],
  }
  return [http, https]
}

function bookinfoGatewayRoutes() {
  const cluster = (name) => `outbound|9080||${name}.default.svc.cluster.local`
  const metadata = {filter_metadata: {istio: {config: istioConfig('virtual-service', 'default', 'bookinfo')}}}
  // Envoy prints case_sensitive (field 4) after path (2) but before safe_regex (10)
  // and path_separated_prefix (14).
  const route = (match, target, name) => ({
    match: match.path ? {...match, case_sensitive: true} : {case_sensitive: true, ...match},
    route: {cluster: cluster(target), timeout: '0s', retry_policy: RETRY_POLICY, max_grpc_timeout: '0s'},
    metadata,
    decorator: {operation: `${target}.default.svc.cluster.local:9080${match.path ?? match.path_separated_prefix ?? ''}*`},
    name,
  })
  return [
    route({path: '/productpage'}, 'productpage', 'default.bookinfo.0'),
    route({path_separated_prefix: '/static'}, 'productpage', 'default.bookinfo.1'),
    route({safe_regex: {regex: '/(login|logout)'}}, 'productpage', 'default.bookinfo.2'),
    route({path_separated_prefix: '/api/v1/products'}, 'productpage', 'default.bookinfo.3'),
  ]
}

function gatewayVirtualHost(host, port, routes) {
  return {name: `${host}:${port}`, domains: [host, `${host}:*`], routes, include_request_attempt_count: true}
}

function gatewayServiceHost(svc) {
  const port = svc.ports.find(isHttp)
  if (!port) return null
  const host = `${svc.name}.${svc.ns}.example.com`
  return gatewayVirtualHost(host, 80, [
    {
      match: {prefix: '/'},
      route: routeAction(`outbound|${port.port}||${svc.host}`),
      metadata: {filter_metadata: {istio: {config: istioConfig('virtual-service', svc.ns, `${svc.name}-ingress`)}}},
      decorator: {operation: `${svc.host}:${port.port}/*`},
      name: `${svc.ns}.${svc.name}-ingress.0`,
    },
  ])
}

// ---------------------------------------------------------------------------
// Secrets and ECDS

function secrets(mesh) {
  const {certs, clock} = mesh
  const redacted = {inline_bytes: Buffer.from('[redacted]').toString('base64')}
  const tlsSecret = (name, chain) => ({
    name,
    version_info: clock.version,
    last_updated: clock.at(1_204),
    secret: {'@type': TYPE.secret, name, tls_certificate: {certificate_chain: {inline_bytes: chain}, private_key: redacted}},
  })
  const workload = mesh.profile === 'gateway' ? certs.ingressgateway : certs.productpage
  const active = [
    tlsSecret('default', workload),
    {
      name: 'ROOTCA',
      version_info: clock.version,
      last_updated: clock.at(1_187),
      secret: {'@type': TYPE.secret, name: 'ROOTCA', validation_context: {trusted_ca: {inline_bytes: certs.root}}},
    },
  ]
  let warmingName = 'kubernetes://payments-client-credential'
  if (mesh.profile === 'gateway') {
    active.push(tlsSecret('kubernetes://bookinfo-credential', certs.bookinfo), tlsSecret('kubernetes://legacy-shop-credential', certs.legacy))
    warmingName = 'kubernetes://bookinfo-credential-cacert'
  }
  const warming = [
    {
      name: warmingName,
      version_info: 'uninitialized',
      last_updated: clock.at(1_530),
      secret: {'@type': TYPE.secret, name: warmingName},
    },
  ]
  return {'@type': TYPE.secretsDump, dynamic_active_secrets: active, dynamic_warming_secrets: warming}
}

function ecdsDumps(mesh) {
  const entry = (name, typedConfig, offset) => {
    const filter = {'@type': TYPE.extensionConfig, name}
    if (typedConfig) filter.typed_config = typedConfig
    return {version_info: mesh.clock.version, ecds_filter: filter, last_updated: mesh.clock.at(offset)}
  }
  const wasmSha = createHash('sha256').update(`${WASM_FILTER} ${mesh.proxySha}`).digest('hex')
  const http = [
    entry(`${STATS_FILTER_PREFIX}/Outbound/HTTP`, {'@type': TYPE.istioStats}, 1_402),
    entry(`${STATS_FILTER_PREFIX}/Inbound/HTTP`, {'@type': TYPE.istioStats, disable_host_header_fallback: true}, 1_409),
    entry(
      WASM_FILTER,
      {
        '@type': TYPE.wasm,
        config: {
          name: WASM_FILTER,
          root_id: 'header_injector',
          vm_config: {
            runtime: 'envoy.wasm.runtime.v8',
            code: {local: {filename: `/var/lib/istio/data/${wasmSha}/${wasmSha.slice(0, 32)}.wasm`}},
            environment_variables: {key_values: {ISTIO_META_WASM_PLUGIN_RESOURCE_VERSION: '4172'}},
          },
          configuration: {'@type': TYPE.stringValue, value: '{"header":"x-bookinfo-demo","value":"productpage"}'},
        },
      },
      1_422,
    ),
  ]
  const network = [entry(`${STATS_FILTER_PREFIX}/Outbound/TCP`, {'@type': TYPE.istioStats}, 1_398), entry(`${STATS_FILTER_PREFIX}/Inbound/TCP`, {'@type': TYPE.istioStats}, 1_405)]
  return [
    {'@type': TYPE.ecdsDump, ecds_filters: http},
    {'@type': TYPE.ecdsDump, ecds_filters: network},
  ]
}

// ---------------------------------------------------------------------------
// /config_dump?include_eds=true

async function writeConfigDump(w, mesh) {
  const {clock} = mesh
  const dynamic = (key, resource) => ({version_info: clock.version, [key]: resource, last_updated: clock.next()})
  const gateway = mesh.profile === 'gateway'
  const specials = specialClusters(mesh)

  w.open(undefined, '{')
  w.open('configs', '[')
  w.value(undefined, bootstrapDump(mesh))

  w.open(undefined, '{')
  w.value('@type', TYPE.clustersDump)
  w.value('version_info', clock.version)
  w.value(
    'static_clusters',
    staticClusters(true).map((cluster) => ({cluster, last_updated: clock.at(12)})),
  )
  w.open('dynamic_active_clusters', '[')
  for (const s of specials) w.value(undefined, dynamic('cluster', s.resource))
  for (const svc of mesh.services) {
    for (const c of serviceClusters(svc)) w.value(undefined, dynamic('cluster', serviceCluster(c)))
    await w.flush()
  }
  w.close(']')
  w.close('}')

  if (!gateway) for (const dump of ecdsDumps(mesh)) w.value(undefined, dump)

  w.open(undefined, '{')
  w.value('@type', TYPE.endpointsDump)
  w.value(
    'static_endpoint_configs',
    staticClusters(true).map((c) => ({endpoint_config: staticLoadAssignment(c)})),
  )
  w.open('dynamic_endpoint_configs', '[')
  for (const s of specials) {
    w.value(undefined, {endpoint_config: loadAssignment(s.name, s.pods, null, s.port)})
  }
  for (const svc of mesh.services) {
    for (const c of serviceClusters(svc)) {
      w.value(undefined, {endpoint_config: loadAssignment(c.name, clusterPods(c), svc, c.port.targetPort)})
    }
    await w.flush()
  }
  w.close(']')
  w.close('}')

  w.open(undefined, '{')
  w.value('@type', TYPE.listenersDump)
  w.value('version_info', clock.version)
  w.value(
    'static_listeners',
    staticListeners(true).map((listener) => ({listener, last_updated: clock.at(14)})),
  )
  w.open('dynamic_listeners', '[')
  const listenerEntry = (listener) => ({name: listener.name, active_state: dynamic('listener', listener)})
  if (gateway) {
    for (const l of gatewayListeners(mesh)) w.value(undefined, listenerEntry(l))
  } else {
    for (const entry of mesh.ipListeners) {
      w.value(undefined, listenerEntry(ipListener(entry)))
      await w.flush()
    }
    for (const entry of mesh.shared) {
      w.value(undefined, listenerEntry(sharedListener(mesh, entry)))
      await w.flush()
    }
    w.value(undefined, listenerEntry(virtualOutbound()))
    w.value(undefined, listenerEntry(virtualInbound(mesh)))
  }
  w.close(']')
  w.close('}')

  w.value(undefined, {'@type': TYPE.scopedRoutesDump})

  w.open(undefined, '{')
  w.value('@type', TYPE.routesDump)
  const statics = staticListeners(true).map((l) => l.filter_chains[0].filters[0].typed_config.route_config)
  if (!gateway) {
    // One copy per HCM that carries it: the TLS and the plaintext chain each have one.
    const {passthrough, perPort} = inboundRouteConfigs(mesh)
    statics.push(passthrough, passthrough, ...perPort.flatMap((r) => [r, r]))
  }
  w.value(
    'static_route_configs',
    statics.map((rc) => ({route_config: {'@type': TYPE.routeConfig, ...rc}, last_updated: clock.at(15)})),
  )
  w.open('dynamic_route_configs', '[')
  if (gateway) await writeGatewayRoutes(w, mesh)
  else await writeSidecarRoutes(w, mesh)
  w.close(']')
  w.close('}')

  w.value(undefined, secrets(mesh))
  w.close(']')
  w.close('}')
}

// A route config can hold thousands of virtual hosts, so it is streamed host by host.
async function writeRouteConfig(w, mesh, name, hosts, tail) {
  w.open(undefined, '{')
  w.value('version_info', mesh.clock.version)
  w.open('route_config', '{')
  w.value('@type', TYPE.routeConfig)
  w.value('name', name)
  w.open('virtual_hosts', '[')
  for (const host of hosts) {
    if (!host) continue
    w.value(undefined, host)
    await w.flush()
  }
  w.close(']')
  for (const [key, value] of Object.entries(tail)) w.value(key, value)
  w.close('}')
  w.value('last_updated', mesh.clock.next())
  w.close('}')
}

async function writeSidecarRoutes(w, mesh) {
  const proxyNs = mesh.proxy.ns
  for (const entry of mesh.shared) {
    if (!entry.http.length) continue
    function* hosts() {
      for (const svc of entry.http) yield virtualHost(svc, entry.port, proxyNs)
      yield ALLOW_ANY
    }
    await writeRouteConfig(w, mesh, String(entry.port), hosts(), {validate_clusters: false, ignore_port_in_host_matching: true})
  }
}

async function writeGatewayRoutes(w, mesh) {
  const tail = {validate_clusters: false, max_direct_response_body_size_bytes: 1048576, ignore_port_in_host_matching: true}
  function* httpHosts() {
    yield gatewayVirtualHost('bookinfo.example.com', 80, bookinfoGatewayRoutes())
    yield gatewayVirtualHost('legacy.example.com', 80, [
      {
        match: {prefix: '/'},
        redirect: {https_redirect: true},
        metadata: {filter_metadata: {istio: {config: istioConfig('virtual-service', 'default', 'legacy-shop')}}},
        name: 'default.legacy-shop.redirect',
      },
    ])
    for (const svc of mesh.services.slice(mesh.builtinCount)) yield gatewayServiceHost(svc)
  }
  await writeRouteConfig(w, mesh, 'http.8080', httpHosts(), tail)
  for (const g of GATEWAY_HTTPS_ROUTES) {
    const routes =
      g.host === 'bookinfo.example.com'
        ? bookinfoGatewayRoutes()
        : [
            {
              match: {prefix: '/'},
              route: routeAction('outbound|9080||productpage.default.svc.cluster.local'),
              metadata: {filter_metadata: {istio: {config: istioConfig('virtual-service', 'default', 'legacy-shop')}}},
              decorator: {operation: 'productpage.default.svc.cluster.local:9080/*'},
              name: 'default.legacy-shop.0',
            },
          ]
    await writeRouteConfig(w, mesh, g.route, [gatewayVirtualHost(g.host, 443, routes)], tail)
  }
}

// ---------------------------------------------------------------------------
// /clusters?format=json (admin.v3.Clusters)

const ENVOY_DEFAULT_LIMITS = {max_connections: 1024, max_pending_requests: 1024, max_requests: 1024, max_retries: 3}

// Envoy reports both priorities; whatever the cluster leaves unset shows Envoy's defaults.
function breakers(configured = []) {
  const limits = (priority) => {
    const t = {...ENVOY_DEFAULT_LIMITS, ...configured.find((x) => (x.priority ?? 'DEFAULT') === priority)}
    const out = priority === 'HIGH' ? {priority} : {}
    return Object.assign(out, {
      max_connections: t.max_connections,
      max_pending_requests: t.max_pending_requests,
      max_requests: t.max_requests,
      max_retries: t.max_retries,
    })
  }
  return {thresholds: [limits('DEFAULT'), limits('HIGH')]}
}

// Counters with value 0 print only their name: proto3 JSON drops zero uint64s.
function hostStats(rng, pod) {
  const total = pod.health === 'HEALTHY' ? rng.int(5000) : rng.int(20)
  const failed = rng() < 0.1 ? 1 + rng.int(5) : 0
  const errors = Math.floor(total * rng() * 0.02)
  const counter = (name, value) => (value ? {value: String(value), name} : {name})
  const gauge = (name, value) => (value ? {type: 'GAUGE', value: String(value), name} : {type: 'GAUGE', name})
  return [
    counter('cx_connect_fail', failed),
    counter('cx_total', total ? 1 + rng.int(Math.max(1, total >> 4)) : 0),
    counter('rq_error', errors),
    counter('rq_success', total - errors),
    counter('rq_timeout', errors ? rng.int(errors) : 0),
    counter('rq_total', total),
    gauge('cx_active', total ? rng.int(4) : 0),
    gauge('rq_active', total ? rng.int(3) : 0),
  ]
}

function hostStatus(rng, pod, port, hostname) {
  const health = pod.outlier ? {failed_outlier_check: true, eds_health_status: pod.health} : {eds_health_status: pod.health}
  const status = {address: socketAddress(pod.ip, port), stats: hostStats(rng, pod), health_status: health, weight: 1}
  if (hostname) status.hostname = hostname
  status.locality = pod.locality
  return status
}

async function writeClusters(w, mesh) {
  const rng = mulberry32(hashSeed(mesh.proxySha, 'stats'))
  w.open(undefined, '{')
  w.open('cluster_statuses', '[')
  for (const cluster of staticClusters(false)) {
    const lb = cluster.load_assignment.endpoints[0].lb_endpoints[0]
    const address = lb.endpoint.address
    const pod = {health: 'HEALTHY', outlier: false}
    w.value(undefined, {
      name: cluster.name,
      host_statuses: [{address, stats: hostStats(rng, pod), health_status: {eds_health_status: 'HEALTHY'}, weight: 1, locality: {}}],
      circuit_breakers: breakers(cluster.circuit_breakers?.thresholds),
      observability_name: cluster.name,
    })
  }
  for (const s of specialClusters(mesh)) {
    const status = {name: s.name, added_via_api: true}
    if (s.pods.length) status.host_statuses = s.pods.map((p) => hostStatus(rng, p, s.port))
    status.circuit_breakers = breakers(s.resource.circuit_breakers?.thresholds)
    status.observability_name = s.name
    w.value(undefined, status)
  }
  for (const svc of mesh.services) {
    for (const c of serviceClusters(svc)) {
      const pods = clusterPods(c)
      const status = {name: c.name, added_via_api: true}
      if (pods.length) status.host_statuses = pods.map((p) => hostStatus(rng, p, c.port.targetPort, svc.external ? svc.host : ''))
      status.circuit_breakers = breakers([thresholds(svc.dr)])
      status.observability_name = c.name
      if (!svc.external) status.eds_service_name = c.name
      w.value(undefined, status)
    }
    await w.flush()
  }
  w.close(']')
  w.close('}')
}

// ---------------------------------------------------------------------------

async function main() {
  const opts = parseOptions(process.argv.slice(2))
  if (opts.help) {
    process.stdout.write(HELP)
    return
  }
  const started = process.hrtime.bigint()
  const out = opts.out ? createWriteStream(opts.out) : process.stdout
  // A reader that stops early (`| head`) is not an error worth a stack trace.
  out.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error
    process.exit(0)
  })
  const w = new JsonStreamWriter(out, opts.indent)
  const mesh = buildMesh(opts)
  if (opts.clustersJson) await writeClusters(w, mesh)
  else await writeConfigDump(w, mesh)
  await w.end()
  if (opts.out) {
    out.end()
    await once(out, 'finish')
  }
  if (opts.stats) {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    const mb = w.bytes / 1e6
    process.stderr.write(
      `gen-dump: ${mb.toFixed(1)} MB in ${seconds.toFixed(2)} s (${(mb / seconds).toFixed(1)} MB/s), ` + `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`,
    )
  }
}

await main()
