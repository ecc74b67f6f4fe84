import {cmp} from '../core/gosort.js'
import {type Raw, field, isRaw, obj} from './raw.js'

/** The parts Istio encodes in a cluster name such as `outbound|9080|v1|reviews.default.svc.cluster.local`. */
export interface SubsetKey {
  direction: string
  port: number
  subset: string
  hostname: string
}

/** Istio names its service clusters with at least three `|` separators; anything else is a plain name. */
export function isSubsetKey(name: string): boolean {
  return name.split('|').length > 3
}

/**
 * Istio's own parser: DNS-SRV style names (`outbound_.80_._.host`) use `_.` as the
 * separator. A cut that fails leaves the remaining parts empty, and a hostname that
 * still holds a separator is not trusted.
 */
export function parseSubsetKey(name: string): SubsetKey {
  const sep = name.startsWith('outbound_') || name.startsWith('inbound_') ? '_.' : '|'
  const key: SubsetKey = {direction: '', port: 0, subset: '', hostname: ''}
  const parts = cutN(name, sep, 3)
  if (parts.length > 1) key.direction = parts[0]
  if (parts.length > 2) key.port = parseGoInt(parts[1])
  if (parts.length > 3) {
    key.subset = parts[2]
    if (!parts[3].includes(sep)) key.hostname = parts[3]
  }
  return key
}

/** Splits at the first `n` separators, keeping the rest whole. */
function cutN(s: string, sep: string, n: number): string[] {
  const out: string[] = []
  let rest = s
  for (let i = 0; i < n; i++) {
    const at = rest.indexOf(sep)
    if (at < 0) break
    out.push(rest.slice(0, at))
    rest = rest.slice(at + sep.length)
  }
  out.push(rest)
  return out
}

/** Decimal with optional sign, as Go's strconv.Atoi; anything else is 0. */
export function parseGoInt(s: string): number {
  return /^[+-]?\d+$/.test(s) ? Number(s) : 0
}

/** For sorting: plain names sort by their whole text in the hostname slot. */
export function safeSubsetKey(name: string): SubsetKey {
  return isSubsetKey(name) ? parseSubsetKey(name) : {direction: '', port: 0, subset: '', hostname: name}
}

export function compareSubsetKeys(a: SubsetKey, b: SubsetKey): number {
  return cmp(a.hostname, b.hostname) || cmp(a.subset, b.subset) || a.port - b.port || cmp(a.direction, b.direction)
}

const CONFIG_PREFIX = '/apis/networking.istio.io/'

/** The Istio object a resource was generated from: `/apis/<group>/<version>/namespaces/<ns>/<kind>/<name>`. */
export interface IstioConfigRef {
  group: string
  version: string
  namespace: string
  /** As Istio spells it in the path: `virtual-service`, `destination-rule` … */
  kind: string
  name: string
}

/** `metadata.filter_metadata.istio.config`: undefined when absent, '' when not a string. */
function istioConfigValue(metadata: Raw | undefined): string | undefined {
  const istio = obj(obj(metadata, 'filter_metadata'), 'istio')
  if (!isRaw(istio) || !('config' in istio)) return undefined
  const config = field(istio, 'config')
  return typeof config === 'string' ? config : ''
}

/** The Istio object named in a resource's metadata, when it is one Istio writes. */
export function istioConfigRef(metadata: Raw | undefined): IstioConfigRef | undefined {
  const value = istioConfigValue(metadata)
  if (value === undefined || !value.startsWith(CONFIG_PREFIX)) return undefined
  const parts = value.split('/')
  if (parts.length !== 8) return undefined
  return {group: parts[2], version: parts[3], namespace: parts[5], kind: parts[6], name: parts[7]}
}

/**
 * Which Istio object (DestinationRule, VirtualService) produced a resource, as
 * istioctl prints it: `<name>.<namespace>`, `<unknown>` for a foreign value, empty
 * when absent.
 */
export function istioConfigSource(metadata: Raw | undefined): string {
  const value = istioConfigValue(metadata)
  if (value === undefined) return ''
  if (!value.startsWith(CONFIG_PREFIX)) return '<unknown>'
  const ref = istioConfigRef(metadata)
  return ref ? `${ref.name}.${ref.namespace}` : ''
}
