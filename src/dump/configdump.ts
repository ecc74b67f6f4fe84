import {UserError} from '../cli/errors.js'
import {type Raw, field, isRaw} from '../model/raw.js'
import {type Span, ScanError, arrayElements, kindAt, objectMembers, parseSpan, skipSpace, skipValue} from './scan.js'

const TYPE_PREFIX = 'type.googleapis.com/'

/** The config_dump sections istioctl reads, by their admin.v3 message names. */
export const Section = {
  bootstrap: 'envoy.admin.v3.BootstrapConfigDump',
  clusters: 'envoy.admin.v3.ClustersConfigDump',
  listeners: 'envoy.admin.v3.ListenersConfigDump',
  routes: 'envoy.admin.v3.RoutesConfigDump',
  secrets: 'envoy.admin.v3.SecretsConfigDump',
  endpoints: 'envoy.admin.v3.EndpointsConfigDump',
  ecds: 'envoy.admin.v3.EcdsConfigDump',
} as const
export type SectionName = keyof typeof Section

/** Older Envoys (and v2 dumps kept around) name the same sections envoy.admin.v2alpha.*. */
function canonicalType(url: string): string {
  const name = url.startsWith(TYPE_PREFIX) ? url.slice(TYPE_PREFIX.length) : url
  return name.replace(/^envoy\.admin\.v2alpha\./, 'envoy.admin.v3.')
}

export function missingSection(name: SectionName): string {
  return `config dump has no configuration type ${TYPE_PREFIX}${Section[name]}`
}

/** One `configs[]` entry: its type and, per top-level member, where the value lies. */
interface IndexedSection {
  type: string
  members: Map<string, Span>
}

/** [repeated field, dotted path to the resource inside each entry ('' = the entry itself)]. */
export type ResourceGroups = readonly (readonly [string, string])[]

/**
 * A /config_dump, indexed but not parsed: the bytes stay in one Buffer, the scan
 * records where each section and each of its fields lies, and commands parse only
 * the resources they show, one at a time. This is what lets a 700 MB dump work.
 */
export class ConfigDump {
  private constructor(
    private readonly bytes: Buffer,
    private readonly index: readonly IndexedSection[],
    /** Names the dump in messages: "file dump.json", "pod x.ns". */
    readonly origin: string,
  ) {}

  static fromBuffer(bytes: Buffer, origin: string): ConfigDump {
    let start = 0
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3
    start = skipSpace(bytes, start)
    if (start >= bytes.length) throw new UserError(`${origin} is empty: expected an Envoy config dump (JSON)`)
    try {
      return new ConfigDump(bytes, indexDump(bytes, start, origin), origin)
    } catch (error) {
      if (error instanceof ScanError) throw new UserError(`${origin} is not valid JSON: ${error.message}`)
      throw error
    }
  }

  private entries(name: SectionName): IndexedSection[] {
    return this.index.filter((s) => canonicalType(s.type) === Section[name])
  }

  has(name: SectionName): boolean {
    return this.entries(name).length > 0
  }

  /** Like Envoy's consumers, the last section of a type wins when a dump repeats it. */
  section(name: SectionName): Raw | undefined {
    const all = this.sections(name)
    return all[all.length - 1]
  }

  sections(name: SectionName): Raw[] {
    return this.entries(name).map((s) => {
      const out: Raw = {'@type': s.type}
      for (const [key, span] of s.members) out[key] = this.parse(span, s.type)
      return out
    })
  }

  require(name: SectionName): void {
    if (!this.has(name)) throw new UserError(`${this.origin}: ${missingSection(name)}`)
  }

  /** The whole section, parsed; for the small ones (bootstrap, secrets). */
  requireSection(name: SectionName): Raw {
    this.require(name)
    return this.section(name) as Raw
  }

  /**
   * Resources of the last section of this type, in the order istioctl lists them,
   * each parsed on its own. Entries without the resource (e.g. listeners that are
   * only warming) are skipped.
   */
  *resources(name: SectionName, groups: ResourceGroups): Generator<Raw> {
    const entries = this.entries(name)
    const section = entries[entries.length - 1]
    if (!section) return
    for (const [listName, path] of groups) {
      const span = section.members.get(listName) ?? section.members.get(camel(listName))
      if (!span || kindAt(this.bytes, span) !== 'array') continue
      const steps = path === '' ? [] : path.split('.')
      for (const element of arrayElements(this.bytes, span)) {
        const entry = this.parse(element, section.type)
        const res = steps.reduce<unknown>((o, step) => field(o, step), entry)
        if (isRaw(res)) yield res
      }
    }
  }

  private parse(span: Span, type: string): unknown {
    try {
      return parseSpan(this.bytes, span)
    } catch (error) {
      if (error instanceof ScanError) throw new UserError(`${this.origin} is not valid JSON: ${error.message} (in the ${shortType(type)} section)`)
      throw error
    }
  }
}

function camel(snake: string): string {
  return snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
}

function shortType(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1) || 'unnamed'
}

function indexDump(bytes: Buffer, start: number, origin: string): IndexedSection[] {
  const whole = {start, end: skipValue(bytes, start)}
  const rest = skipSpace(bytes, whole.end)
  if (rest < bytes.length) throw new ScanError('unexpected data after the end of the dump', rest)
  const kind = kindAt(bytes, whole)
  // A bare word such as `hello` is not JSON at all; JSON.parse says so precisely.
  if (kind === 'other') parseSpan(bytes, whole)
  if (kind !== 'object') throw notADump(origin)
  let configs: Span | undefined
  for (const [key, span] of objectMembers(bytes, whole)) if (key === 'configs') configs = span
  if (!configs || kindAt(bytes, configs) !== 'array') throw notADump(origin)
  const index: IndexedSection[] = []
  for (const element of arrayElements(bytes, configs)) {
    if (kindAt(bytes, element) !== 'object') continue
    const members = new Map<string, Span>()
    let type = ''
    for (const [key, span] of objectMembers(bytes, element)) {
      if (key === '@type') {
        const value = parseSpan(bytes, span)
        if (typeof value === 'string') type = value
      } else {
        members.set(key, span)
      }
    }
    index.push({type, members})
  }
  return index
}

function notADump(origin: string): UserError {
  return new UserError(`${origin} is not an Envoy config dump: expected a JSON object with a "configs" list`)
}

/** The dump without a byte-order mark or surrounding whitespace, as bytes (it may exceed any string). */
export function trimJson(bytes: Buffer): Buffer {
  const start = skipSpace(bytes, bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0)
  let end = bytes.length
  while (end > start && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d || bytes[end - 1] === 0x09)) end--
  return bytes.subarray(start, end)
}

/** Parses small admin answers (e.g. /clusters?format=json), turning failures into one line naming the origin. */
export function parseJson(bytes: Buffer, origin: string): unknown {
  let text = bytes.toString('utf8')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if (text.trim() === '') throw new UserError(`${origin} is empty: expected Envoy admin JSON`)
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UserError(`${origin} is not valid JSON: ${(error as Error).message}`)
  }
}

export function parseConfigDump(bytes: Buffer, origin: string): ConfigDump {
  return ConfigDump.fromBuffer(bytes, origin)
}
