import {cmp, sortSlice} from '../core/gosort.js'
import type {Listener} from '../model/listener.js'

export interface ListenerFilter {
  address?: string
  /** 0 means "any port". */
  port?: number
  type?: string
}

/** HTTP, TCP, HTTP+TCP or UNKNOWN, from the network filters of every chain (BlackHole TCP proxies do not count). */
export function listenerType(l: Listener): string {
  let http = 0
  let tcp = 0
  for (const chain of l.filterChains) {
    for (const f of chain.filters) {
      if (f.kind === 'hcm') http++
      else if (f.kind === 'tcp' && !f.toBlackHole) tcp++
    }
  }
  if (http > 0) return tcp > 0 ? 'HTTP+TCP' : 'HTTP'
  return tcp > 0 ? 'TCP' : 'UNKNOWN'
}

export function matchesListener(l: Listener, f: ListenerFilter): boolean {
  if (f.address) {
    const want = f.address.toLowerCase()
    if (![l.address, ...l.additionalAddresses].some((a) => a.toLowerCase() === want)) return false
  }
  if (f.port && l.port !== f.port) return false
  if (f.type && listenerType(l).toLowerCase() !== f.type.toLowerCase()) return false
  return true
}

export function filterListeners(listeners: readonly Listener[], f: ListenerFilter): Listener[] {
  return listeners.filter((l) => matchesListener(l, f))
}

/** Port, then address, then type; ties land where Go's sort.Slice puts them. */
export function sortListeners(listeners: readonly Listener[]): Listener[] {
  const keyed = listeners.map((l) => ({l, type: listenerType(l)}))
  sortSlice(keyed, (a, b) => (a.l.port - b.l.port || cmp(a.l.address, b.l.address) || cmp(a.type, b.type)) < 0)
  return keyed.map((k) => k.l)
}

/** istioctl's `--waypoint` order: internal listeners by name, the others as in the listener table. */
export function sortWaypointListeners(listeners: readonly Listener[]): Listener[] {
  const keyed = listeners.map((l) => ({l, type: listenerType(l)}))
  sortSlice(keyed, (a, b) => {
    if (a.l.internal && b.l.internal) return cmp(a.l.name, b.l.name) < 0
    return (a.l.port - b.l.port || cmp(a.l.address, b.l.address) || cmp(a.type, b.type)) < 0
  })
  return keyed.map((k) => k.l)
}
