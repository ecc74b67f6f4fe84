import {UserError} from '../core/errors.js'
import {type Loader, type Raw, bomLength, camelCase, field, isRaw, skipSpace, skipSpaceBack} from '../core/json.js'
import {type MemberLayout, NestingError, type Span, ScanError, arrayElements, kindAt, layoutObject, objectMembers, parseSpan, skipValue} from './scan.js'
import {Section, type SectionName, TYPE_PREFIX} from './sections.js'

/** Older Envoys (and v2 dumps kept around) name the same sections envoy.admin.v2alpha.*. */
function canonicalType(url: string): string {
  const name = url.startsWith(TYPE_PREFIX) ? url.slice(TYPE_PREFIX.length) : url
  return name.replace(/^envoy\.admin\.v2alpha\./, 'envoy.admin.v3.')
}

export function missingSection(name: SectionName): string {
  return `config dump has no configuration type ${TYPE_PREFIX}${Section[name]}`
}

/** One `configs[]` entry: its type and where it lies; its members are found on first use. */
interface IndexedSection {
  type: string
  span: Span
  /** Found on first use, for sections too large to parse whole. */
  layout?: Map<string, MemberLayout>
}

/** [repeated field, dotted path to the resource inside each entry ('' = the entry itself)]. */
export type ResourceGroups = readonly (readonly [string, string])[]

/** Where a resource stands in Envoy: serving, waiting for its dependencies, being drained, or refused. */
export type ResourceState = 'active' | 'warming' | 'draining' | 'rejected'

/** [object inside the entry holding the resource ('' = the entry itself), the resource's field, its state]. */
type Holder = readonly [string, string, Exclude<ResourceState, 'rejected'>]

/** [repeated field, whether its entries come from xDS, the holders each entry may have]. */
type ResourceList = readonly [string, boolean, readonly Holder[]]

/**
 * Every place a section keeps resources, in the order istioctl lists the active
 * ones. Dynamic entries may also carry an `error_state` with a refused update.
 */
const RESOURCE_LISTS = {
  clusters: [
    ['dynamic_active_clusters', true, [['', 'cluster', 'active']]],
    ['dynamic_warming_clusters', true, [['', 'cluster', 'warming']]],
    ['static_clusters', false, [['', 'cluster', 'active']]],
  ],
  listeners: [
    [
      'dynamic_listeners',
      true,
      [
        ['active_state', 'listener', 'active'],
        ['warming_state', 'listener', 'warming'],
        ['draining_state', 'listener', 'draining'],
      ],
    ],
    ['static_listeners', false, [['', 'listener', 'active']]],
  ],
  routes: [
    ['dynamic_route_configs', true, [['', 'route_config', 'active']]],
    ['static_route_configs', false, [['', 'route_config', 'active']]],
  ],
  endpoints: [
    ['dynamic_endpoint_configs', true, [['', 'endpoint_config', 'active']]],
    ['static_endpoint_configs', false, [['', 'endpoint_config', 'active']]],
  ],
} as const satisfies Partial<Record<SectionName, readonly ResourceList[]>>

export type ResourceKind = keyof typeof RESOURCE_LISTS

function activeGroups(kind: ResourceKind): ResourceGroups {
  return RESOURCE_LISTS[kind].flatMap(([listName, , holders]: ResourceList) =>
    holders.filter(([, , state]) => state === 'active').map(([holder, resource]): [string, string] => [listName, holder === '' ? resource : `${holder}.${resource}`]),
  )
}

/** Where each section keeps its active resources, in the order istioctl lists them. */
export const RESOURCES: Record<ResourceKind, ResourceGroups> = {
  clusters: activeGroups('clusters'),
  listeners: activeGroups('listeners'),
  routes: activeGroups('routes'),
  endpoints: activeGroups('endpoints'),
}

/** One resource of a section, in whatever state, with the dump objects that describe that state. */
export interface ResourceEntry {
  state: ResourceState
  /** Dynamic resources come from xDS, static ones from the bootstrap. */
  dynamic: boolean
  /**
   * The resource; for a refusal, the configuration Envoy refused, or just the
   * entry's name when Envoy did not keep it.
   */
  value: Raw
  load: Loader
  /** Holds version_info and last_updated: the listener state for listeners, else the entry. */
  holder: Raw
  /** The list entry itself: client_status and error_state. */
  entry: Raw
  /** Gives the list entry again, for output that shows it whole. */
  loadEntry: Loader
}

/**
 * Parses every active resource of a section into a model, one at a time, so the
 * raw objects of a huge section never all live at once.
 */
export function parseResources<T>(dump: ConfigDump, name: ResourceKind, parse: (value: Raw, load: Loader, where: ResourceEntry) => T | undefined): T[] {
  const out: T[] = []
  for (const entry of dump.resourceEntries(name)) {
    if (entry.state !== 'active') continue
    const model = parse(entry.value, entry.load, entry)
    if (model !== undefined) out.push(model)
  }
  return out
}

/**
 * V8 cannot build a string longer than this; a section at least this large is read
 * one resource at a time instead of with a single JSON.parse.
 */
const WHOLE_PARSE_LIMIT = 0x1fff_ffe8 - 1024

/**
 * A /config_dump, indexed but not parsed: the bytes stay in one Buffer, the index
 * records where each section lies, and commands parse only the sections they show.
 * This is what lets a 700 MB dump work, and fast.
 */
export class ConfigDump {
  private constructor(
    /** The dump as read, for output that prints it unchanged (`all -o json`). */
    readonly bytes: Buffer,
    private index: readonly IndexedSection[],
    /** Names the dump in messages: "file dump.json", "pod x.ns". */
    readonly origin: string,
    /** Sections at least this large (bytes) are read resource by resource; tests lower it. */
    private readonly wholeParseLimit: number,
    /** Where the JSON starts, while the index is quickIndex's reading (see resync). */
    private quickFrom: number | undefined,
    /** Sections that were parsed whole. */
    private readonly parsed = new Map<IndexedSection, Raw>(),
  ) {}

  static fromBuffer(bytes: Buffer, origin: string, wholeParseLimit = WHOLE_PARSE_LIMIT): ConfigDump {
    const start = skipSpace(bytes, bomLength(bytes))
    if (start >= bytes.length) throw new UserError(`${origin} is empty: expected an Envoy config dump (JSON)`)
    try {
      const quick = quickIndex(bytes, start)
      return new ConfigDump(bytes, quick ?? scanIndex(bytes, start, origin), origin, wholeParseLimit, quick ? start : undefined)
    } catch (error) {
      if (error instanceof ScanError) throw scanFailure(origin, error)
      throw error
    }
  }

  private entries(name: SectionName): IndexedSection[] {
    return this.index.filter((s) => canonicalType(s.type) === Section[name])
  }

  /** Types of sections that are not Envoy admin dumps at all (cilium's, say), without the URL prefix. */
  foreignTypes(): string[] {
    const admin = /^(type\.googleapis\.com\/)?envoy\.admin\./
    return [...new Set(this.index.map((s) => s.type).filter((t) => !admin.test(t)))].map((t) => t.replace(/^type\.googleapis\.com\//, '') || '(no @type)')
  }

  has(name: SectionName): boolean {
    return this.entries(name).length > 0
  }

  /** Like Envoy's consumers, the last section of a type wins when a dump repeats it. */
  section(name: SectionName): Raw | undefined {
    const all = this.entries(name)
    return all.length > 0 ? this.parseSection(all[all.length - 1]) : undefined
  }

  sections(name: SectionName): Raw[] {
    return this.entries(name).map((s) => this.parseSection(s))
  }

  /**
   * Resources of the last section of this type, in the order istioctl lists them.
   * Entries without the resource (e.g. listeners that are only warming) are skipped.
   * Each comes with a loader that gives it again later without keeping it alive.
   */
  *resources(name: SectionName, groups: ResourceGroups): Generator<{value: Raw; load: Loader}> {
    for (const [listName, path] of groups) {
      const steps = path === '' ? [] : path.split('.')
      const pick = (entry: unknown): unknown => steps.reduce<unknown>((o, step) => field(o, step), entry)
      for (const {entry, again} of this.listEntries(name, listName)) {
        const value = pick(entry)
        if (isRaw(value)) yield {value, load: () => pick(again()) as Raw}
      }
    }
  }

  /**
   * Every resource of the last section of this type: active, warming and draining
   * ones, and refused updates kept in `error_state`, each flagged with its state.
   * An entry gives its states in the order Envoy declares them, the refusal last.
   */
  *resourceEntries(kind: ResourceKind): Generator<ResourceEntry> {
    for (const [listName, dynamic, holders] of RESOURCE_LISTS[kind] as readonly ResourceList[]) {
      for (const {entry, again} of this.listEntries(kind, listName)) {
        if (!isRaw(entry)) continue
        for (const [holderPath, resource, state] of holders) {
          const holderOf = (e: unknown): unknown => (holderPath === '' ? e : field(e, holderPath))
          const holder = holderOf(entry)
          const value = field(holder, resource)
          if (isRaw(holder) && isRaw(value)) yield {state, dynamic, value, load: () => field(holderOf(again()), resource) as Raw, holder, entry, loadEntry: again as Loader}
        }
        const error = field(entry, 'error_state')
        if (!isRaw(error)) continue
        const refusedOf = (e: unknown): Raw => {
          const failed = field(field(e, 'error_state'), 'failed_configuration')
          if (isRaw(failed)) return failed
          const name = field(e, 'name')
          if (typeof name === 'string') return {name}
          // Cluster, route and endpoint entries have no name of their own; the version Envoy still serves has it.
          const served = holders.map(([holderPath, resource]) => field(holderPath === '' ? e : field(e, holderPath), resource)).find(isRaw)
          return Object.fromEntries(['name', 'cluster_name', 'clusterName'].flatMap((key) => (typeof served?.[key] === 'string' ? [[key, served[key]]] : [])))
        }
        yield {state: 'rejected', dynamic, value: refusedOf(entry), load: () => refusedOf(again()), holder: entry, entry, loadEntry: again as Loader}
      }
    }
  }

  /** The entries of one list of the last section of this type, each with a way to parse it again. */
  private *listEntries(name: SectionName, listName: string): Generator<{entry: unknown; again: () => unknown}> {
    const entries = this.entries(name)
    const section = entries[entries.length - 1]
    if (!section) return
    if (section.span.end - section.span.start < this.wholeParseLimit) {
      const list = field(this.parseSection(section), listName)
      for (const entry of Array.isArray(list) ? list : []) yield {entry, again: () => entry}
      return
    }
    // Too big for one string: parse entry by entry, and again on demand.
    const member = this.layoutOf(section).get(listName) ?? this.layoutOf(section).get(camelCase(listName))
    for (const span of member?.elements ?? []) yield {entry: this.parse(span, section.type), again: () => this.parse(span, section.type)}
  }

  private layoutOf(section: IndexedSection): Map<string, MemberLayout> {
    if (!section.layout) {
      try {
        section.layout = layoutObject(this.bytes, section.span)
      } catch (error) {
        throw this.parseError(error, section.type)
      }
    }
    return section.layout
  }

  private parseSection(section: IndexedSection): Raw {
    let value = this.parsed.get(section)
    if (!value) {
      if (section.span.end - section.span.start < this.wholeParseLimit) {
        const whole = this.parseWhole(section)
        value = isRaw(whole) ? whole : {}
      } else {
        value = {'@type': section.type}
        for (const [key, member] of this.layoutOf(section)) value[key] = this.parse(member.span, section.type)
      }
      this.parsed.set(section, value)
    }
    return value
  }

  /**
   * A section as one value. quickIndex takes each admin section to run up to the next
   * one, so an entry that is not an admin section between them (`…}, {"cilium": …},
   * {"@type": "…admin…`) puts two values in one span. JSON.parse refuses that; a full
   * scan then finds where each section really ends, and the parse is tried again.
   */
  private parseWhole(section: IndexedSection): unknown {
    if (this.quickFrom === undefined) return this.parse(section.span, section.type)
    try {
      return parseSpan(this.bytes, section.span)
    } catch (error) {
      try {
        this.resync()
      } catch {
        // The scan trips over the same breakage; JSON.parse's account of it is the precise one.
        throw this.parseError(error, section.type)
      }
      return this.parse(section.span, section.type)
    }
  }

  /** Replaces quickIndex's reading by a full scan, correcting the sections already handed out. */
  private resync(): void {
    const fresh = scanIndex(this.bytes, this.quickFrom!, this.origin)
    this.quickFrom = undefined
    const known = new Map(this.index.map((s) => [s.span.start, s]))
    this.index = fresh.map((s) => {
      const old = known.get(s.span.start)
      if (!old) return s
      old.span = s.span
      return old
    })
  }

  private parse(span: Span, type: string): unknown {
    try {
      return parseSpan(this.bytes, span)
    } catch (error) {
      throw this.parseError(error, type)
    }
  }

  private parseError(error: unknown, type: string): unknown {
    if (error instanceof ScanError) return scanFailure(this.origin, error, ` (in the ${shortType(type)} section)`)
    return error
  }
}

/** One line for input the scanner refused: broken JSON, or JSON nested beyond what Envoy writes. */
export function scanFailure(origin: string, error: ScanError, where = ''): UserError {
  return new UserError(error instanceof NestingError ? `${origin}: ${error.message}${where}` : `${origin} is not valid JSON: ${error.message}${where}`)
}

function shortType(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1) || 'unnamed'
}

const ADMIN_TYPE = Buffer.from('"type.googleapis.com/envoy.admin.')
const AT_TYPE = Buffer.from('"@type"')

/**
 * The fast path for dumps as Envoy writes them: `{"configs": [ {"@type": "…admin…", …}, … ]}`
 * with every entry an admin section whose "@type" comes first. Section starts are
 * found with Buffer#indexOf (an unescaped `"@type"` can only be a key), and the
 * bytes between neighbours are checked to be exactly `}` `,` `{` (the last section
 * is scanned to its end). Anything else (a truncated file, a foreign section first
 * or last) returns undefined and the full scan decides, with a precise error. A
 * foreign section between two admin ones looks like the end of the first; parsing
 * that section finds out (ConfigDump.parseWhole).
 */
function quickIndex(bytes: Buffer, start: number): IndexedSection[] | undefined {
  const starts: {type: string; at: number}[] = []
  for (let hit = bytes.indexOf(ADMIN_TYPE, start); hit >= 0; hit = bytes.indexOf(ADMIN_TYPE, hit + 1)) {
    const close = bytes.indexOf(0x22, hit + 1)
    let p = skipSpaceBack(bytes, hit - 1)
    if (close < 0 || bytes[p] !== 0x3a) return undefined
    p = skipSpaceBack(bytes, p - 1)
    if (p < AT_TYPE.length || !bytes.subarray(p - AT_TYPE.length + 1, p + 1).equals(AT_TYPE)) return undefined
    p = skipSpaceBack(bytes, p - AT_TYPE.length)
    if (bytes[p] !== 0x7b) return undefined
    starts.push({type: bytes.toString('utf8', hit + 1, close), at: p})
  }
  if (starts.length === 0) return undefined
  // Head: `{ "configs" : [` before the first section.
  let p = skipSpaceBack(bytes, starts[0].at - 1)
  if (bytes[p] !== 0x5b) return undefined
  p = skipSpaceBack(bytes, p - 1)
  if (bytes[p] !== 0x3a) return undefined
  p = skipSpaceBack(bytes, p - 1)
  if (!bytes.subarray(p - 8, p + 1).equals(Buffer.from('"configs"')) || skipSpace(bytes, start) !== skipSpaceBack(bytes, p - 9) || bytes[start] !== 0x7b) return undefined
  // Tail: `} ] }` after the last section.
  let end = skipSpaceBack(bytes, bytes.length - 1)
  if (bytes[end] !== 0x7d) return undefined
  end = skipSpaceBack(bytes, end - 1)
  if (bytes[end] !== 0x5d) return undefined
  end = skipSpaceBack(bytes, end - 1)
  if (bytes[end] !== 0x7d) return undefined
  const index: IndexedSection[] = []
  for (let i = 0; i < starts.length; i++) {
    let last = end
    if (i + 1 < starts.length) {
      last = skipSpaceBack(bytes, starts[i + 1].at - 1)
      if (bytes[last] !== 0x2c) return undefined
      last = skipSpaceBack(bytes, last - 1)
      if (bytes[last] !== 0x7d) return undefined
    } else if (!endsAt(bytes, starts[i].at, end)) {
      return undefined
    }
    index.push({type: starts[i].type, span: {start: starts[i].at, end: last + 1}})
  }
  return index
}

/**
 * Whether the object at `start` closes at `close`. Only a scan tells where the last
 * admin section ends: foreign sections after it (`…}, {"@type": "cilium…"}]}`,
 * `…}, {}]}`) would otherwise become part of it. It is usually the small secrets section.
 */
function endsAt(bytes: Buffer, start: number, close: number): boolean {
  try {
    return skipValue(bytes, start, close + 1) === close + 1
  } catch {
    return false
  }
}

/** The general path: a structural scan of every byte, which also pinpoints broken input. */
function scanIndex(bytes: Buffer, start: number, origin: string): IndexedSection[] {
  const whole = {start, end: skipValue(bytes, start)}
  const rest = skipSpace(bytes, whole.end)
  if (rest < bytes.length) throw new ScanError('unexpected data after the end of the dump', rest)
  const kind = kindAt(bytes, whole)
  // A bare word such as `hello` is not JSON at all; JSON.parse says so precisely.
  if (kind === 'other') parseSpan(bytes, whole)
  if (kind !== 'object') throw notADump(origin)
  // Everything outside the sections is checked here, as nothing reads it later and
  // skipValue only follows brackets and quotes (it lets `[0xff]` through).
  let configs: Span | undefined
  let clustersAnswer = false
  for (const [key, span] of objectMembers(bytes, whole)) {
    if (key === 'configs') configs = span
    else parseSpan(bytes, span)
    if (key === 'cluster_statuses') clustersAnswer = true
  }
  if (!configs && clustersAnswer) throw new UserError(`${origin} is Envoy's /clusters?format=json, not a config dump; \`endpoint\` shows the endpoints it lists`)
  if (!configs || kindAt(bytes, configs) !== 'array') throw notADump(origin)
  const index: IndexedSection[] = []
  for (const element of arrayElements(bytes, configs)) {
    if (kindAt(bytes, element) !== 'object') {
      parseSpan(bytes, element)
      continue
    }
    let type = ''
    for (const [key, span] of objectMembers(bytes, element)) {
      if (key !== '@type') continue
      const value = parseSpan(bytes, span)
      if (typeof value === 'string') type = value
    }
    index.push({type, span: element})
  }
  return index
}

function notADump(origin: string): UserError {
  return new UserError(`${origin} is not an Envoy config dump: expected a JSON object with a "configs" list`)
}

export function parseConfigDump(bytes: Buffer, origin: string): ConfigDump {
  return ConfigDump.fromBuffer(bytes, origin)
}
