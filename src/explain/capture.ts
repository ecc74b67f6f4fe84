import type {V1Pod} from '@kubernetes/client-node'

import {type Cidr, describeCidr, inPrefix, isLoopback, parseCidrText} from './cidr.js'
import type {Step} from './types.js'

/**
 * How a sidecar pod's iptables rules redirect traffic, as `istio-iptables` takes
 * them. `'*'` stands for "all" where istio-iptables accepts it.
 */
export interface CaptureSettings {
  /** Where the settings were read: Istio's defaults, the istio-init arguments, or the pod's annotations (istio-cni). */
  origin: 'defaults' | 'istio-init' | 'annotations'
  outboundPort: number
  inboundPort: number
  proxyUid: string
  mode: string
  includeOutboundCidrs: '*' | Cidr[]
  excludeOutboundCidrs: Cidr[]
  includeOutboundPorts: number[]
  excludeOutboundPorts: number[]
  includeInboundPorts: '*' | number[]
  excludeInboundPorts: number[]
}

/** What an injected pod gets when nothing is customised. */
export function istioDefaults(): CaptureSettings {
  return {
    origin: 'defaults',
    outboundPort: 15001,
    inboundPort: 15006,
    proxyUid: '1337',
    mode: 'REDIRECT',
    includeOutboundCidrs: '*',
    excludeOutboundCidrs: [],
    includeOutboundPorts: [],
    excludeOutboundPorts: [],
    includeInboundPorts: '*',
    excludeInboundPorts: [15090, 15021, 15020],
  }
}

/** istio-iptables flags, short and long spellings, to the setting each one sets. */
const FLAGS: Record<string, keyof typeof APPLY> = {
  '-p': 'outboundPort',
  '--envoy-port': 'outboundPort',
  '-z': 'inboundPort',
  '--inbound-capture-port': 'inboundPort',
  '-u': 'proxyUid',
  '--proxy-uid': 'proxyUid',
  '-m': 'mode',
  '--istio-inbound-interception-mode': 'mode',
  '-i': 'includeOutboundCidrs',
  '--istio-service-cidr': 'includeOutboundCidrs',
  '-x': 'excludeOutboundCidrs',
  '--istio-service-exclude-cidr': 'excludeOutboundCidrs',
  '-b': 'includeInboundPorts',
  '--istio-inbound-ports': 'includeInboundPorts',
  '-d': 'excludeInboundPorts',
  '--istio-local-exclude-ports': 'excludeInboundPorts',
  '-o': 'excludeOutboundPorts',
  '--istio-local-outbound-ports-exclude': 'excludeOutboundPorts',
  '-q': 'includeOutboundPorts',
  '--istio-included-outbound-ports': 'includeOutboundPorts',
}

const APPLY = {
  outboundPort: (s: CaptureSettings, v: string) => {
    s.outboundPort = Number(v) || s.outboundPort
  },
  inboundPort: (s: CaptureSettings, v: string) => {
    s.inboundPort = Number(v) || s.inboundPort
  },
  proxyUid: (s: CaptureSettings, v: string) => {
    s.proxyUid = v
  },
  mode: (s: CaptureSettings, v: string) => {
    s.mode = v
  },
  includeOutboundCidrs: (s: CaptureSettings, v: string) => {
    s.includeOutboundCidrs = v.trim() === '*' ? '*' : cidrs(v)
  },
  excludeOutboundCidrs: (s: CaptureSettings, v: string) => {
    s.excludeOutboundCidrs = cidrs(v)
  },
  includeInboundPorts: (s: CaptureSettings, v: string) => {
    s.includeInboundPorts = v.trim() === '*' ? '*' : ports(v)
  },
  excludeInboundPorts: (s: CaptureSettings, v: string) => {
    s.excludeInboundPorts = ports(v)
  },
  excludeOutboundPorts: (s: CaptureSettings, v: string) => {
    s.excludeOutboundPorts = ports(v)
  },
  includeOutboundPorts: (s: CaptureSettings, v: string) => {
    s.includeOutboundPorts = ports(v)
  },
}

function unquote(v: string): string {
  return v.replace(/^(['"])(.*)\1$/, '$2')
}

function cidrs(v: string): Cidr[] {
  return unquote(v)
    .split(',')
    .map(parseCidrText)
    .filter((c): c is Cidr => c !== undefined)
}

function ports(v: string): number[] {
  return unquote(v)
    .split(',')
    .map((p) => Number(p.trim()))
    .filter((p) => Number.isInteger(p) && p > 0 && p < 65536)
}

/** Settings from istio-iptables arguments (`-p 15001 -z 15006 …`, `--flag=value` too). */
export function parseIstioIptablesArgs(args: readonly string[]): CaptureSettings {
  const s = istioDefaults()
  s.origin = 'istio-init'
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1
    const flag = eq > 0 ? arg.slice(0, eq) : arg
    const setting = FLAGS[flag]
    if (setting === undefined) continue
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i]
    if (value !== undefined) APPLY[setting](s, unquote(value))
  }
  return s
}

const ANNOTATIONS: Record<string, keyof typeof APPLY> = {
  'traffic.sidecar.istio.io/includeOutboundIPRanges': 'includeOutboundCidrs',
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': 'excludeOutboundCidrs',
  'traffic.sidecar.istio.io/includeInboundPorts': 'includeInboundPorts',
  'traffic.sidecar.istio.io/excludeInboundPorts': 'excludeInboundPorts',
  'traffic.sidecar.istio.io/excludeOutboundPorts': 'excludeOutboundPorts',
  'traffic.sidecar.istio.io/includeOutboundPorts': 'includeOutboundPorts',
  'sidecar.istio.io/interceptionMode': 'mode',
}

/**
 * The capture settings of a pod object (as the Kubernetes API returns it): the
 * istio-init container's istio-iptables arguments when there is one, else (the
 * istio-cni plugin) the `traffic.sidecar.istio.io/*` annotations over the defaults.
 * Undefined when the pod has neither an istio-init container nor a sidecar.
 */
export function captureFromPod(pod: V1Pod): CaptureSettings | undefined {
  const init = pod.spec?.initContainers?.find((c) => c.name === 'istio-init')
  if (init) return parseIstioIptablesArgs([...(init.command ?? []), ...(init.args ?? [])])
  const annotations = pod.metadata?.annotations ?? {}
  // The proxy runs as a container, or as a native sidecar (an init container that keeps running).
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]
  const injected = containers.some((c) => c.name === 'istio-proxy') || annotations['sidecar.istio.io/status'] !== undefined
  if (!injected) return undefined
  const s = istioDefaults()
  s.origin = 'annotations'
  for (const [key, setting] of Object.entries(ANNOTATIONS)) {
    const value = annotations[key]
    if (typeof value === 'string') APPLY[setting](s, value)
  }
  // Istio's injector excludes its own ports whatever the annotation says.
  if (typeof annotations['traffic.sidecar.istio.io/excludeInboundPorts'] === 'string') {
    s.excludeInboundPorts = [...new Set([...s.excludeInboundPorts, ...istioDefaults().excludeInboundPorts])]
  }
  return s
}

export interface CaptureQuestion {
  direction: 'outbound' | 'inbound'
  destIp?: string
  destPort: number
}

const ORIGINS: Record<CaptureSettings['origin'], string> = {
  defaults: "Istio's default iptables rules assumed (no pod spec read)",
  'istio-init': "from the istio-init container's istio-iptables arguments",
  annotations: 'from the traffic.sidecar.istio.io annotations (istio-cni)',
}

/** Whether iptables sends this connection to Envoy, and the rule that decides it. */
export function decideCapture(s: CaptureSettings, q: CaptureQuestion): Step {
  const details: Record<string, unknown> = {settings: ORIGINS[s.origin], mode: s.mode, proxyUid: s.proxyUid}
  const not = (reason: string): Step => ({chosen: null, reason, rejected: [], details})
  if (q.direction === 'inbound') {
    details.port = s.inboundPort
    if (s.excludeInboundPorts.includes(q.destPort)) return not(`inbound port ${q.destPort} is excluded from capture (-d ${s.excludeInboundPorts.join(',')})`)
    if (s.includeInboundPorts !== '*' && !s.includeInboundPorts.includes(q.destPort)) {
      return not(`inbound port ${q.destPort} is not among the captured ports (-b ${s.includeInboundPorts.join(',') || "''"})`)
    }
    const which = s.includeInboundPorts === '*' ? 'all inbound ports are captured (-b *)' : `port ${q.destPort} is captured (-b ${s.includeInboundPorts.join(',')})`
    return {chosen: `redirect to ${s.inboundPort}`, reason: `${which}; iptables (${s.mode}) sends the connection to virtualInbound on ${s.inboundPort}`, rejected: [], details}
  }
  details.port = s.outboundPort
  const to = `iptables sends the connection to virtualOutbound on ${s.outboundPort}`
  const uid = `the application's traffic (any UID but ${s.proxyUid}, the proxy's own) is captured`
  if (s.excludeOutboundPorts.includes(q.destPort)) return not(`outbound port ${q.destPort} is excluded from capture (-o ${s.excludeOutboundPorts.join(',')})`)
  if (s.includeOutboundPorts.includes(q.destPort))
    return {chosen: `redirect to ${s.outboundPort}`, reason: `outbound port ${q.destPort} is captured whatever the address (-q); ${to}`, rejected: [], details}
  if (q.destIp === undefined) {
    if (s.includeOutboundCidrs !== '*' || s.excludeOutboundCidrs.length > 0)
      details.unknownDestination = 'the destination IP is unknown, so the CIDR rules could not be checked; give --dest-ip'
    return {chosen: `redirect to ${s.outboundPort}`, reason: `${uid}; ${to}`, rejected: [], details}
  }
  const ip = q.destIp
  if (isLoopback(ip)) return not(`${ip} is a loopback address: iptables leaves traffic to localhost alone`)
  const excluded = s.excludeOutboundCidrs.find((c) => inPrefix(ip, c.prefix, c.len))
  if (excluded) return not(`${ip} is in the excluded range ${describeCidr(excluded)} (-x)`)
  if (s.includeOutboundCidrs !== '*') {
    const included = s.includeOutboundCidrs.find((c) => inPrefix(ip, c.prefix, c.len))
    if (!included) return not(`${ip} is outside the captured ranges ${s.includeOutboundCidrs.map(describeCidr).join(',') || "''"} (-i): it goes straight out`)
    return {chosen: `redirect to ${s.outboundPort}`, reason: `${ip} is in the captured range ${describeCidr(included)} (-i); ${to}`, rejected: [], details}
  }
  return {chosen: `redirect to ${s.outboundPort}`, reason: `${uid}, to every address (-i *); ${to}`, rejected: [], details}
}
