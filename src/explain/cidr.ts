import {int, str} from '../model/raw.js'

/** An IP address as bytes (4 for IPv4, 16 for IPv6); undefined for anything else. */
export function parseIp(text: string): Uint8Array | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text)
  if (v4) {
    const bytes = v4.slice(1).map(Number)
    return bytes.every((b) => b <= 255) ? Uint8Array.from(bytes) : undefined
  }
  return parseIpv6(text)
}

function parseIpv6(text: string): Uint8Array | undefined {
  if (!text.includes(':')) return undefined
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const groups = (part: string): number[] | undefined => {
    if (part === '') return []
    const out: number[] = []
    for (const g of part.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined
      out.push(Number.parseInt(g, 16))
    }
    return out
  }
  const head = groups(halves[0])
  const tail = halves.length === 2 ? groups(halves[1]) : []
  if (!head || !tail) return undefined
  const missing = 8 - head.length - tail.length
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined
  const all = [...head, ...new Array(halves.length === 2 ? missing : 0).fill(0), ...tail]
  const bytes = new Uint8Array(16)
  all.forEach((g, i) => {
    bytes[2 * i] = g >> 8
    bytes[2 * i + 1] = g & 0xff
  })
  return bytes
}

/** Whether `ip` lies in `prefix/len` (same address family only). */
export function inPrefix(ip: string, prefix: string, len: number): boolean {
  const a = parseIp(ip)
  const b = parseIp(prefix)
  if (!a || !b || a.length !== b.length) return false
  const bits = Math.max(0, Math.min(len, a.length * 8))
  for (let i = 0; i < bits; i++) {
    const mask = 0x80 >> (i % 8)
    if ((a[i >> 3] & mask) !== (b[i >> 3] & mask)) return false
  }
  return true
}

/** A `core.v3.CidrRange` as `prefix/len`. */
export interface Cidr {
  prefix: string
  len: number
}

export function parseCidrRange(raw: unknown): Cidr {
  const prefix = str(raw, 'address_prefix')
  const given = int(raw, 'prefix_len')
  // An unset prefix_len means a host route, as Envoy reads it.
  const hasLen = typeof raw === 'object' && raw !== null && ('prefix_len' in raw || 'prefixLen' in raw)
  return {prefix, len: hasLen ? given : (parseIp(prefix)?.length ?? 4) * 8}
}

/** `10.0.0.0/8` or a bare address (a host route). */
export function parseCidrText(text: string): Cidr | undefined {
  const [prefix, len] = text.trim().split('/')
  const ip = parseIp(prefix)
  if (!ip) return undefined
  const bits = len === undefined ? ip.length * 8 : Number(len)
  if (!Number.isInteger(bits) || bits < 0 || bits > ip.length * 8) return undefined
  return {prefix, len: bits}
}

export function describeCidr(c: Cidr): string {
  return `${c.prefix}/${c.len}`
}

export function isLoopback(ip: string): boolean {
  return inPrefix(ip, '127.0.0.0', 8) || ip === '::1'
}

export function isAnyAddress(ip: string): boolean {
  return ip === '0.0.0.0' || ip === '::'
}
