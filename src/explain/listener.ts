import {type Raw, bool, int, list, obj, str} from '../model/raw.js'
import {isAnyAddress} from './cidr.js'
import type {ProxyResources} from './resources.js'
import type {RejectedConfig} from '../catalog/rejected.js'
import type {Rejected, Step} from './types.js'

export interface SocketAddress {
  ip: string
  port: number
}

/** The primary and additional addresses a listener is bound to. */
export function listenerAddresses(l: Raw): SocketAddress[] {
  const socket = (a: unknown): SocketAddress | undefined => {
    const s = obj(a, 'socket_address')
    return s ? {ip: str(s, 'address'), port: int(s, 'port_value')} : undefined
  }
  return [socket(obj(l, 'address')), ...list(l, 'additional_addresses').map((a) => socket(obj(a, 'address')))].filter((a): a is SocketAddress => a !== undefined)
}

export function listenerName(l: Raw): string {
  const name = str(l, 'name')
  if (name !== '') return name
  const [a] = listenerAddresses(l)
  return a ? `${a.ip}_${a.port}` : '(unnamed)'
}

function describeAddresses(l: Raw): string {
  return listenerAddresses(l)
    .map((a) => (a.ip.includes(':') ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`))
    .join(', ')
}

export interface ListenerChoice {
  step: Step
  listener?: Raw
}

/** The listener iptables redirects to: the one bound to that port (virtualOutbound 15001, virtualInbound 15006). */
export function findCaptureListener(res: ProxyResources, port: number): Raw | undefined {
  return res.listeners.find((l) => listenerAddresses(l).some((a) => a.port === port && isAnyAddress(a.ip)))
}

/** Whether this proxy captures traffic at all; gateways bind their ports directly. */
export function hasCaptureListeners(res: ProxyResources, outboundPort: number, inboundPort: number): boolean {
  const named = (n: string) => res.listeners.some((l) => str(l, 'name') === n) || res.errors.listeners.has(n)
  return named('virtualOutbound') || named('virtualInbound') || findCaptureListener(res, outboundPort) !== undefined || findCaptureListener(res, inboundPort) !== undefined
}

/**
 * The listener bound to ip:port, else the one bound to the any-address on that
 * port: how Envoy finds the listener for an original destination (use_original_dst)
 * and how a connection to a bound port finds its listener.
 */
export function listenerFor(res: ProxyResources, ip: string | undefined, port: number, except?: Raw): {listener?: Raw; rejected: Rejected[]; how: string} {
  const samePort = res.listeners.filter((l) => l !== except && listenerAddresses(l).some((a) => a.port === port))
  const exact = ip === undefined ? undefined : samePort.find((l) => listenerAddresses(l).some((a) => a.port === port && a.ip === ip))
  const wildcard = samePort.find((l) => listenerAddresses(l).some((a) => a.port === port && isAnyAddress(a.ip)))
  const chosen = exact ?? wildcard
  const rejected: Rejected[] = []
  for (const l of samePort) {
    if (l === chosen) continue
    const bound = describeAddresses(l)
    if (l === wildcard) rejected.push({name: listenerName(l), reason: `bound to ${bound}; the listener bound to the exact address ${ip}:${port} is preferred`})
    else rejected.push({name: listenerName(l), reason: ip === undefined ? `bound to ${bound}; the destination IP is unknown (give --dest-ip)` : `bound to ${bound}, not ${ip}`})
  }
  const how = exact
    ? `bound to the destination ${ip}:${port} exactly`
    : wildcard
      ? `bound to ${describeAddresses(wildcard)}, the any-address on port ${port}${ip === undefined ? '' : ` (no listener is bound to ${ip}:${port})`}`
      : ''
  return {listener: chosen, rejected, how}
}

/** Rejected listeners that would have taken this connection: `ip_port` or `0.0.0.0_port`. */
export function rejectedListeners(res: ProxyResources, names: readonly string[]): RejectedConfig[] | undefined {
  const found = names.map((n) => res.errors.listeners.get(n)).filter((e): e is RejectedConfig => e !== undefined)
  return found.length > 0 ? found : undefined
}

export interface ListenerQuestion {
  direction: 'outbound' | 'inbound'
  destIp?: string
  destPort: number
  /** Port iptables redirects to; undefined when the proxy does not capture (a gateway). */
  capturePort?: number
}

/** Step 2: which listener takes the connection. */
export function selectListener(res: ProxyResources, q: ListenerQuestion): ListenerChoice {
  const candidates = [`${q.destIp ?? ''}_${q.destPort}`, `0.0.0.0_${q.destPort}`]
  if (q.capturePort === undefined) {
    const {listener, rejected, how} = listenerFor(res, q.destIp, q.destPort)
    const rejectedConfig = rejectedListeners(res, candidates)
    if (!listener) {
      const ports = [...new Set(res.listeners.flatMap((l) => listenerAddresses(l).map((a) => a.port)))].sort((a, b) => a - b)
      return {
        step: {
          chosen: null,
          reason: `no listener is bound to port ${q.destPort}; this proxy listens on ${ports.join(', ') || 'nothing'} (a Service may map its port to one of these)`,
          rejected,
          rejectedConfig,
        },
      }
    }
    return {
      step: {chosen: listenerName(listener), reason: `the connection arrives at the listener ${how}`, rejected, rejectedConfig, details: {address: describeAddresses(listener)}},
      listener,
    }
  }
  const virtualName = q.direction === 'outbound' ? 'virtualOutbound' : 'virtualInbound'
  const virtual = findCaptureListener(res, q.capturePort)
  if (!virtual) {
    const rejectedConfig = rejectedListeners(res, [virtualName])
    const why = rejectedConfig ? `Envoy rejected ${virtualName}` : `no listener is bound to port ${q.capturePort}`
    return {step: {chosen: null, reason: `${why}: iptables redirects to ${q.capturePort} but nothing accepts the connection there, so it is refused`, rejected: [], rejectedConfig}}
  }
  const name = listenerName(virtual)
  if (!bool(virtual, 'use_original_dst')) {
    return {
      step: {
        chosen: name,
        reason: `iptables redirected the connection to ${name} on ${q.capturePort}; it does not hand off (use_original_dst unset), so its own filter chains decide`,
        rejected: [],
        details: {address: describeAddresses(virtual)},
      },
      listener: virtual,
    }
  }
  const {listener, rejected, how} = listenerFor(res, q.destIp, q.destPort, virtual)
  const rejectedConfig = rejectedListeners(res, candidates)
  if (!listener) {
    return {
      step: {
        chosen: name,
        reason: `${name} (use_original_dst) looks for a listener for the original destination port ${q.destPort}; there is none, so ${name}'s own filter chains decide`,
        rejected,
        rejectedConfig,
        details: {address: describeAddresses(virtual)},
      },
      listener: virtual,
    }
  }
  return {
    step: {
      chosen: listenerName(listener),
      reason: `${name} on ${q.capturePort} (use_original_dst) hands the connection to the listener for its original destination: ${how}`,
      rejected,
      rejectedConfig,
      details: {address: describeAddresses(listener), handedOffBy: name},
    },
    listener,
  }
}
