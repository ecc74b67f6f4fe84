import {crypto} from '../core/builtins.js'
import {cmp} from '../core/gosort.js'
import type {ConfigDump} from '../dump/configdump.js'
import {IGNORED, canonicalJson, identifies} from './compare.js'
import {isObject, listRule} from './lists.js'
import {type ResourceType, hasResources, readResources} from './resources.js'
import type {SecretView} from './secret.js'

/**
 * A value in the one form that `compare` would find equal to every value it finds no
 * difference with: bookkeeping fields dropped, members sorted, and lists whose order
 * Envoy ignores sorted by their key (or, for plain sets, by value). Lists whose order
 * matters (routes, filters) keep it.
 */
export function canonicalForm(value: unknown, field?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonicalForm(item))
    const rule = listRule(field)
    if (rule.kind === 'set') return sortedBy(items, (item) => canonicalJson(item))
    if (rule.ordered) return items
    const key = rule.keys.find((k) => identifies(k, value))
    if (!key) return items
    const keys = value.map((item) => key(item) ?? '')
    return items
      .map((item, i) => ({item, key: keys[i]}))
      .sort((a, b) => cmp(a.key, b.key))
      .map((e) => e.item)
  }
  if (!isObject(value)) return value
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(value).sort(cmp)) if (!IGNORED.has(k)) out[k] = canonicalForm(value[k], k)
  return out
}

function sortedBy<T>(items: T[], key: (item: T) => string): T[] {
  return items
    .map((item) => ({item, key: key(item)}))
    .sort((a, b) => cmp(a.key, b.key))
    .map((e) => e.item)
}

/** One proxy's configuration reduced to a digest per resource: enough to tell replicas apart without keeping their dumps. */
export interface Fingerprint {
  /** `<type> <name>` → digest of the resource's canonical form. */
  resources: Map<string, string>
  /** Digest of all of them: equal for proxies whose compared configuration is the same. */
  digest: string
}

/**
 * The fingerprint of the given resource types in a dump. A workload's own certificate
 * (a secret holding a certificate chain) differs from pod to pod by design, so only
 * secrets that say what is trusted count.
 */
export async function fingerprint(dump: ConfigDump, types: readonly ResourceType[]): Promise<Fingerprint> {
  const byName = new Map<string, string[]>()
  for (const type of types) {
    if (!hasResources(dump, type)) continue
    for (const r of await readResources(dump, type)) {
      if (type === 'secret' && (r.value as SecretView).certificateChain) continue
      const key = `${type} ${r.name === '' ? '(unnamed)' : r.name}`
      byName.set(key, [...(byName.get(key) ?? []), digest(canonicalJson(canonicalForm(r.value)))])
    }
  }
  // Resources sharing a name (unnamed inline route configs, listeners) count as a set: numbered by digest, not by position.
  const resources = new Map<string, string>()
  for (const [key, digests] of byName) {
    if (digests.length === 1) resources.set(key, digests[0])
    else for (const [i, d] of digests.sort(cmp).entries()) resources.set(`${key} #${i + 1}`, d)
  }
  const all = [...resources].sort(([a], [b]) => cmp(a, b))
  return {resources, digest: digest(all.map(([k, d]) => `${k}\n${d}`).join('\n'))}
}

function digest(text: string): string {
  return crypto().createHash('sha256').update(text).digest('hex')
}

/** A resource of a replica that is not as the majority has it. */
export interface OddResource {
  /** `cluster outbound|9080||reviews.default.svc.cluster.local` */
  resource: string
  /** `added`: only this replica has it; `removed`: the majority has it and this replica does not. */
  change: 'added' | 'removed' | 'changed'
}

export interface Disagreement {
  pod: string
  differences: OddResource[]
}

export interface MajorityReport {
  /** How many pods share the most common configuration. */
  majority: number
  total: number
  /** Every pod whose configuration is not the majority's, in pod order. */
  odd: Disagreement[]
}

/**
 * The replicas that disagree with the most common configuration. On a tie the group
 * holding the first pod in name order counts as the majority, so the answer is stable.
 */
export function findDisagreements(prints: readonly {pod: string; print: Fingerprint}[]): MajorityReport {
  const sorted = [...prints].sort((a, b) => cmp(a.pod, b.pod))
  const groups = new Map<string, typeof sorted>()
  for (const p of sorted) groups.set(p.print.digest, [...(groups.get(p.print.digest) ?? []), p])
  let best: typeof sorted = []
  for (const group of groups.values()) if (group.length > best.length) best = group
  if (best.length === 0) return {majority: 0, total: 0, odd: []}
  const reference = best[0].print.resources
  const odd = sorted.filter((p) => p.print.digest !== best[0].print.digest).map((p) => ({pod: p.pod, differences: resourceChanges(reference, p.print.resources)}))
  return {majority: best.length, total: sorted.length, odd}
}

function resourceChanges(majority: ReadonlyMap<string, string>, replica: ReadonlyMap<string, string>): OddResource[] {
  const keys = [...new Set([...majority.keys(), ...replica.keys()])].sort(cmp)
  return keys.flatMap((resource): OddResource[] => {
    const a = majority.get(resource)
    const b = replica.get(resource)
    if (a === b) return []
    return [{resource, change: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed'}]
  })
}
