import {camelCase} from '../core/json.js'
import {loadSchema, type EnumInfo, type FieldInfo, type MessageInfo, type Schema, type TypeRef} from './schema.js'

/**
 * Envoy admin JSON → the canonical proto3 JSON that istioctl prints (Go
 * jsonpb): JSON field names in .proto declaration order, defaults omitted,
 * enums by name, 64-bit integers quoted, well-known types in their special
 * forms, Any expanded with its "@type" first, v2 type names moved to v3.
 *
 * The input is whatever Envoy (or a saved file) produced, so nothing here
 * throws on odd data. Rule for values that do not fit the schema (an object
 * where a string is expected, a list for a singular field, a non-numeric
 * integer, an enum name Envoy invented after our protos were cut): they are
 * kept as they are. Go would refuse the whole dump, but this is a display
 * tool, and showing what the proxy reported beats silently hiding it.
 * Unknown fields are dropped, as a proto3 parser does, and an Any whose type
 * we have no schema for (Istio's and Cilium's own filters) is kept verbatim.
 *
 * A number beyond float64 (1e400) is the one value JSON.parse reads that JSON
 * cannot print: JSON.stringify would write null, YAML .inf. Go cannot read it
 * at all (strconv.ParseFloat reports a range error, so istioctl refuses the
 * dump); here it is an infinite double, spelled as jsonpb spells one,
 * "Infinity" or "-Infinity", which every format then prints alike.
 */

const TYPE_URL_PREFIX = 'type.googleapis.com/'

// Envoy's protobuf parsers stop at 100 levels, so real configs are never
// deeper; the bound only keeps corrupt or hostile input from exhausting the
// stack (which happens near 2000 levels), and deeper values are returned
// untouched.
const MAX_DEPTH = 300

type Json = unknown
type JsonObject = Record<string, unknown>

/**
 * Transcodes `raw` as the message `typeName` (full name, optionally with a
 * type URL prefix; v2 names are accepted). Unknown types return `raw` as is.
 */
export function toProtoJson(raw: unknown, typeName: string): unknown {
  const schema = loadSchema()
  const name = typeName.slice(typeName.lastIndexOf('/') + 1)
  if (WELL_KNOWN.has(name)) return convert(schema, raw, name, 0)
  const found = schema.lookup(name)
  return found === undefined ? spellInfinities(raw, 0) : convert(schema, raw, found.index, 0)
}

/** Transcodes an Any-shaped object (`{"@type": url, ...}`); unknown types come back unchanged. */
export function anyToProtoJson(raw: unknown): unknown {
  return convertAny(loadSchema(), raw, 0)
}

function convert(schema: Schema, raw: Json, type: TypeRef, depth: number): Json {
  if (depth > MAX_DEPTH) return raw
  if (typeof type === 'number') {
    const info = schema.type(type)
    return info.kind === 'enum' ? convertEnum(raw, info) : convertMessage(schema, raw, info, depth)
  }
  return spellInfinity(WELL_KNOWN.has(type) ? convertWellKnown(schema, raw, type, depth) : convertScalar(raw, type))
}

function spellInfinity(value: Json): Json {
  if (value === Number.POSITIVE_INFINITY) return 'Infinity'
  return value === Number.NEGATIVE_INFINITY ? '-Infinity' : value
}

/** The same through a value kept verbatim; copies only what holds an infinity. */
function spellInfinities(raw: Json, depth: number): Json {
  if (depth > MAX_DEPTH) return raw
  if (Array.isArray(raw)) {
    const items = raw.map((v) => spellInfinities(v, depth + 1))
    return items.some((v, i) => v !== raw[i]) ? items : raw
  }
  if (isObject(raw)) {
    const entries = Object.keys(raw).map((k): [string, Json] => [k, spellInfinities(raw[k], depth + 1)])
    return entries.some(([k, v]) => v !== raw[k]) ? Object.fromEntries(entries) : raw
  }
  return spellInfinity(raw)
}

/** `typeUrl`, when given, becomes the leading "@type" member (Any). */
function convertMessage(schema: Schema, raw: Json, info: MessageInfo, depth: number, typeUrl?: string): Json {
  if (!isObject(raw)) return raw
  // Collect by declaration index first: output order is the .proto order,
  // not the input order, and a oneof keeps only its last member set.
  const values: unknown[] = new Array(info.fields.length)
  let oneofChoice: number[] | undefined
  for (const key of Object.keys(raw)) {
    const field = info.byKey.get(key)
    if (field === undefined) continue
    values[field.index] = raw[key]
    if (field.oneof !== 0) {
      oneofChoice ??= []
      const previous = oneofChoice[field.oneof]
      if (previous !== undefined && previous !== field.index) values[previous] = undefined
      oneofChoice[field.oneof] = field.index
    }
  }
  const out: JsonObject = typeUrl === undefined ? {} : {'@type': typeUrl}
  for (const field of info.fields) {
    const value = values[field.index]
    if (value === undefined) continue
    const converted = convertField(schema, value, field, depth + 1)
    if (converted !== undefined) out[field.jsonName] = converted
  }
  return out
}

/** Returns undefined when jsonpb would omit the field. */
function convertField(schema: Schema, raw: Json, field: FieldInfo, depth: number): Json | undefined {
  if (field.mapKey !== undefined) return convertMap(schema, raw, field, depth)
  if (field.repeated) {
    if (!Array.isArray(raw)) return raw
    if (raw.length === 0) return undefined
    return raw.map((item) => convert(schema, item, field.type, depth))
  }
  // In proto3 JSON, null means "not set" except for google.protobuf.Value,
  // where it is the null value itself.
  if (raw === null) return field.type === 'google.protobuf.Value' ? null : undefined
  const converted = convert(schema, raw, field.type, depth)
  if (field.oneof !== 0) return converted
  return isDefaultValue(schema, converted, field.type) ? undefined : converted
}

function convertMap(schema: Schema, raw: Json, field: FieldInfo, depth: number): Json | undefined {
  if (!isObject(raw)) return raw
  const keyKind = field.mapKey!
  const entries: Array<[string, unknown]> = Object.keys(raw).map((key) => [normalizeMapKey(key, keyKind), convert(schema, raw[key], field.type, depth)])
  if (entries.length === 0) return undefined
  const numeric = keyKind !== 'string' && keyKind !== 'bool'
  entries.sort(([a], [b]) => (numeric ? compareIntegers(a, b) : compareCodePoints(a, b)))
  // Object.fromEntries defines own properties, so a "__proto__" key from the
  // data stays a key instead of replacing the prototype. One order Go has
  // and a JS object cannot: integer-like keys always enumerate first, in
  // numeric order, so string keys "10" and "9" come out as 9, 10.
  return Object.fromEntries(entries)
}

function normalizeMapKey(key: string, kind: string): string {
  if (kind === 'string' || kind === 'bool') return key
  const n = parseInteger(key)
  return n === undefined ? key : n.toString()
}

function compareIntegers(a: string, b: string): number {
  const x = parseInteger(a)
  const y = parseInteger(b)
  if (x === undefined || y === undefined) return compareCodePoints(a, b)
  return x < y ? -1 : x > y ? 1 : 0
}

// Go compares map keys and Struct keys as UTF-8 bytes, which orders like code
// points; JavaScript's < compares UTF-16 units and differs above U+FFFF.
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!
    const y = b.codePointAt(i)!
    if (x !== y) return x - y
    if (x > 0xffff) i++
  }
  return a.length - b.length
}

// Zero scalars and the zero enum value are what proto3 leaves unset. A value
// of the wrong JSON type is never a default: it is kept as is.
function isDefaultValue(schema: Schema, value: Json, type: TypeRef): boolean {
  if (typeof type === 'number') {
    const info = schema.type(type)
    return info.kind === 'enum' && info.numberOf.get(value as string) === 0
  }
  switch (typeof value) {
    case 'string':
      return (value === '' && (type === 'string' || type === 'bytes')) || (value === '0' && SCALAR_INT64.has(type))
    case 'number':
      return Object.is(value, 0) && (type === 'double' || type === 'float' || SCALAR_INT32.has(type))
    case 'boolean':
      return value === false && type === 'bool'
    default:
      return false
  }
}

function convertEnum(raw: Json, info: EnumInfo): Json {
  if (typeof raw === 'string') {
    const num = info.numberOf.get(raw)
    return num === undefined ? raw : info.nameOf.get(num)
  }
  if (typeof raw === 'number' && Number.isInteger(raw)) return info.nameOf.get(raw) ?? raw
  return raw
}

const SCALAR_INT32 = new Set(['int32', 'sint32', 'sfixed32', 'uint32', 'fixed32'])
const SCALAR_INT64 = new Set(['int64', 'sint64', 'sfixed64', 'uint64', 'fixed64'])

function convertScalar(raw: Json, kind: string): Json {
  if (SCALAR_INT32.has(kind)) {
    const n = parseInteger(raw)
    return n === undefined ? raw : Number(n)
  }
  if (SCALAR_INT64.has(kind)) {
    const n = parseInteger(raw)
    return n === undefined ? raw : n.toString()
  }
  switch (kind) {
    case 'double':
    case 'float':
      return convertFloat(raw, kind === 'float')
    case 'bytes':
      return typeof raw === 'string' ? canonicalBase64(raw) : raw
    default:
      // string and bool need no normalisation
      return raw
  }
}

// proto3 JSON allows integers as numbers or decimal strings.
function parseInteger(raw: Json): bigint | undefined {
  if (typeof raw === 'number') return Number.isInteger(raw) ? BigInt(raw) : undefined
  if (typeof raw === 'string' && /^-?\d+$/.test(raw)) return BigInt(raw)
  return undefined
}

function convertFloat(raw: Json, single: boolean): Json {
  let n: number
  if (typeof raw === 'number') n = raw
  else if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) n = Number(raw)
  else return raw // "NaN", "Infinity" and "-Infinity" are already what jsonpb prints
  return single ? shortestFloat32(n) : n
}

// Go prints a float field with the fewest digits that round-trip through
// float32, not float64: 0.1f is "0.1", not 0.10000000149011612.
function shortestFloat32(n: number): number {
  const f = Math.fround(n)
  if (!Number.isFinite(f)) return f
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(f.toPrecision(digits))
    if (Math.fround(candidate) === f) return candidate
  }
  return Number(f.toPrecision(9))
}

// Parsers accept standard or URL-safe base64, padded or not; jsonpb prints
// padded standard base64.
function canonicalBase64(s: string): string {
  if (!/^[A-Za-z0-9+/_-]*=*$/.test(s)) return s
  return Buffer.from(s, 'base64').toString('base64')
}

const WRAPPERS: ReadonlyMap<string, string> = new Map([
  ['google.protobuf.DoubleValue', 'double'],
  ['google.protobuf.FloatValue', 'float'],
  ['google.protobuf.Int64Value', 'int64'],
  ['google.protobuf.UInt64Value', 'uint64'],
  ['google.protobuf.Int32Value', 'int32'],
  ['google.protobuf.UInt32Value', 'uint32'],
  ['google.protobuf.BoolValue', 'bool'],
  ['google.protobuf.StringValue', 'string'],
  ['google.protobuf.BytesValue', 'bytes'],
])

const WELL_KNOWN = new Set([
  ...WRAPPERS.keys(),
  'google.protobuf.Any',
  'google.protobuf.Duration',
  'google.protobuf.Timestamp',
  'google.protobuf.Struct',
  'google.protobuf.Value',
  'google.protobuf.ListValue',
  'google.protobuf.NullValue',
  'google.protobuf.Empty',
  'google.protobuf.FieldMask',
])

function convertWellKnown(schema: Schema, raw: Json, name: string, depth: number): Json {
  const wrapped = WRAPPERS.get(name)
  if (wrapped !== undefined) return convertScalar(raw, wrapped)
  switch (name) {
    case 'google.protobuf.Any':
      return convertAny(schema, raw, depth)
    case 'google.protobuf.Duration':
      return typeof raw === 'string' ? (formatDuration(raw) ?? raw) : raw
    case 'google.protobuf.Timestamp':
      return typeof raw === 'string' ? (formatTimestamp(raw) ?? raw) : raw
    case 'google.protobuf.Struct':
      return isObject(raw) ? convertStruct(raw, depth) : raw
    case 'google.protobuf.ListValue':
      return Array.isArray(raw) ? raw.map((v) => convertValue(v, depth + 1)) : raw
    case 'google.protobuf.Value':
      return convertValue(raw, depth)
    case 'google.protobuf.NullValue':
      return null
    case 'google.protobuf.Empty':
      return isObject(raw) ? {} : raw
    default: // google.protobuf.FieldMask
      return typeof raw === 'string' ? raw.split(',').map(camelCase).join(',') : raw
  }
}

function convertAny(schema: Schema, raw: Json, depth: number): Json {
  if (depth > MAX_DEPTH || !isObject(raw) || typeof raw['@type'] !== 'string') return raw
  const url = raw['@type']
  const name = url.slice(url.lastIndexOf('/') + 1)
  if (WELL_KNOWN.has(name)) {
    const out: JsonObject = {'@type': url}
    if ('value' in raw) out.value = convert(schema, raw.value, name, depth + 1)
    return out
  }
  const target = anyTarget(schema, url, name)
  if (target === undefined) return spellInfinities(raw, depth)
  const info = schema.type(target.index)
  return info.kind === 'message' ? convertMessage(schema, raw, info, depth + 1, target.typeUrl) : raw
}

// Any URLs repeat across a dump (every filter, every cluster), so the
// resolution, including the v2 → v3 rewrite, is worth remembering.
const anyTargets = new Map<string, {index: number; typeUrl: string} | undefined>()

function anyTarget(schema: Schema, url: string, name: string): {index: number; typeUrl: string} | undefined {
  if (anyTargets.has(url)) return anyTargets.get(url)
  const found = schema.lookup(name)
  const prefix = url.length > name.length ? url.slice(0, url.length - name.length) : TYPE_URL_PREFIX
  const target = found && {index: found.index, typeUrl: found.name === name ? url : prefix + found.name}
  anyTargets.set(url, target)
  return target
}

// Struct is a map in disguise: Go sorts its keys like any map.
function convertStruct(raw: JsonObject, depth: number): Json {
  if (depth > MAX_DEPTH) return raw
  const keys = Object.keys(raw).sort(compareCodePoints)
  return Object.fromEntries(keys.map((k) => [k, convertValue(raw[k], depth + 1)]))
}

function convertValue(raw: Json, depth: number): Json {
  if (depth > MAX_DEPTH) return raw
  if (Array.isArray(raw)) return raw.map((v) => convertValue(v, depth + 1))
  if (isObject(raw)) return convertStruct(raw, depth)
  return spellInfinity(raw)
}

const MAX_DURATION_SECONDS = 315_576_000_000n

/** "1.5s" → "1.500s": jsonpb prints 0, 3, 6 or 9 fractional digits. */
function formatDuration(s: string): string | undefined {
  const m = /^([-+]?)(\d*)(?:\.(\d{0,9}))?s$/.exec(s)
  if (m === null || (m[2] === '' && !m[3])) return undefined
  const seconds = BigInt(m[2] || '0')
  if (seconds > MAX_DURATION_SECONDS) return undefined
  const nanos = (m[3] ?? '').padEnd(9, '0')
  const negative = m[1] === '-' && (seconds !== 0n || /[1-9]/.test(nanos))
  return `${negative ? '-' : ''}${seconds}${trimFraction(nanos)}s`
}

/** RFC 3339 in any offset → UTC "Z" with 0, 3, 6 or 9 fractional digits, as jsonpb prints it. */
function formatTimestamp(s: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/.exec(s)
  if (m === null) return undefined
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number)
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined
  }
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, 0)
  if (m[8] !== undefined) {
    const offsetMinutes = Number(m[9]) * 60 + Number(m[10])
    date.setTime(date.getTime() - (m[8] === '-' ? -1 : 1) * offsetMinutes * 60_000)
  }
  const utcYear = date.getUTCFullYear()
  if (utcYear < 1 || utcYear > 9999) return undefined
  return `${date.toISOString().slice(0, 19)}${trimFraction((m[7] ?? '').padEnd(9, '0'))}Z`
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0)
  date.setUTCFullYear(year, month, 0)
  return date.getUTCDate()
}

function trimFraction(nanos: string): string {
  if (nanos === '000000000') return ''
  if (nanos.endsWith('000000')) return `.${nanos.slice(0, 3)}`
  if (nanos.endsWith('000')) return `.${nanos.slice(0, 6)}`
  return `.${nanos}`
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
