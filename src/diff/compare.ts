import {cmp} from '../core/gosort.js'
import {type KeyOf, describeValue, isObject, listRule} from './lists.js'

/**
 * One difference inside a resource, at a path such as
 * `virtualHosts["reviews:9080"].routes["default"].route.timeout`: `["…"]` picks a
 * list item by its key, `[3]` by its position, and a map key that is not a plain
 * word is quoted the same way. `left` is the value in the first dump, `right` in
 * the second.
 */
export type FieldChange =
  /** `position` is where the item sits when its list is ordered. */
  | {path: string; change: 'added'; right: unknown; position?: number}
  | {path: string; change: 'removed'; left: unknown}
  | {path: string; change: 'changed'; left: unknown; right: unknown}
  /** An ordered list whose shared items come in another order; the values are their keys. */
  | {path: string; change: 'reordered'; left: string[]; right: string[]}

/** Bookkeeping of the xDS transport, not configuration: two identical proxies differ in them. */
export const IGNORED = new Set(['versionInfo', 'version_info', 'lastUpdated', 'last_updated'])

/** Envoy nests at most 100 levels; below this, subtrees are compared whole. */
const MAX_DEPTH = 300

/** What differs between two resources in canonical proto JSON, in a stable order. */
export function compare(left: unknown, right: unknown): FieldChange[] {
  const out: FieldChange[] = []
  if (JSON.stringify(left) !== JSON.stringify(right)) walk(left, right, '', undefined, out, 0)
  return out
}

function walk(a: unknown, b: unknown, path: string, field: string | undefined, out: FieldChange[], depth: number): void {
  if (a === b) return
  if (depth > MAX_DEPTH) {
    if (canonicalJson(a) !== canonicalJson(b)) out.push({path, change: 'changed', left: a, right: b})
    return
  }
  if (Array.isArray(a) && Array.isArray(b)) return compareLists(a, b, path, field, out, depth)
  if (isObject(a) && isObject(b)) return compareObjects(a, b, path, out, depth)
  out.push({path, change: 'changed', left: a, right: b})
}

function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>, path: string, out: FieldChange[], depth: number): void {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !IGNORED.has(k)).sort(cmp)
  for (const key of keys) {
    const at = memberPath(path, key)
    if (!(key in b)) out.push({path: at, change: 'removed', left: a[key]})
    else if (!(key in a)) out.push({path: at, change: 'added', right: b[key]})
    else walk(a[key], b[key], at, key, out, depth + 1)
  }
}

function compareLists(a: unknown[], b: unknown[], path: string, field: string | undefined, out: FieldChange[], depth: number): void {
  const rule = listRule(field)
  if (rule.kind === 'set') return compareSets(a, b, path, out)
  const key = rule.keys.find((k) => identifies(k, a) && identifies(k, b))
  if (key === undefined) return compareByPosition(a, b, path, out, depth)
  const left = new Map(a.map((item) => [key(item)!, item]))
  const right = new Map(b.map((item) => [key(item)!, item]))
  for (const k of [...new Set([...left.keys(), ...right.keys()])].sort(cmp)) {
    const at = `${path}[${JSON.stringify(k)}]`
    if (!right.has(k)) out.push({path: at, change: 'removed', left: left.get(k)})
    else if (!left.has(k)) out.push({path: at, change: 'added', right: right.get(k), ...(rule.ordered ? {position: b.indexOf(right.get(k))} : {})})
    else walk(left.get(k), right.get(k), at, undefined, out, depth + 1)
  }
  if (!rule.ordered) return
  const shared = (keys: Iterable<string>, other: Map<string, unknown>) => [...keys].filter((k) => other.has(k))
  const leftOrder = shared(left.keys(), right)
  const rightOrder = shared(right.keys(), left)
  if (leftOrder.some((k, i) => k !== rightOrder[i])) out.push({path, change: 'reordered', left: leftOrder, right: rightOrder})
}

/** A key fits a list when it names every item, each differently. */
export function identifies(key: KeyOf, items: readonly unknown[]): boolean {
  const seen = new Set<string>()
  for (const item of items) {
    const k = key(item)
    if (k === undefined || seen.has(k)) return false
    seen.add(k)
  }
  return true
}

function compareByPosition(a: unknown[], b: unknown[], path: string, out: FieldChange[], depth: number): void {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const at = `${path}[${i}]`
    if (i >= b.length) out.push({path: at, change: 'removed', left: a[i]})
    else if (i >= a.length) out.push({path: at, change: 'added', right: b[i], position: i})
    else walk(a[i], b[i], at, undefined, out, depth + 1)
  }
}

/** Multisets: each value on one side cancels one equal value on the other. */
function compareSets(a: unknown[], b: unknown[], path: string, out: FieldChange[]): void {
  const remaining = new Map<string, unknown[]>()
  for (const item of b) {
    const k = canonicalJson(item)
    remaining.set(k, [...(remaining.get(k) ?? []), item])
  }
  const removed: unknown[] = []
  for (const item of a) {
    const k = canonicalJson(item)
    const left = remaining.get(k)
    if (left && left.length > 0) left.pop()
    else removed.push(item)
  }
  const added = [...remaining.values()].flat()
  const entry = (item: unknown) => ({item, at: `${path}[${JSON.stringify(describeValue(item))}]`})
  const changes: FieldChange[] = [
    ...removed.map(entry).map(({item, at}): FieldChange => ({path: at, change: 'removed', left: item})),
    ...added.map(entry).map(({item, at}): FieldChange => ({path: at, change: 'added', right: item})),
  ]
  out.push(...changes.sort((x, y) => cmp(x.path, y.path)))
}

const WORD = /^[A-Za-z_][A-Za-z0-9_]*$/

function memberPath(path: string, key: string): string {
  if (!WORD.test(key)) return `${path}[${JSON.stringify(key)}]`
  return path === '' ? key : `${path}.${key}`
}

/** JSON with object members sorted, so equal values give equal text whatever their member order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => {
    if (!isObject(v)) return v
    return Object.fromEntries(
      Object.keys(v)
        .sort(cmp)
        .map((k) => [k, v[k]]),
    )
  })
}
