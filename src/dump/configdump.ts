import {UserError} from '../core/errors.js'
import {type Loader, type Raw, camelCase, field, isRaw} from '../core/json.js'
import {BufferStore, type ByteStore, type ByteStream, KeptBuffer, SpillStore} from './input.js'
import {type LeftOut, parseElements, parseLeavingOut} from './partial.js'
import {MAX_NESTING, type MemberLayout, NestingError, type Span, ScanError, layoutObject, parseSpan} from './scan.js'
import {inKernelMemory, openingBrackets, scanBuffers} from './skip-kernel.js'
import {DumpScanner, NOT_A_DUMP, type ScannedSection} from './stream-scan.js'
import {Section, type SectionName, TYPE_PREFIX} from './sections.js'
import {ALL_STATES, HeldStates, type ResourceState} from './states.js'

export type {ResourceState} from './states.js'

/** Older Envoys (and v2 dumps kept around) name the same sections envoy.admin.v2alpha.*. */
function canonicalType(url: string): string {
  const name = url.startsWith(TYPE_PREFIX) ? url.slice(TYPE_PREFIX.length) : url
  return name.replace(/^envoy\.admin\.v2alpha\./, 'envoy.admin.v3.')
}

export function missingSection(name: SectionName): string {
  return `config dump has no configuration type ${TYPE_PREFIX}${Section[name]}`
}

/** [repeated field, dotted path to the resource inside each entry ('' = the entry itself)]. */
export type ResourceGroups = readonly (readonly [string, string])[]

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

/** Where a holder keeps its resource inside a list entry. */
function pathOf(holderPath: string, resource: string): string[] {
  return holderPath === '' ? [resource] : [holderPath, resource]
}

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
  /**
   * For an entry too large to parse whole: the resource's JSON text as the dump
   * holds it, so that output can read it piece by piece too.
   */
  bytes?: () => Buffer
  /**
   * For an entry too large to parse whole: the elements of a list the caller asked
   * to have left out of `value` (see `resourceEntries`), parsed one at a time;
   * undefined when the list is in `value`.
   */
  list?: (snake: string) => Iterable<unknown> | undefined
}

const ACTIVE: readonly ResourceState[] = ['active']

/**
 * Parses every active resource of a section into a model, one at a time, so the
 * raw objects of a huge section never all live at once.
 */
export function parseResources<T>(
  dump: ConfigDump,
  name: ResourceKind,
  parse: (value: Raw, load: Loader, where: ResourceEntry) => T | undefined,
  lists: readonly string[] = [],
): T[] {
  const out: T[] = []
  for (const entry of dump.resourceEntries(name, lists, ACTIVE)) {
    const model = parse(entry.value, entry.load, entry)
    if (model !== undefined) out.push(model)
  }
  return out
}

/**
 * V8 cannot build a string longer than this; a section at least this large is read
 * one member at a time instead of with a single JSON.parse.
 */
const WHOLE_PARSE_LIMIT = 0x1fff_ffe8 - 1024

const ADMIN_TYPE = /^(type\.googleapis\.com\/)?envoy\.admin\./

/** Entries at least this large are parsed without the lists their reader takes one element at a time. */
const HUGE_ENTRY_BYTES = 1024 * 1024

/**
 * An entry parsed without the lists its reader takes one element at a time:
 * where the values on the way to them lie in the dump (by dotted path), and
 * those lists element by element (undefined for a list it did not leave out).
 */
interface HugeEntry {
  spans: ReadonlyMap<string, Span>
  list(path: string): Iterable<unknown> | undefined
}

const NO_ENTRIES: readonly Span[] = []

/** Resources are read again from the store in runs of about this many bytes. */
const BATCH_BYTES = 4 * 1024 * 1024

/** Where a dump's bytes can be read again, and what was learnt while they streamed past. */
interface DumpParts {
  store: ByteStore
  sections: ScannedSection[]
  /** Values beside the sections, checked to be JSON as nothing else reads them. */
  extras: Span[]
  /** The root object. */
  root: Span
  deadline?: {check(what: string): void}
}

/**
 * A /config_dump, indexed but not parsed: one streaming pass found where each
 * section lies, and for the sections the command reads where each resource lies;
 * resources are parsed one at a time from the store (the file itself, or the
 * parts of a stream that were kept), and read again when output needs their JSON.
 * Nothing the command does not show is ever held, which is what keeps a 700 MB
 * dump within bounded memory, and fast.
 */
export class ConfigDump {
  private readonly store: ByteStore
  private readonly index: readonly ScannedSection[]
  readonly root: Span
  private readonly deadline?: {check(what: string): void}
  /** Sections that were parsed whole. */
  private readonly parsed = new Map<ScannedSection, Raw>()
  private readonly checked = new Set<ScannedSection>()
  /** The buffer lists are read through, between two lists. */
  private spare: Buffer | undefined
  /** Kept for huge entries, and for the lists read out of them one element at a time. */
  private readonly largeEntries = new KeptBuffer()
  private readonly largeLists = new KeptBuffer()
  /** Huge entries parsed without some lists, by where they start and the lists left out (see parseLeavingOut). */
  private readonly hugeEntries = new Map<string, ReturnType<typeof parseLeavingOut>>()
  /** What each resource list's entries were found to hold, by the list's element spans. */
  private readonly heldStates = new Map<readonly Span[], HeldStates>()

  private constructor(
    parts: DumpParts,
    /** Names the dump in messages: "file dump.json", "pod x.ns". */
    readonly origin: string,
    /**
     * Values at least this large (bytes) are not parsed whole: sections member by
     * member, and resource entries (from HUGE_ENTRY_BYTES at the latest) without
     * their large lists. Tests lower it.
     */
    private readonly wholeParseLimit: number,
  ) {
    this.store = parts.store
    this.index = parts.sections
    this.root = parts.root
    this.deadline = parts.deadline
    for (const extra of parts.extras) {
      try {
        parseSpan(this.store.read(extra.start, extra.end), {start: 0, end: extra.end - extra.start})
      } catch (error) {
        throw error instanceof ScanError ? scanFailure(origin, relocated(error, extra.start) as ScanError) : error
      }
    }
  }

  /** A dump already in memory; `sections` as for `read`. */
  static fromBuffer(bytes: Buffer, origin: string, wholeParseLimit = WHOLE_PARSE_LIMIT, sections?: readonly SectionName[]): ConfigDump {
    const scanner = new DumpScanner(wantedBy(sections))
    scanAll(origin, () => scanner.feed(bytes, 0, true))
    return new ConfigDump({store: new BufferStore(bytes), sections: scanner.sections, extras: scanner.extras, root: checked(scanner, origin)}, origin, wholeParseLimit)
  }

  /**
   * Reads a dump as it streams in. `sections` are the ones the command reads (all
   * when absent); the others are passed over and, from a stream that cannot be
   * read again, not kept.
   */
  static async read(input: ByteStream, origin: string, sections?: readonly SectionName[]): Promise<ConfigDump> {
    const spill = input.rereadable ? undefined : new SpillStore()
    // Every section wanted (`all`): keep the whole input, framing included, for output that prints it.
    const keepAll = spill !== undefined && sections === undefined
    const scanner = new DumpScanner(wantedBy(sections), spill && !keepAll ? (bytes, start) => spill.append(bytes, start) : undefined)
    let carry: Buffer | undefined
    let base = 0
    let total = 0
    await scanAllAsync(origin, async () => {
      for await (const chunk of input.chunks) {
        input.deadline?.check(`reading ${origin}`)
        if (keepAll) spill.append(chunk, total)
        total += chunk.length
        const data = carry ? Buffer.concat([carry, chunk]) : chunk
        const used = scanner.feed(data, base, false)
        // Chunks are reused by their reader: what is left over is copied.
        carry = used < data.length ? Buffer.from(data.subarray(used)) : undefined
        base += used
      }
      scanner.feed(carry ?? Buffer.alloc(0), base, true)
    })
    const store = input.rereadable ?? spill!
    return new ConfigDump({store, sections: scanner.sections, extras: scanner.extras, root: checked(scanner, origin), deadline: input.deadline}, origin, WHOLE_PARSE_LIMIT)
  }

  private entries(name: SectionName): ScannedSection[] {
    return this.index.filter((s) => canonicalType(s.type) === Section[name])
  }

  /** Types of sections that are not Envoy admin dumps at all (cilium's, say), without the URL prefix. */
  foreignTypes(): string[] {
    return [...new Set(this.index.map((s) => s.type).filter((t) => !ADMIN_TYPE.test(t)))].map((t) => t.replace(/^type\.googleapis\.com\//, '') || '(no @type)')
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

  /** Every section, in dump order, with its type and where it lies (for output that prints the dump piece by piece). */
  layout(): readonly {type: string; span: Span; members: ReadonlyMap<string, MemberLayout>}[] {
    return this.index.map((s) => ({type: s.type, span: s.span, members: this.membersOf(s)}))
  }

  /** Bytes [start, end) of the dump as it was read. */
  read(start: number, end: number): Buffer {
    return this.store.read(start, end)
  }

  /**
   * Resources of the last section of this type, in the order istioctl lists them.
   * Entries without the resource (e.g. listeners that are only warming) are skipped.
   * Each comes with a loader that reads it again later instead of keeping it alive.
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
   * ones, and refused updates kept in `error_state`, each flagged with its state;
   * only those in `states` when given. An entry gives its states in the order
   * Envoy declares them, the refusal last. Entries an earlier pass found to hold
   * none of `states` are not read again.
   * `lists` (snake_case names) are lists of the resource that a huge entry leaves
   * out of `value`, for the caller to read through `list`, one element at a time.
   */
  *resourceEntries(kind: ResourceKind, lists: readonly string[] = [], states: readonly ResourceState[] = ALL_STATES): Generator<ResourceEntry> {
    for (const [listName, dynamic, holders] of RESOURCE_LISTS[kind] as readonly ResourceList[]) {
      const leave = holders.flatMap(([holderPath, resource]) => lists.map((snake) => [...pathOf(holderPath, resource), snake]))
      for (const {entry, again, huge, held} of this.listEntries(kind, listName, leave, states)) {
        const found = isRaw(entry) ? this.entryResources(entry, again, huge, dynamic, holders) : []
        held(found.map((e) => e.state))
        for (const e of found) if (states.includes(e.state)) yield e
      }
    }
  }

  /** The resources one list entry holds, in every state, in the order resourceEntries gives them. */
  private entryResources(entry: Raw, again: () => unknown, huge: HugeEntry | undefined, dynamic: boolean, holders: readonly Holder[]): ResourceEntry[] {
    const out: ResourceEntry[] = []
    for (const [holderPath, resource, state] of holders) {
      const holderOf = (e: unknown): unknown => (holderPath === '' ? e : field(e, holderPath))
      const holder = holderOf(entry)
      const value = field(holder, resource)
      if (isRaw(holder) && isRaw(value)) {
        out.push({
          state,
          dynamic,
          value,
          load: () => field(holderOf(again()), resource) as Raw,
          holder,
          entry,
          loadEntry: again as Loader,
          ...this.huge(huge, pathOf(holderPath, resource)),
        })
      }
    }
    if (!isRaw(field(entry, 'error_state'))) return out
    const refusedOf = (e: unknown): Raw => {
      const failed = field(field(e, 'error_state'), 'failed_configuration')
      if (isRaw(failed)) return failed
      const name = field(e, 'name')
      if (typeof name === 'string') return {name}
      // Cluster, route and endpoint entries have no name of their own; the version Envoy still serves has it.
      const served = holders.map(([holderPath, resource]) => field(holderPath === '' ? e : field(e, holderPath), resource)).find(isRaw)
      return Object.fromEntries(['name', 'cluster_name', 'clusterName'].flatMap((key) => (typeof served?.[key] === 'string' ? [[key, served[key]]] : [])))
    }
    out.push({state: 'rejected', dynamic, value: refusedOf(entry), load: () => refusedOf(again()), holder: entry, entry, loadEntry: again as Loader})
    return out
  }

  /**
   * The entries of one list of the last section of this type, each with a way to
   * read it again instead of keeping it alive, and one to record which states it
   * holds; entries recorded to hold none of `states` are passed over unread.
   */
  private *listEntries(
    name: SectionName,
    listName: string,
    leave: readonly (readonly string[])[] = [],
    states: readonly ResourceState[] = ALL_STATES,
  ): Generator<{entry: unknown; again: () => unknown; huge?: HugeEntry; held: (found: Iterable<ResourceState>) => void}> {
    const entries = this.entries(name)
    const section = entries[entries.length - 1]
    if (!section) return
    const members = this.membersOf(section)
    this.checkOthers(section, members)
    const spans = (members.get(listName) ?? members.get(camelCase(listName)))?.elements ?? NO_ENTRIES
    const held = this.heldStates.get(spans) ?? new HeldStates(spans.length)
    this.heldStates.set(spans, held)
    const indexes = held.candidates(states)
    let k = 0
    for (const {span, value, huge} of this.elements(
      indexes.map((i) => spans[i]),
      section.type,
      leave,
    )) {
      const index = indexes[k++]
      yield {entry: value, again: () => this.parse(span, section.type), huge, held: (found) => held.record(index, found)}
    }
  }

  /** `bytes` and `list` of the resource at `path` of a huge entry. */
  private huge(huge: HugeEntry | undefined, path: readonly string[]): Pick<ResourceEntry, 'bytes' | 'list'> {
    if (!huge) return {}
    const key = path.join('.')
    return {bytes: this.reader(huge.spans.get(key)), list: (snake) => huge.list(`${key}.${snake}`)}
  }

  private reader(at: Span | undefined): (() => Buffer) | undefined {
    return at && (() => this.store.read(at.start, at.end))
  }

  /**
   * Parses `spans` in order, reading them from the store in runs rather than one
   * by one, into a buffer kept for the next list: fresh memory costs page faults.
   * A huge element is parsed without the lists `leave` leads to (see HugeEntry).
   */
  private *elements(spans: readonly Span[], type: string, leave: readonly (readonly string[])[] = []): Generator<{span: Span; value: unknown; huge?: HugeEntry}> {
    // Taken while in use, so that lists read side by side each have their own; in kernel memory, where brackets are counted fast.
    const scratch = this.spare ?? scanBuffers(1, BATCH_BYTES, spans.length > 0 ? spans[spans.length - 1].end - spans[0].start : 0)[0]
    this.spare = undefined
    try {
      for (let i = 0; i < spans.length; ) {
        this.deadline?.check(`parsing ${this.origin}`)
        let j = i + 1
        while (j < spans.length && spans[j].end - spans[i].start <= BATCH_BYTES) j++
        const from = spans[i].start
        const end = spans[j - 1].end
        // A huge entry, alone in its batch, is read into the buffer kept for such reads.
        const large = end - from > scratch.length ? this.largeEntries.take(end - from) : undefined
        const bytes = this.store.read(from, end, large ?? scratch)
        for (; i < j; i++) {
          const span = spans[i]
          if (leave.length > 0 && span.end - span.start >= Math.min(HUGE_ENTRY_BYTES, this.wholeParseLimit)) {
            yield {span, ...this.parseLeavingOut(bytes, from, span, leave, type)}
          } else {
            // Resources nest a few dozen levels deep: counting their brackets spares walking every parsed one for its depth.
            const openings = openingBrackets(bytes, span.start - from, span.end - from, MAX_NESTING)
            yield {span, value: this.parseIn(bytes, from, span, type, openings)}
          }
        }
        if (large) this.largeEntries.give(large)
      }
    } finally {
      // A small list's plain buffer is not kept: a large list after it would go without the kernel.
      if (inKernelMemory(scratch)) this.spare = scratch
    }
  }

  /**
   * `parseIn` without the lists `leave` leads to, and those lists element by
   * element. Input a whole parse would refuse is refused with the whole parse's
   * error, so a huge entry fails exactly as a small one does. Laying the entry
   * out reads all of it, so the outcome (without the lists' elements, which are
   * read again from the store) is kept for the next pass over the section: the
   * resources Envoy does not serve are looked for in a second one.
   */
  private parseLeavingOut(bytes: Buffer, from: number, span: Span, leave: readonly (readonly string[])[], type: string): {value: unknown; huge: HugeEntry} {
    const key = `${span.start} ${leave.map((path) => path.join('.')).join(' ')}`
    let parsed = this.hugeEntries.get(key)
    if (!parsed) {
      try {
        parsed = shifted(parseLeavingOut(bytes, {start: span.start - from, end: span.end - from}, leave), from)
      } catch (error) {
        throw this.wholeError(relocated(error, from), span, type)
      }
      this.hugeEntries.set(key, parsed)
    }
    const {value, left, spans} = parsed
    return {value, huge: {spans, list: (path) => (left.has(path) ? this.listElements(left.get(path)!, span, type) : undefined)}}
  }

  private *listElements({elements, limit}: LeftOut, entry: Span, type: string): Generator<unknown> {
    if (elements.length === 0) return
    const from = elements[0].start
    const end = elements[elements.length - 1].end
    const buffer = this.largeLists.take(end - from)
    try {
      const bytes = this.store.read(from, end, buffer)
      yield* parseElements(bytes, {elements: elements.map((at) => ({start: at.start - from, end: at.end - from})), limit})
    } catch (error) {
      throw this.wholeError(relocated(error, from), entry, type)
    } finally {
      this.largeLists.give(buffer)
    }
  }

  /** For a ScanError of a piece of the entry at `span`: the error the whole entry's parse gives. */
  private wholeError(error: unknown, span: Span, type: string): unknown {
    if (!(error instanceof ScanError)) return error
    this.parse(span, type)
    return this.parseError(error, type)
  }

  /** Members that are not resource lists, parsed once to check them: only the lists' elements are parsed otherwise. */
  private checkOthers(section: ScannedSection, members: ReadonlyMap<string, MemberLayout>): void {
    if (this.checked.has(section)) return
    this.checked.add(section)
    for (const member of members.values()) if (!member.elements) this.parse(member.span, section.type)
  }

  /** The members of a section; a section the scan passed over is laid out now (its bytes must be readable again). */
  private membersOf(section: ScannedSection): Map<string, MemberLayout> {
    if (!section.members) {
      const bytes = this.store.read(section.span.start, section.span.end)
      try {
        const local = layoutObject(bytes, {start: 0, end: bytes.length})
        const shift = (s: Span): Span => ({start: s.start + section.span.start, end: s.end + section.span.start})
        section.members = new Map([...local].map(([key, m]) => [key, {span: shift(m.span), elements: m.elements?.map(shift)}]))
      } catch (error) {
        throw this.parseError(relocated(error, section.span.start), section.type)
      }
    }
    return section.members
  }

  private parseSection(section: ScannedSection): Raw {
    let value = this.parsed.get(section)
    if (!value) {
      if (section.span.end - section.span.start < this.wholeParseLimit) {
        const whole = this.parse(section.span, section.type)
        value = isRaw(whole) ? whole : {}
      } else {
        value = {'@type': section.type}
        for (const [key, member] of this.membersOf(section)) value[key] = this.parse(member.span, section.type)
      }
      this.parsed.set(section, value)
    }
    return value
  }

  private parse(span: Span, type: string): unknown {
    return this.parseIn(this.store.read(span.start, span.end), span.start, span, type)
  }

  /** Parses `span` (absolute) out of `bytes`, which hold the dump from offset `from`. */
  private parseIn(bytes: Buffer, from: number, span: Span, type: string, openings?: number): unknown {
    try {
      return parseSpan(bytes, {start: span.start - from, end: span.end - from}, MAX_NESTING, openings)
    } catch (error) {
      throw this.parseError(relocated(error, from), type)
    }
  }

  /** The one-line error for input the scanner refused. */
  failure(error: ScanError): UserError {
    return scanFailure(this.origin, error)
  }

  private parseError(error: unknown, type: string): unknown {
    if (error instanceof ScanError) return scanFailure(this.origin, error, ` (in the ${shortType(type)} section)`)
    return error
  }
}

/** Which sections get laid out: those named (all when none are). */
function wantedBy(sections: readonly SectionName[] | undefined): (type: string) => boolean {
  if (sections === undefined) return () => true
  const types = new Set(sections.map((name) => Section[name] as string))
  // Sections of other programs (cilium's) are rare and small: laid out like wanted ones, so that they are checked.
  return (type) => types.has(canonicalType(type)) || !ADMIN_TYPE.test(type)
}

/** What parseLeavingOut found in bytes that start at `from`, with its offsets in the whole dump. */
function shifted(parsed: ReturnType<typeof parseLeavingOut>, from: number): ReturnType<typeof parseLeavingOut> {
  const shift = (at: Span): Span => ({start: at.start + from, end: at.end + from})
  return {
    value: parsed.value,
    spans: new Map([...parsed.spans].map(([path, at]) => [path, shift(at)])),
    left: new Map([...parsed.left].map(([path, list]) => [path, {...list, elements: list.elements.map(shift)}])),
  }
}

/** A ScanError from bytes that start at `from`, with the offset in the whole dump. */
function relocated(error: unknown, from: number): unknown {
  if (!(error instanceof ScanError) || from === 0) return error
  return error instanceof NestingError ? new NestingError(error.offset + from) : new ScanError(error.reason, error.offset + from)
}

/** One line for input the scanner refused: broken JSON, or JSON nested beyond what Envoy writes. */
export function scanFailure(origin: string, error: ScanError, where = ''): UserError {
  if (error.reason === NOT_A_DUMP) return notADump(origin)
  if (error.reason === 'the input is empty') return new UserError(`${origin} is empty: expected an Envoy config dump (JSON)`)
  return new UserError(error instanceof NestingError ? `${origin}: ${error.message}${where}` : `${origin} is not valid JSON: ${error.message}${where}`)
}

function scanAll(origin: string, scan: () => void): void {
  try {
    scan()
  } catch (error) {
    throw error instanceof ScanError ? scanFailure(origin, error) : error
  }
}

async function scanAllAsync(origin: string, scan: () => Promise<void>): Promise<void> {
  try {
    await scan()
  } catch (error) {
    throw error instanceof ScanError ? scanFailure(origin, error) : error
  }
}

/** The root object's span, once the scan found a dump in it. */
function checked(scanner: DumpScanner, origin: string): Span {
  if (!scanner.sawConfigs && scanner.sawClusterStatuses) {
    throw new UserError(`${origin} is Envoy's /clusters?format=json, not a config dump; \`endpoint\` shows the endpoints it lists`)
  }
  if (!scanner.sawConfigs) throw notADump(origin)
  return scanner.root
}

function shortType(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1) || 'unnamed'
}

function notADump(origin: string): UserError {
  return new UserError(`${origin} is not an Envoy config dump: expected a JSON object with a "configs" list`)
}

export function parseConfigDump(bytes: Buffer, origin: string): ConfigDump {
  return ConfigDump.fromBuffer(bytes, origin)
}
