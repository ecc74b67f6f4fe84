import type {RouteConfiguration} from '../model/route.js'

/** `--name` is an exact, case-sensitive match on the route configuration name. */
export function filterRoutes(configs: readonly RouteConfiguration[], name?: string): RouteConfiguration[] {
  return name ? configs.filter((c) => c.name === name) : [...configs]
}

const INTEGER = /^[+-]?\d+$/

/**
 * istioctl orders route configs numerically when both names are port numbers and
 * leaves other pairs unordered. With an insertion sort that means: named configs
 * stay where they are and act as barriers, and each run of numeric names between
 * them is sorted ascending. We apply that rule at every size, so output is stable.
 */
export function sortRoutes(configs: readonly RouteConfiguration[]): RouteConfiguration[] {
  const out: RouteConfiguration[] = []
  let run: RouteConfiguration[] = []
  const flush = (): void => {
    run.sort((a, b) => Number(a.name) - Number(b.name))
    out.push(...run)
    run = []
  }
  for (const c of configs) {
    if (INTEGER.test(c.name)) {
      run.push(c)
    } else {
      flush()
      out.push(c)
    }
  }
  flush()
  return out
}
