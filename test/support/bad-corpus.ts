/**
 * Hostile and odd inputs for the hardening tests, generated at test time into a
 * temporary directory (nothing large is committed). Most are variants of the
 * bundled fixtures; the rest are built by hand.
 *
 * Each entry says what a correct CLI does with it:
 *  - 'same':  accepted, and every command prints exactly what it prints for the
 *             plain fixture (BOM, gzip …);
 *  - 'ok':    accepted (exit 0) by every command;
 *  - 'error': rejected by every command with one `Error: …` line, exit 1;
 *  - 'any':   either, per command (a wrong-shaped section may fail one command
 *             and leave others with nothing wrong to show).
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {gzipSync} from 'node:zlib'

import {projectRoot} from './run-cli.js'

export type Expectation = 'same' | 'ok' | 'error' | 'any'

export interface BadFile {
  name: string
  /** 'dump': a /config_dump for every dump command; 'clusters': a /clusters?format=json for `endpoint`. */
  kind: 'dump' | 'clusters'
  path: string
  /** Bytes on disk. */
  size: number
  expect: Expectation
  /** For 'same': the plain input whose output it must reproduce. */
  sameAs?: string
}

export const FIXTURE = join(projectRoot, 'fixtures/bookinfo-productpage.json')
export const CLUSTERS_FIXTURE = join(projectRoot, 'fixtures/bookinfo-productpage-clusters.json')

const BOM = Buffer.from([0xef, 0xbb, 0xbf])
const NESTING = 100_000
const BIG_STRING_BYTES = 50 * 1024 * 1024

const T = 'type.googleapis.com/envoy.admin.v3.'

/** Where each section keeps its resources: [repeated field, path to the resource in an entry]. */
const RESOURCE_LISTS: Record<string, [string, string[]][]> = {
  ClustersConfigDump: [
    ['static_clusters', ['cluster']],
    ['dynamic_active_clusters', ['cluster']],
    ['dynamic_warming_clusters', ['cluster']],
  ],
  ListenersConfigDump: [
    ['static_listeners', ['listener']],
    ['dynamic_listeners', ['active_state', 'listener']],
  ],
  RoutesConfigDump: [
    ['static_route_configs', ['route_config']],
    ['dynamic_route_configs', ['route_config']],
  ],
  EndpointsConfigDump: [
    ['static_endpoint_configs', ['endpoint_config']],
    ['dynamic_endpoint_configs', ['endpoint_config']],
  ],
  SecretsConfigDump: [
    ['dynamic_active_secrets', ['secret']],
    ['dynamic_warming_secrets', ['secret']],
    ['static_secrets', ['secret']],
  ],
  EcdsConfigDump: [['ecds_filters', ['ecds_filter']]],
  BootstrapConfigDump: [],
}

type Json = unknown
type Obj = Record<string, Json>

/** A small deterministic PRNG (mulberry32), so every run builds the same corpus. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function isObj(v: Json): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function sectionName(section: Obj): string {
  const type = String(section['@type'] ?? '')
  return type.slice(type.lastIndexOf('.') + 1)
}

/** Calls `fn` on every resource object of the dump (clusters, listeners …, bootstrap as a whole). */
function eachResource(dump: {configs: Obj[]}, fn: (resource: Obj, section: string) => void): void {
  for (const section of dump.configs) {
    const name = sectionName(section)
    if (name === 'BootstrapConfigDump' && isObj(section.bootstrap)) fn(section.bootstrap, name)
    for (const [listName, path] of RESOURCE_LISTS[name] ?? []) {
      const list = section[listName]
      if (!Array.isArray(list)) continue
      for (const entry of list) {
        let r: Json = entry
        for (const step of path) r = isObj(r) ? r[step] : undefined
        if (isObj(r)) fn(r, name)
      }
    }
  }
}

/** A value of another JSON type than `v`. */
function wrongType(v: Json, pick: () => number): Json {
  const choose = (options: Json[]): Json => options[Math.floor(pick() * options.length)]
  if (typeof v === 'string') return choose([123, {a: 1}, ['x'], true, null, -1])
  if (typeof v === 'number') return choose(['abc', {value: 'x'}, [1], false, '', null])
  if (typeof v === 'boolean') return choose(['true', 1, {}, []])
  if (Array.isArray(v)) return choose([{a: 1}, 'x', 5, {0: v[0]}, null])
  if (isObj(v)) return choose([[], 'x', 7, [v], null, true])
  return choose(['x', 0, {}, []])
}

/** Replaces values with wrong-typed ones, with probability `p` per value, not below a replaced one. */
function scramble(value: Json, pick: () => number, p: number, depth: number, maxDepth: number): Json {
  if (depth > maxDepth) return value
  if (Array.isArray(value)) return value.map((v) => (pick() < p ? wrongType(v, pick) : scramble(v, pick, p, depth + 1, maxDepth)))
  if (isObj(value)) {
    const out: Obj = {}
    for (const [k, v] of Object.entries(value)) out[k] = k === '@type' && depth === 0 ? v : pick() < p ? wrongType(v, pick) : scramble(v, pick, p, depth + 1, maxDepth)
    return out
  }
  return value
}

function replaceInPlace(target: Obj, source: Obj): void {
  for (const k of Object.keys(target)) delete target[k]
  Object.assign(target, source)
}

/** Absurd numbers as JSON text: out of every range, beyond float64, negative, fractional. */
const ABSURD = ['70000', '65536', '18446744073709551616', '1e400', '-1e400', '-1', '1.5', '-0', '"99999999999999999999999"', '1e-400', '4294967296']

/** Writes JSON, then swaps marker strings for number literals JSON.stringify cannot produce (1e400). */
function withLiterals(value: Json, literals: string[]): Buffer {
  let text = JSON.stringify(value, null, 1)
  text = text.replace(/"@@LIT(\d+)@@"/g, (_, i: string) => literals[Number(i)])
  return Buffer.from(text)
}

function absurdNumbers(dump: Json): Buffer {
  let n = 0
  const visit = (v: Json): Json => {
    if (typeof v === 'number') return `@@LIT${n++ % ABSURD.length}@@`
    if (typeof v === 'string' && /^\d+$/.test(v)) return `@@LIT${n++ % ABSURD.length}@@`
    if (Array.isArray(v)) return v.map(visit)
    if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x)]))
    return v
  }
  return withLiterals(visit(dump), ABSURD)
}

const NAME_KEYS = new Set(['name', 'cluster_name', 'address', 'socket_address', 'port_value', 'service_name', 'route_config_name', 'domains', 'path', 'pipe', 'hostname'])

function withoutNames(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutNames)
  if (isObj(value))
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !NAME_KEYS.has(k))
        .map(([k, v]) => [k, withoutNames(v)]),
    )
  return value
}

function deepArray(n: number): string {
  return '['.repeat(n) + ']'.repeat(n)
}

function deepObject(n: number): string {
  return `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`
}

/** Puts `literal` (raw JSON text) into one resource of every section, under fields the models read. */
function withDeepValues(dump: Json, literal: string): Buffer {
  const copy = structuredClone(dump) as {configs: Obj[]}
  const seen = new Set<string>()
  eachResource(copy, (r, section) => {
    if (seen.has(section)) return
    seen.add(section)
    const field = {ListenersConfigDump: 'filter_chains', EndpointsConfigDump: 'endpoints', RoutesConfigDump: 'virtual_hosts', BootstrapConfigDump: 'node'}[section]
    if (field) r[field] = '@@LIT0@@'
    else r.metadata = {filter_metadata: {istio: {config: '@@LIT0@@'}}}
  })
  return withLiterals(copy, [literal])
}

/** Wrong shapes for every section's repeated fields (and the resources in them). */
function sectionsWith(dump: {configs: Obj[]}, make: (listName: string) => Json): Json {
  const copy = structuredClone(dump)
  for (const section of copy.configs) {
    for (const [listName] of RESOURCE_LISTS[sectionName(section)] ?? []) section[listName] = make(listName)
    if (sectionName(section) === 'BootstrapConfigDump') section.bootstrap = make('bootstrap')
  }
  return copy
}

/** Entries whose resource is missing, null or of the wrong type. */
function oddEntries(dump: {configs: Obj[]}): Json {
  const copy = structuredClone(dump)
  for (const section of copy.configs) {
    for (const [listName, path] of RESOURCE_LISTS[sectionName(section)] ?? []) {
      const list = section[listName]
      if (!Array.isArray(list)) continue
      const wrap = (v: Json): Json => path.reduceRight<Json>((inner, step) => ({[step]: inner}), v)
      list.push(null, 1, 'x', [], {}, wrap(null), wrap('x'), wrap(5), wrap([]), wrap({}), {[path[0]]: {}}, {[path[0]]: []})
    }
  }
  return copy
}

/** Strings that stress output: controls, bidi overrides, lone surrogates, keys like __proto__. */
function oddStrings(dump: {configs: Obj[]}): Buffer {
  const copy = structuredClone(dump)
  const odd = [
    '\u0000nul\u0007bel\u001b[31mred',
    '\u202eevil\u2066',
    '\ud800lone',
    'tab\there\nnewline',
    '',
    ' ',
    '🙂💥',
    '__proto__',
    'constructor',
    '|||',
    '||||||||',
    'outbound_.80_._.',
    'inbound|0||',
  ]
  let i = 0
  eachResource(copy, (r) => {
    if (typeof r.name === 'string') r.name = odd[i++ % odd.length] + r.name
    r.__proto__x = 1
  })
  // Real "__proto__" and "constructor" keys need raw text: JSON.stringify would drop an own __proto__.
  const text = JSON.stringify(copy, null, 1).replaceAll('"__proto__x":', '"__proto__":{"polluted":true},"constructor":{"prototype":1},"toString":')
  return Buffer.from(text)
}

function duplicateSections(dump: {configs: Obj[]}): Json {
  const copy = structuredClone(dump)
  return {
    configs: [
      ...copy.configs,
      {'@type': 5, dynamic_active_clusters: [{cluster: {name: 'ghost'}}]},
      {'@type': null},
      {'@type': 'type.googleapis.com/envoy.admin.v2alpha.ClustersConfigDump', dynamic_active_clusters: [{cluster: {name: 'v2-cluster'}}]},
      {'@type': 'type.googleapis.com/some.other.Dump', configs: [1]},
      {'@type': ''},
      {},
    ],
    extra: {unknown: true},
  }
}

function invalidUtf8InValues(fixture: Buffer): Buffer {
  // Inside string values (after `"name": "`), so the JSON structure stays intact.
  const bad = Buffer.from([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80, 0xf8])
  const text = fixture.toString('latin1')
  const parts: Buffer[] = []
  let last = 0
  const re = /"name": "/g
  let m: RegExpExecArray | null
  while ((m = re.exec(text)) !== null) {
    const at = m.index + m[0].length
    parts.push(fixture.subarray(last, at), bad)
    last = at
  }
  parts.push(fixture.subarray(last))
  return Buffer.concat(parts)
}

/** The fixture with one value after `marker` broken (`"name": "x"` becomes `"name": x"`). */
function corruptAfter(fixture: Buffer, marker: string): Buffer {
  const at = fixture.indexOf('"name": "', fixture.indexOf(marker))
  const quote = at + '"name": '.length
  return Buffer.concat([fixture.subarray(0, quote), fixture.subarray(quote + 1)])
}

function garbage(n: number, seed: number, first?: string): Buffer {
  const pick = rng(seed)
  const out = Buffer.alloc(n)
  for (let i = 0; i < n; i++) out[i] = Math.floor(pick() * 256)
  if (first) out.write(first, 0, 'latin1')
  return out
}

/** The big-string dump: a 50 MB value in the first cluster's metadata and as a route config name. */
function bigStringDump(dump: {configs: Obj[]}): Buffer {
  const copy = structuredClone(dump)
  let cluster = true
  let route = true
  eachResource(copy, (r, section) => {
    if (section === 'ClustersConfigDump' && cluster) {
      cluster = false
      r.metadata = {filter_metadata: {istio: {config: '@@BIG@@'}}}
    }
    if (section === 'RoutesConfigDump' && route) {
      route = false
      r.name = '@@BIG@@'
    }
  })
  const [head, ...rest] = JSON.stringify(copy, null, 1).split('"@@BIG@@"')
  const big = Buffer.alloc(BIG_STRING_BYTES + 2, 'x'.charCodeAt(0))
  big[0] = big[big.length - 1] = 0x22
  // A few escapes too, so the scanner's backslash handling is exercised at size.
  big.write('\\"\\\\\\u0041', 100, 'latin1')
  const parts: Buffer[] = [Buffer.from(head)]
  for (const r of rest) parts.push(big, Buffer.from(r))
  return Buffer.concat(parts)
}

function clustersVariants(fixture: Buffer): [string, Buffer | Json, Expectation][] {
  const value = JSON.parse(fixture.toString('utf8')) as {cluster_statuses: Obj[]}
  const wrongHosts = structuredClone(value)
  for (const [i, s] of wrongHosts.cluster_statuses.entries()) {
    const hosts = s.host_statuses
    if (!Array.isArray(hosts)) continue
    if (i % 4 === 0) s.host_statuses = {a: 1}
    else if (i % 4 === 1) s.host_statuses = 7
    else if (i % 4 === 2)
      (s.host_statuses as Json[]).push(
        null,
        1,
        'x',
        [],
        {address: 'x', health_status: 5},
        {address: {socket_address: {port_value: 'abc', address: 5}}, health_status: {eds_health_status: {}}, weight: 'heavy', locality: []},
      )
    else s.name = {not: 'a string'}
  }
  return [
    ['clusters-empty', Buffer.alloc(0), 'error'],
    ['clusters-whitespace', Buffer.from(' \n\t\r\n '), 'error'],
    ['clusters-truncated', fixture.subarray(0, Math.floor(fixture.length / 2)), 'error'],
    ['clusters-garbage', garbage(4096, 7), 'error'],
    ['clusters-invalid-utf8-only', Buffer.from([0xff, 0xfe, 0xfd, 0x80, 0xc3]), 'error'],
    ['clusters-invalid-utf8-values', invalidUtf8InValues(fixture), 'ok'],
    ['clusters-array', [], 'error'],
    ['clusters-object', {}, 'ok'],
    ['clusters-null', Buffer.from('null'), 'error'],
    ['clusters-number', Buffer.from('1e400'), 'error'],
    ['clusters-statuses-object', {cluster_statuses: {}}, 'ok'],
    ['clusters-statuses-scalars', {cluster_statuses: [1, 'x', null, [], {}]}, 'ok'],
    ['clusters-wrong-host-types', wrongHosts, 'ok'],
    ['clusters-wrong-types-deep', scramble(value, rng(21), 0.08, 0, 50), 'ok'],
    ['clusters-missing-names', withoutNames(value), 'ok'],
    ['clusters-absurd-numbers', absurdNumbers(value), 'ok'],
    [
      'clusters-deep-array',
      Buffer.from(
        `{"cluster_statuses":[{"name":"deep","host_statuses":[{"address":{"socket_address":{"address":"1.2.3.4","port_value":1}},"locality":${deepArray(NESTING)}}],"circuit_breakers":${deepObject(NESTING)}}]}`,
      ),
      'error',
    ],
    ['clusters-deep-top', Buffer.from(deepArray(NESTING)), 'error'],
    ['clusters-deep-unclosed', Buffer.from('['.repeat(NESTING)), 'error'],
    ['clusters-a-config-dump', readFileSync(FIXTURE), 'error'],
  ]
}

/**
 * Writes the corpus into `dir` and lists it. `big: false` leaves out the 50 MB
 * file (for quick runs).
 */
export function writeCorpus(dir: string, opts: {big?: boolean} = {}): BadFile[] {
  mkdirSync(dir, {recursive: true})
  const fixture = readFileSync(FIXTURE)
  const dump = JSON.parse(fixture.toString('utf8')) as {configs: Obj[]}
  const files: BadFile[] = []
  const add = (name: string, kind: BadFile['kind'], content: Buffer | Json, expect: Expectation, sameAs?: string): void => {
    const path = join(dir, `${name}.json`)
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(JSON.stringify(content, null, 1))
    writeFileSync(path, bytes)
    files.push({name, kind, path, size: bytes.length, expect, sameAs})
  }

  // Encodings and framing.
  add('empty', 'dump', Buffer.alloc(0), 'error')
  add('whitespace', 'dump', Buffer.from(' \n\t\r\n   \n'), 'error')
  add('bom-only', 'dump', BOM, 'error')
  add('bom-fixture', 'dump', Buffer.concat([BOM, fixture]), 'same', FIXTURE)
  add('gzip-fixture', 'dump', gzipSync(fixture), 'same', FIXTURE)
  add('gzip-bom-fixture', 'dump', gzipSync(Buffer.concat([BOM, Buffer.from('\n  '), fixture, Buffer.from('\n\n')])), 'same', FIXTURE)
  add('gzip-truncated', 'dump', gzipSync(fixture).subarray(0, 5000), 'error')
  add('gzip-magic-then-garbage', 'dump', garbage(2048, 3, '\u001f\u008b'), 'error')
  add('gzip-of-garbage', 'dump', gzipSync(garbage(2048, 4)), 'error')
  add('gzip-of-empty', 'dump', gzipSync(Buffer.alloc(0)), 'error')
  add('gzip-twice', 'dump', gzipSync(gzipSync(fixture)), 'error')
  add('truncated-half', 'dump', fixture.subarray(0, Math.floor(fixture.length / 2)), 'error')
  add('truncated-in-string', 'dump', fixture.subarray(0, fixture.indexOf('"outbound|') + 5), 'error')
  add('truncated-last-brace', 'dump', fixture.subarray(0, fixture.lastIndexOf('}')), 'error')
  add('truncated-in-section', 'dump', fixture.subarray(0, fixture.indexOf('ListenersConfigDump') + 2000), 'error')
  add('binary-garbage', 'dump', garbage(65536, 1), 'error')
  add('binary-garbage-brace', 'dump', garbage(65536, 2, '{"configs":['), 'error')
  add('nul-bytes', 'dump', Buffer.alloc(1024), 'error')
  add('invalid-utf8-only', 'dump', Buffer.from([0xff, 0xfe, 0xfd, 0x80, 0xc3, 0x28]), 'error')
  add('invalid-utf8-structure', 'dump', Buffer.concat([Buffer.from('{"configs":['), Buffer.from([0xff, 0xfe]), Buffer.from(']}')]), 'error')
  add('invalid-utf8-values', 'dump', invalidUtf8InValues(fixture), 'ok')
  add('trailing-garbage', 'dump', Buffer.concat([fixture, Buffer.from('\n{"configs":[]}')]), 'error')
  add('bare-word', 'dump', Buffer.from('hello'), 'error')
  add('bad-escape-in-key', 'dump', Buffer.from('{"configs":[{"@type":"x","\\x":1}]}'), 'error')
  add('garbage-outside-configs', 'dump', Buffer.from(`{"configs":[],"extra":tru}`), 'error')
  add('garbage-in-configs', 'dump', Buffer.from(`{"configs":[{"@type":"${T}ClustersConfigDump"}, nul]}`), 'error')
  // Broken JSON inside one section: commands that read that section fail, the others may work.
  add('corrupt-in-clusters', 'dump', corruptAfter(fixture, '"dynamic_active_clusters"'), 'any')
  add('corrupt-in-listeners', 'dump', corruptAfter(fixture, '"dynamic_listeners"'), 'any')
  add('corrupt-in-secrets', 'dump', corruptAfter(fixture, '"dynamic_active_secrets"'), 'any')
  add('corrupt-key-escape', 'dump', Buffer.from(fixture.toString('latin1').replace('"dynamic_active_clusters"', '"dynamic_\\xactive"'), 'latin1'), 'any')

  // JSON of the wrong shape.
  add('json-array', 'dump', [], 'error')
  add('json-object', 'dump', {}, 'error')
  add('json-null', 'dump', Buffer.from('null'), 'error')
  add('json-number', 'dump', Buffer.from('42'), 'error')
  add('json-string', 'dump', Buffer.from('"config_dump"'), 'error')
  add('configs-object', 'dump', {configs: {}}, 'error')
  add('configs-null', 'dump', {configs: null}, 'error')
  add('configs-empty', 'dump', {configs: []}, 'any')
  add('configs-scalars', 'dump', {configs: [1, 'x', null]}, 'any')
  add('configs-wrong-type-field', 'dump', {configs: [{'@type': {}}, {'@type': [`${T}ClustersConfigDump`]}]}, 'any')
  add('clusters-repeated-object', 'dump', {configs: [{'@type': `${T}ClustersConfigDump`, dynamic_active_clusters: {a: 1}}]}, 'any')
  add(
    'sections-repeated-objects',
    'dump',
    sectionsWith(dump, () => ({a: 1})),
    'any',
  )
  add(
    'sections-repeated-numbers',
    'dump',
    sectionsWith(dump, () => 42),
    'any',
  )
  add(
    'sections-repeated-strings',
    'dump',
    sectionsWith(dump, (n) => n),
    'any',
  )
  add(
    'sections-repeated-null',
    'dump',
    sectionsWith(dump, () => null),
    'any',
  )
  add(
    'sections-repeated-nested-arrays',
    'dump',
    sectionsWith(dump, () => [[{cluster: {name: 'x'}}], [[]]]),
    'any',
  )
  add('odd-entries', 'dump', oddEntries(dump), 'ok')
  // Entries that are not admin sections, between and after the real ones.
  const between = (extra: Json[]): Json => ({configs: dump.configs.flatMap((c, i) => (i === 1 || i === dump.configs.length - 1 ? [c, ...structuredClone(extra)] : [c]))})
  add('foreign-between', 'dump', between([{'@type': 'type.googleapis.com/cilium.NetworkPolicy', policy: {name: 'x', rules: [{'@type': 'y'}]}}]), 'ok')
  add('untyped-between', 'dump', between([{name: 'no type', dynamic_active_clusters: [{cluster: {name: 'ghost'}}]}, {}]), 'ok')
  add('scalars-between', 'dump', between([[], 7, null, 'x']), 'ok')
  add('foreign-type-controls', 'dump', {configs: [...structuredClone(dump.configs), {'@type': 'type.googleapis.com/evil\n\u001b[2J\u202eType'}]}, 'ok')
  add('duplicate-and-foreign-sections', 'dump', duplicateSections(dump), 'ok')

  // Resources with fields of the wrong JSON types.
  for (const [name, seed, p, maxDepth] of [
    ['wrong-types-top', 11, 0.5, 0],
    ['wrong-types-shallow', 12, 0.25, 2],
    ['wrong-types-deep', 13, 0.08, 60],
    ['wrong-types-dense', 14, 0.3, 60],
  ] as const) {
    const copy = structuredClone(dump)
    const pick = rng(seed)
    eachResource(copy, (r) => replaceInPlace(r, scramble(r, pick, p, 0, maxDepth) as Obj))
    add(name, 'dump', copy, 'any')
  }
  const nameless = structuredClone(dump)
  eachResource(nameless, (r) => replaceInPlace(r, withoutNames(r) as Obj))
  add('missing-names', 'dump', nameless, 'ok')
  add('absurd-numbers', 'dump', absurdNumbers(dump), 'ok')
  add('odd-strings', 'dump', oddStrings(dump), 'ok')

  // Nesting and size.
  add('deep-array-in-resources', 'dump', withDeepValues(dump, deepArray(NESTING)), 'any')
  add('deep-object-in-resources', 'dump', withDeepValues(dump, deepObject(NESTING)), 'any')
  add('deep-top', 'dump', Buffer.from(deepArray(NESTING)), 'error')
  add('deep-configs', 'dump', Buffer.from(`{"configs":${deepArray(NESTING)}}`), 'any')
  add('deep-unclosed', 'dump', Buffer.from(`{"configs":[{"@type":"${T}ClustersConfigDump","x":${'['.repeat(NESTING)}`), 'error')
  if (opts.big !== false) add('big-string', 'dump', bigStringDump(dump), 'ok')

  // /clusters?format=json for `endpoint`.
  const clusters = readFileSync(CLUSTERS_FIXTURE)
  add('clusters-bom', 'clusters', Buffer.concat([BOM, clusters]), 'same', CLUSTERS_FIXTURE)
  add('clusters-gzip', 'clusters', gzipSync(clusters), 'same', CLUSTERS_FIXTURE)
  for (const [name, content, expect] of clustersVariants(clusters)) add(name, 'clusters', content, expect)
  if (opts.big !== false) {
    const value = JSON.parse(clusters.toString('utf8')) as {cluster_statuses: Obj[]}
    value.cluster_statuses[0].name = '@@BIG@@'
    const [head, tail] = JSON.stringify(value).split('"@@BIG@@"')
    add('clusters-big-string', 'clusters', Buffer.concat([Buffer.from(head), Buffer.from('"'), Buffer.alloc(BIG_STRING_BYTES, 'y'), Buffer.from('"'), Buffer.from(tail)]), 'ok')
  }
  return files
}
