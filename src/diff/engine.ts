import {UserError} from '../core/errors.js'
import type {ConfigDump} from '../dump/configdump.js'
import {cmp} from '../core/gosort.js'
import {type FieldChange, compare} from './compare.js'
import {type Resource, type ResourceType, hasResources, readResources} from './resources.js'
import {type Selection, selectedTypes, selects} from './select.js'

/** One resource that is not the same on both sides. */
export interface ResourceDiff {
  type: ResourceType
  name: string
  change: 'added' | 'removed' | 'changed'
  /** For `changed`: what differs inside it. */
  fields: FieldChange[]
}

export interface DiffResult {
  differences: ResourceDiff[]
  /** Types left out because a side has no such section, said as warnings. */
  skipped: string[]
}

export interface DiffOptions extends Selection {
  /** Types the user asked for by name: a side without them is an error, not a note. */
  required: ReadonlySet<ResourceType>
}

/**
 * Compares two config dumps resource by resource, one type at a time, so only one
 * type's resources of both sides are held at once.
 */
export async function diffDumps(left: ConfigDump, right: ConfigDump, opts: DiffOptions): Promise<DiffResult> {
  const differences: ResourceDiff[] = []
  const skipped: string[] = []
  for (const type of selectedTypes(opts)) {
    const missing = [left, right].filter((d) => !hasResources(d, type))
    if (missing.length > 0) {
      const why = `${missing.map((d) => d.origin).join(' and ')} ${missing.length > 1 ? 'have' : 'has'} no ${type} section`
      if (opts.required.has(type)) throw new UserError(`cannot compare ${type}s: ${why}`)
      skipped.push(`${type}s not compared: ${why}`)
      continue
    }
    const keep = (r: Resource) => selects(type, r, opts)
    differences.push(...diffResources(type, (await readResources(left, type)).filter(keep), (await readResources(right, type)).filter(keep)))
  }
  return {differences, skipped}
}

/**
 * Pairs resources by name. Names are unique in a working Envoy, except for route
 * configs inlined in listeners (often unnamed): among resources sharing a name, equal
 * ones cancel out and the rest are paired in dump order.
 */
export function diffResources(type: ResourceType, left: readonly Resource[], right: readonly Resource[]): ResourceDiff[] {
  const byName = (list: readonly Resource[]) => {
    const groups = new Map<string, Resource[]>()
    for (const r of list) groups.set(r.name, [...(groups.get(r.name) ?? []), r])
    return groups
  }
  const l = byName(left)
  const r = byName(right)
  const out: ResourceDiff[] = []
  for (const name of [...new Set([...l.keys(), ...r.keys()])].sort(cmp)) {
    const [a, b] = withoutEqualPairs(l.get(name) ?? [], r.get(name) ?? [])
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= b.length) out.push({type, name, change: 'removed', fields: []})
      else if (i >= a.length) out.push({type, name, change: 'added', fields: []})
      else {
        const fields = compare(a[i].value, b[i].value)
        if (fields.length > 0) out.push({type, name, change: 'changed', fields})
      }
    }
  }
  return out
}

function withoutEqualPairs(a: readonly Resource[], b: readonly Resource[]): [Resource[], Resource[]] {
  if (a.length === 1 && b.length === 1) return [[...a], [...b]]
  const rest = [...b]
  const unmatched = a.filter((x) => {
    const at = rest.findIndex((y) => compare(x.value, y.value).length === 0)
    if (at < 0) return true
    rest.splice(at, 1)
    return false
  })
  return [unmatched, rest]
}
