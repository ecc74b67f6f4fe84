import {readFile} from 'node:fs/promises'
import {posix} from 'node:path'

import {zlib} from '../core/builtins.js'
import {cmp} from '../core/gosort.js'
import {UserError} from '../core/errors.js'
import type {DumpRequest} from '../dump/request.js'
import {decompress} from './gzip.js'
import type {DumpSource} from './source.js'

/** What a file in a bundle answers: Envoy's `/config_dump` or `/clusters?format=json`. */
export type DumpKind = 'config_dump' | 'clusters'

/** How much of a file is looked at to tell what it is. */
export const HEAD_BYTES = 64 * 1024

/**
 * What a file holds, from its first bytes (gzipped or not): a JSON object opening
 * with Envoy's `configs` list of admin dumps, or with `cluster_statuses`. Names do
 * not count, so a bundle laid out by any tool (a directory of `<pod>.json`, an
 * `istioctl bug-report` archive, a CI artefact) is read the same way.
 */
export function sniff(head: Buffer): DumpKind | undefined {
  let text: string
  try {
    // A truncated gzip stream inflates as far as it goes with a sync flush instead of failing.
    text = (head[0] === 0x1f && head[1] === 0x8b ? zlib().gunzipSync(head, {finishFlush: zlib().constants.Z_SYNC_FLUSH}) : head).subarray(0, HEAD_BYTES).toString('utf8')
  } catch {
    return undefined
  }
  const opening = text.replace(/^\uFEFF?\s*/, '')
  if (/^\{\s*"configs"\s*:\s*\[/.test(opening) && /"@type"\s*:\s*"type\.googleapis\.com\/envoy\.admin\./.test(opening)) return 'config_dump'
  if (/^\{\s*"cluster_statuses"\s*:/.test(opening)) return 'clusters'
  return undefined
}

/** A dump found in a bundle: where it is on disk, and its path inside the bundle (which names its pod). */
export interface FoundDump {
  file: string
  /** `/`-separated path inside the bundle, e.g. `proxies/default/productpage-v1-abc/config_dump`. */
  inBundle: string
  kind: DumpKind
  size: number
}

/** One pod of a bundle: its label and its files. */
export interface BundlePod {
  pod: string
  configDump?: FoundDump
  clusters?: FoundDump
}

/** Directories that name the container, not the pod (bug reports keep files per container). */
const CONTAINER_DIRS = new Set(['istio-proxy'])

/** `productpage-v1-abc.json.gz` → `productpage-v1-abc`; `x-clusters.json` → `x`, so it pairs with `x.json`. */
function stem(file: string): string {
  return posix
    .basename(file)
    .replace(/(\.gz)?$/i, '')
    .replace(/\.json$/i, '')
    .replace(/[-_.]clusters$/i, '')
}

/**
 * Groups the dumps of a bundle by pod. Files in a directory below the bundle's top
 * belong to the pod that directory names (skipping a container directory such as
 * `istio-proxy`), so a pod's `config_dump` and `clusters` pair up; files at the top
 * are each their own pod, named by the file (`x-clusters.json` pairs with `x.json`).
 * A pod with two dumps of one kind keeps the larger (a dump with EDS over one
 * without). Two pods of one name in different directories (namespaces) are told
 * apart as `name.<parent directory>`.
 */
export function groupBundle(found: readonly FoundDump[]): BundlePod[] {
  const groups = new Map<string, {segments: string[]; dumps: Partial<Record<DumpKind, FoundDump>>}>()
  for (const f of found) {
    const dir = posix.dirname(f.inBundle)
    const key = dir === '.' ? `\0${stem(f.inBundle)}` : dir
    const segments = dir === '.' ? [stem(f.inBundle)] : dir.split('/').filter((s) => !CONTAINER_DIRS.has(s))
    const group = groups.get(key) ?? {segments: segments.length > 0 ? segments : [dir], dumps: {}}
    const held = group.dumps[f.kind]
    if (!held || f.size > held.size || (f.size === held.size && cmp(f.inBundle, held.inBundle) < 0)) group.dumps[f.kind] = f
    groups.set(key, group)
  }
  const all = [...groups.values()]
  const label = (segments: string[], depth: number) => segments.slice(-depth).reverse().join('.')
  const pods = all.map(({segments, dumps}) => {
    let depth = 1
    const clashes = (d: number) => all.some((o) => o.segments !== segments && label(o.segments, d) === label(segments, d))
    while (depth < segments.length && clashes(depth)) depth++
    return {pod: label(segments, depth), configDump: dumps.config_dump, clusters: dumps.clusters}
  })
  return pods.sort((a, b) => cmp(a.pod, b.pod))
}

/** One pod's dumps in a bundle, read from disk only when asked for. */
export class BundleSource implements DumpSource {
  readonly pod: string
  readonly origin: string

  constructor(
    private readonly entry: BundlePod,
    private readonly bundle: string,
  ) {
    this.pod = entry.pod
    this.origin = `pod ${entry.pod} in ${bundle}`
  }

  async read(request: DumpRequest): Promise<Buffer> {
    const kind: DumpKind = request.kind === 'clusters' ? 'clusters' : 'config_dump'
    const found = kind === 'clusters' ? this.entry.clusters : this.entry.configDump
    if (!found) {
      const what = kind === 'clusters' ? '/clusters?format=json answer' : 'config dump'
      throw new UserError(`${this.bundle} holds no ${what} for pod ${this.pod}`)
    }
    const origin = `${found.inBundle} in ${this.bundle}`
    return decompress(await readFile(found.file), origin)
  }
}

/** The pods of a bundle as sources; a bundle without a single dump is an error naming it. */
export function bundleSources(found: readonly FoundDump[], bundle: string): BundleSource[] {
  if (found.length === 0) throw new UserError(`${bundle} holds no Envoy config dump or /clusters answer`)
  return groupBundle(found).map((entry) => new BundleSource(entry, bundle))
}
