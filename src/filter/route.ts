import {sortSlice} from '../core/gosort.js'
import type {RouteConfiguration} from '../model/route.js'

/** `--name` is an exact, case-sensitive match on the route configuration name. */
export function filterRoutes(configs: readonly RouteConfiguration[], name?: string): RouteConfiguration[] {
  return name ? configs.filter((c) => c.name === name) : [...configs]
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** Go's strconv.Atoi on a 64-bit machine: optional sign, decimal digits, in int64 range. */
function goAtoi(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined
  const n = BigInt(s)
  return n < INT64_MIN || n > INT64_MAX ? undefined : n
}

/**
 * istioctl orders route configs numerically when both names are integers and calls
 * every other pair "not less". That is no ordering at all, so where named configs
 * end up is whatever Go's sort.Slice does with it; we run the same algorithm.
 */
export function sortRoutes(configs: readonly RouteConfiguration[]): RouteConfiguration[] {
  const keyed = configs.map((c) => ({c, n: goAtoi(c.name)}))
  sortSlice(keyed, (a, b) => a.n !== undefined && b.n !== undefined && a.n < b.n)
  return keyed.map((k) => k.c)
}
