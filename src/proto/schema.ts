import {existsSync, readFileSync} from 'node:fs'
import {dirname, join, sep} from 'node:path'
import {fileURLToPath} from 'node:url'

import {camelCase} from '../core/json.js'

/**
 * Runtime view of src/proto/envoy-schema.json, written by scripts/gen-schema.mjs
 * (its header documents the file format) and copied to dist/ by the build.
 * Parsing the JSON is the only eager work; per-message lookup tables are built
 * the first time a message is used, because a typical command touches a few
 * dozen of the ~1200 messages.
 */

/** Proto scalar kinds, spelled as in .proto files. */
export type ScalarKind =
  | 'double'
  | 'float'
  | 'int32'
  | 'sint32'
  | 'sfixed32'
  | 'uint32'
  | 'fixed32'
  | 'int64'
  | 'sint64'
  | 'sfixed64'
  | 'uint64'
  | 'fixed64'
  | 'bool'
  | 'string'
  | 'bytes'

/**
 * A field's type: an index into the schema's types (message or enum), a
 * scalar kind, or the full name of a google.protobuf well-known type.
 */
export type TypeRef = number | string

type FileMessage = [name: string, fields: string]
type FileEnum = [name: string, values: Record<string, number>]

interface SchemaFile {
  format: 2
  types: Array<FileMessage | FileEnum>
  v2: Record<string, number>
}

export interface FieldInfo {
  readonly protoName: string
  readonly jsonName: string
  readonly type: TypeRef
  readonly repeated: boolean
  /** Key kind when the field is a map; `type` is then the value type. */
  readonly mapKey: ScalarKind | undefined
  /** 1-based oneof group within the message; 0 when not in a oneof. */
  readonly oneof: number
  /** Position in the message's declaration order. */
  readonly index: number
  /** Marked `(udpa.annotations.sensitive) = true`: Envoy redacts it in its own admin output. */
  readonly sensitive: boolean
}

export interface MessageInfo {
  readonly kind: 'message'
  /** In .proto declaration order. */
  readonly fields: readonly FieldInfo[]
  /** Accepts both the proto name and the JSON name, as proto3 JSON parsers do. */
  readonly byKey: ReadonlyMap<string, FieldInfo>
}

export interface EnumInfo {
  readonly kind: 'enum'
  /** First declared name per number: the one protobuf prints when names alias. */
  readonly nameOf: ReadonlyMap<number, string>
  readonly numberOf: ReadonlyMap<string, number>
}

export interface Schema {
  /**
   * Finds a message or enum by full name. Envoy v2 names resolve to their v3
   * successors, and `name` then reports the v3 name.
   */
  lookup(fullName: string): {index: number; name: string} | undefined
  type(index: number): MessageInfo | EnumInfo
}

const PACKAGE_NAME = 'proxy-config'
const SCHEMA_FILE = 'envoy-schema.json'

let cached: Schema | undefined

/** Loads the schema on first use; later calls return the same instance. */
export function loadSchema(): Schema {
  cached ??= parseSchema(readFileSync(schemaPath(), 'utf8'))
  return cached
}

// The same module runs bundled under dist/ (the build copies the schema
// there, as src/ is not published) and as src/proto/schema.ts under vitest,
// so the schema is found through the package root rather than a fixed
// relative path.
function schemaPath(): string {
  const self = fileURLToPath(import.meta.url)
  let dir = dirname(self)
  for (;;) {
    if (isOurPackage(join(dir, 'package.json'))) {
      const dist = join(dir, 'dist')
      const file = self.startsWith(dist + sep) ? join(dist, SCHEMA_FILE) : join(dir, 'src', 'proto', SCHEMA_FILE)
      if (!existsSync(file)) throw new Error(`Envoy schema ${file} is missing: run \`npm run build\``)
      return file
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package root above ${fileURLToPath(import.meta.url)}`)
    dir = parent
  }
}

function isOurPackage(file: string): boolean {
  if (!existsSync(file)) return false
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as {name?: unknown}).name === PACKAGE_NAME
  } catch {
    return false
  }
}

function parseSchema(text: string): Schema {
  const file = JSON.parse(text) as SchemaFile
  if (file.format !== 2) throw new Error(`unsupported Envoy schema format ${String(file.format)}: run \`npm run build\``)
  const compiled: Array<MessageInfo | EnumInfo | undefined> = []

  return {
    lookup(fullName) {
      const direct = findSorted(file.types, fullName)
      if (direct !== undefined) return {index: direct, name: fullName}
      const successor = Object.hasOwn(file.v2, fullName) ? file.v2[fullName] : undefined
      return successor === undefined ? undefined : {index: successor, name: file.types[successor][0]}
    },
    type(index) {
      return (compiled[index] ??= compile(file.types[index]))
    },
  }
}

// Binary search over the name-sorted types: building a name index up front
// would cost more than all the lookups of a typical run.
function findSorted(types: ReadonlyArray<FileMessage | FileEnum>, name: string): number | undefined {
  let lo = 0
  let hi = types.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const probe = types[mid][0]
    if (probe === name) return mid
    if (probe < name) lo = mid + 1
    else hi = mid - 1
  }
  return undefined
}

function compile(entry: FileMessage | FileEnum): MessageInfo | EnumInfo {
  const body = entry[1]
  if (typeof body !== 'string') {
    const nameOf = new Map<number, string>()
    const numberOf = new Map<string, number>()
    for (const [valueName, num] of Object.entries(body)) {
      if (!nameOf.has(num)) nameOf.set(num, valueName)
      numberOf.set(valueName, num)
    }
    return {kind: 'enum', nameOf, numberOf}
  }
  const fields = (body === '' ? [] : body.split(',')).map((spec, index): FieldInfo => {
    const [protoName, type, label = '0', oneof = '0', flags = ''] = spec.split(' ')
    return {
      protoName,
      jsonName: camelCase(protoName),
      type: /^\d+$/.test(type) ? Number(type) : type,
      repeated: label === '1',
      mapKey: label === '0' || label === '1' ? undefined : (label as ScalarKind),
      oneof: Number(oneof),
      index,
      sensitive: flags === 's',
    }
  })
  const byKey = new Map<string, FieldInfo>()
  for (const f of fields) {
    byKey.set(f.protoName, f)
    byKey.set(f.jsonName, f)
  }
  return {kind: 'message', fields, byKey}
}
