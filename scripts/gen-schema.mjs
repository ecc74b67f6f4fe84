// Generates src/proto/envoy-schema.json from the Envoy and Istio API protos in
// ../shared/protos (or the folder given as the first argument): the part of the
// API descriptors that src/proto/transcode.ts needs to print Envoy resources the
// way Go's jsonpb does, and that src/proto/redact.ts needs to hide credentials.
// Parsing ~700 .proto files takes seconds, far too slow for every CLI run, and
// the protos are not part of this repository, so the output is committed and
// `npm run build` only copies it. Run `npm run gen:schema` after updating them.
//
// Output format (version 2), read by src/proto/schema.ts:
//   {
//     "format": 2,
//     "types": [[fullName, body], ...]        sorted by fullName
//        message body: a string of fields in .proto declaration order (the
//          order jsonpb prints them in), joined by ",". Each field is
//          "protoName type [label [oneof [flags]]]", space-separated:
//          type:  digits = index into "types"; otherwise a scalar kind
//                 ("int64", "string", ...) or a google.protobuf well-known
//                 type name, which the transcoder handles by hand
//          label: 0 singular, 1 repeated, or the key kind of a map field
//                 (then "type" is the value type)
//          oneof: 1-based oneof group number within the message, 0 if none
//          flags: "s" when the field has (udpa.annotations.sensitive) = true
//          trailing defaults (label 0, oneof 0, no flags) are left out.
//          A string rather than nested arrays because JSON.parse handles
//          one string far faster than a dozen small arrays, and the runtime
//          splits only the messages it meets.
//        enum body: {VALUE_NAME: number, ...} in declaration order
//     "v2": {"envoy.api.v2.Cluster": typeIndex, ...}   sorted by key
//   }
// JSON names are not stored: none of the protos sets json_name (this script
// refuses to run if one does), so they are derived from protoName.

import fs from 'node:fs'
import path from 'node:path'
import {createRequire} from 'node:module'
import {fileURLToPath} from 'node:url'

const require = createRequire(import.meta.url)
const protobuf = require('protobufjs')

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const protos = path.resolve(process.argv[2] ?? path.join(root, '../shared/protos'))
if (!fs.existsSync(path.join(protos, 'envoy-api/envoy'))) {
  console.error(`gen-schema: ${protos} does not hold envoy-api/envoy; pass the protos folder as the first argument`)
  process.exit(1)
}
const includeDirs = [
  ...['envoy-api', 'istio-api', 'deps'].map((d) => path.join(protos, d)),
  // google/protobuf/descriptor.proto, which protobufjs does not bundle
  path.resolve(path.dirname(require.resolve('protobufjs/google/protobuf/descriptor.proto')), '../..'),
]
const outFile = path.join(root, 'src/proto/envoy-schema.json')

// Well-known types get special JSON forms; the transcoder implements them by
// name, so the schema only records the name.
const WELL_KNOWN = new Set([
  'google.protobuf.Any',
  'google.protobuf.Duration',
  'google.protobuf.Timestamp',
  'google.protobuf.Struct',
  'google.protobuf.Value',
  'google.protobuf.ListValue',
  'google.protobuf.NullValue',
  'google.protobuf.Empty',
  'google.protobuf.FieldMask',
  'google.protobuf.DoubleValue',
  'google.protobuf.FloatValue',
  'google.protobuf.Int64Value',
  'google.protobuf.UInt64Value',
  'google.protobuf.Int32Value',
  'google.protobuf.UInt32Value',
  'google.protobuf.BoolValue',
  'google.protobuf.StringValue',
  'google.protobuf.BytesValue',
])
const SCALARS = new Set(['double', 'float', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool', 'string', 'bytes'])
const PREVIOUS_TYPE_OPTION = '(udpa.annotations.versioning).previous_message_type'
const SENSITIVE_OPTION = '(udpa.annotations.sensitive)'

function walk(dir) {
  return fs
    .readdirSync(dir, {withFileTypes: true})
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) return walk(p)
      return e.name.endsWith('.proto') ? [p] : []
    })
}

function findImport(name) {
  for (const dir of includeDirs) {
    const p = path.join(dir, name)
    if (fs.existsSync(p)) return p
  }
  return undefined
}

// Roots: the v3 Envoy API (v2-era packages are reached through the
// previous_message_type map instead, so v2 names print as their v3
// successors, as istioctl prints them), Istio's own filter configs, and the
// xDS/UDPA types Istio puts into Any fields. Service definitions never appear
// in config dumps.
const envoyDir = path.join(protos, 'envoy-api/envoy')
const rootFiles = [
  ...walk(envoyDir).filter((f) => {
    const rel = path.relative(envoyDir, f).split(path.sep)
    return rel[0] !== 'service' && /^v3(alpha)?$/.test(rel.at(-2))
  }),
  ...walk(path.join(protos, 'istio-api')),
  ...walk(path.join(protos, 'deps/xds/core')),
  ...walk(path.join(protos, 'deps/xds/type')),
  ...walk(path.join(protos, 'deps/udpa/type')),
]

const pbRoot = new protobuf.Root()
pbRoot.resolvePath = (_origin, target) => {
  if (path.isAbsolute(target)) return target
  const found = findImport(target)
  if (found === undefined && !protobuf.common.get(target)) throw new Error(`gen-schema: import ${target} not found under ${protos}`)
  return found ?? target
}
pbRoot.loadSync(rootFiles, {keepCase: true})
pbRoot.resolveAll()

const allTypes = []
;(function collect(ns) {
  for (const child of ns.nestedArray) {
    if (child instanceof protobuf.Type || child instanceof protobuf.Enum) allTypes.push(child)
    if (child.nestedArray) collect(child)
  }
})(pbRoot)

const fullName = (t) => t.fullName.slice(1)
const rootFileSet = new Set(rootFiles)

// Keep only what the roots can reach, so validation rules, google.api and
// annotation types pulled in by imports stay out of the schema.
const keep = new Map()
const queue = allTypes.filter((t) => rootFileSet.has(t.filename))
while (queue.length > 0) {
  const t = queue.pop()
  const name = fullName(t)
  if (keep.has(name) || WELL_KNOWN.has(name)) continue
  keep.set(name, t)
  if (t instanceof protobuf.Type) {
    for (const f of t.fieldsArray) if (f.resolvedType) queue.push(f.resolvedType)
  }
}

const names = [...keep.keys()].sort()
const index = new Map(names.map((n, i) => [n, i]))

function typeRef(field) {
  if (!field.resolvedType) {
    if (!SCALARS.has(field.type)) throw new Error(`unresolved type ${field.type} of ${field.fullName}`)
    return field.type
  }
  const name = fullName(field.resolvedType)
  return WELL_KNOWN.has(name) ? name : index.get(name)
}

let sensitiveCount = 0
function messageBody(t) {
  const oneofs = t.oneofsArray
  return t.fieldsArray
    .map((f) => {
      if (f.options && 'json_name' in f.options) {
        throw new Error(`${f.fullName} sets json_name, which the schema format cannot express`)
      }
      const label = f.map ? f.keyType : f.repeated ? 1 : 0
      const oneof = f.partOf ? oneofs.indexOf(f.partOf) + 1 : 0
      const sensitive = f.options?.[SENSITIVE_OPTION] === true
      if (sensitive) sensitiveCount++
      const entry = [f.name, typeRef(f)]
      if (label !== 0 || oneof !== 0 || sensitive) entry.push(label)
      if (oneof !== 0 || sensitive) entry.push(oneof)
      if (sensitive) entry.push('s')
      return entry.join(' ')
    })
    .join(',')
}

function enumBody(e) {
  const body = {}
  for (const [name, num] of Object.entries(e.values)) body[name] = num
  return body
}

const types = names.map((n) => {
  const t = keep.get(n)
  return [n, t instanceof protobuf.Type ? messageBody(t) : enumBody(t)]
})

// When several v3 messages claim the same predecessor (an extension moved
// twice), the alphabetically first one wins so the output stays stable.
const v2 = {}
const conflicts = []
for (const n of names) {
  const previous = keep.get(n).options?.[PREVIOUS_TYPE_OPTION]
  if (typeof previous !== 'string' || keep.has(previous)) continue
  if (previous in v2) conflicts.push(`${previous}: ${names[v2[previous]]} / ${n}`)
  else v2[previous] = index.get(n)
}
const v2Sorted = Object.fromEntries(
  Object.keys(v2)
    .sort()
    .map((k) => [k, v2[k]]),
)

// One type per line: a regenerated schema then diffs readably in review.
const json = `{"format":2,"v2":${JSON.stringify(v2Sorted)},"types":[\n${types.map((t) => JSON.stringify(t)).join(',\n')}\n]}\n`
fs.writeFileSync(outFile, json)

const messages = types.filter(([, b]) => typeof b === 'string').length
console.log(
  `envoy-schema: ${messages} messages, ${types.length - messages} enums, ${sensitiveCount} sensitive fields, ` +
    `${Object.keys(v2Sorted).length} v2 names, ${(json.length / 1024).toFixed(0)} KiB -> ${path.relative(root, outFile)}`,
)
if (conflicts.length > 0) console.log(`envoy-schema: ambiguous v2 names: ${conflicts.join('; ')}`)
