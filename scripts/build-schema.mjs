// Build-time generator for dist/envoy-schema.json: the subset of the Envoy
// API descriptors that src/proto/transcode.ts needs to print Envoy resources
// the way Go's jsonpb does. Parsing ~600 .proto files takes seconds, far too
// slow for every CLI invocation, so it happens once here.
//
// Output format (version 1), read by src/proto/schema.ts:
//   {
//     "format": 1,
//     "types": [[fullName, body], ...]        sorted by fullName
//        message body: a string of fields in .proto declaration order (the
//          order jsonpb prints them in), joined by ",". Each field is
//          "protoName type [label [oneof]]", space-separated:
//          type:  digits = index into "types"; otherwise a scalar kind
//                 ("int64", "string", ...) or a google.protobuf well-known
//                 type name, which the transcoder handles by hand
//          label: 0 singular, 1 repeated, or the key kind of a map field
//                 (then "type" is the value type)
//          oneof: 1-based oneof group number within the message, 0 if none
//          trailing defaults (label 0, oneof 0) are left out.
//          A string rather than nested arrays because JSON.parse handles
//          one string far faster than a dozen small arrays, and the runtime
//          splits only the messages it meets.
//        enum body: {VALUE_NAME: number, ...} in declaration order
//     "v2": {"envoy.api.v2.Cluster": typeIndex, ...}   sorted by key
//   }
// JSON names are not stored: none of the loaded protos sets json_name (this
// script refuses to run if one does), so they are derived from protoName.

import fs from 'node:fs'
import path from 'node:path'
import {createRequire} from 'node:module'
import {fileURLToPath} from 'node:url'

const require = createRequire(import.meta.url)
const protobuf = require('protobufjs')

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const deps = path.join(root, 'node_modules/@grpc/grpc-js-xds/deps')
const includeDirs = [
  ...['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map((d) => path.join(deps, d)),
  // google/protobuf/descriptor.proto, which protobufjs does not bundle
  path.resolve(path.dirname(require.resolve('protobufjs/google/protobuf/descriptor.proto')), '../..'),
]
const outFile = path.join(root, 'dist/envoy-schema.json')

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
// grpc-js-xds does not vendor opentelemetry-proto, but Istio's Telemetry API
// configures the OpenTelemetry access logger, whose config embeds these
// messages. Only the ones Envoy references are declared.
const OTEL_COMMON = 'opentelemetry/proto/common/v1/common.proto'
const OTEL_COMMON_SOURCE = `syntax = "proto3";
package opentelemetry.proto.common.v1;
message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue {
  string key = 1;
  AnyValue value = 2;
}
`
const PREVIOUS_TYPE_OPTION = '(udpa.annotations.versioning).previous_message_type'

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

// Imports must be bundled with protobufjs or on disk. grpc-js-xds does not
// vendor Envoy's v2 API, so files that still import it (or other absent
// repositories such as opencensus) are skipped rather than failing the build.
const importable = new Map()
function canLoad(file) {
  if (importable.has(file)) return importable.get(file)
  importable.set(file, true) // provisional, in case of an import cycle
  const text = fs.readFileSync(file, 'utf8')
  let ok = true
  for (const m of text.matchAll(/^import\s+(?:public\s+|weak\s+)?"([^"]+)"\s*;/gm)) {
    if (m[1] === OTEL_COMMON || protobuf.common.get(m[1])) continue
    const dep = findImport(m[1])
    if (!dep || !canLoad(dep)) {
      ok = false
      break
    }
  }
  importable.set(file, ok)
  return ok
}

// Roots: the v3 Envoy API (v2-era packages are reached through the
// previous_message_type map instead) and the xDS/UDPA types Istio puts into
// Any fields. Service definitions never appear in config dumps.
const envoyDir = path.join(deps, 'envoy-api/envoy')
const candidates = [
  ...walk(envoyDir).filter((f) => {
    const rel = path.relative(envoyDir, f).split(path.sep)
    return rel[0] !== 'service' && rel.at(-2) === 'v3'
  }),
  ...walk(path.join(deps, 'xds/xds/core')),
  ...walk(path.join(deps, 'xds/xds/type')),
  ...walk(path.join(deps, 'xds/udpa/type')),
]
const rootFiles = candidates.filter(canLoad)
const skipped = candidates.filter((f) => !canLoad(f)).map((f) => path.relative(deps, f))

const pbRoot = new protobuf.Root()
pbRoot.resolvePath = (_origin, target) => {
  if (path.isAbsolute(target)) return target
  return findImport(target) ?? target
}
protobuf.parse(OTEL_COMMON_SOURCE, pbRoot, {keepCase: true})
// Marks the stub as loaded so imports of it are not fetched from disk.
pbRoot.files.push(OTEL_COMMON)
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

function messageBody(t) {
  const oneofs = t.oneofsArray
  return t.fieldsArray
    .map((f) => {
      if (f.options && 'json_name' in f.options) {
        throw new Error(`${f.fullName} sets json_name, which the schema format cannot express`)
      }
      const label = f.map ? f.keyType : f.repeated ? 1 : 0
      const oneof = f.partOf ? oneofs.indexOf(f.partOf) + 1 : 0
      const entry = [f.name, typeRef(f)]
      if (label !== 0 || oneof !== 0) entry.push(label)
      if (oneof !== 0) entry.push(oneof)
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

const json = JSON.stringify({format: 1, types, v2: v2Sorted})
fs.mkdirSync(path.dirname(outFile), {recursive: true})
fs.writeFileSync(outFile, json)

const messages = types.filter(([, b]) => typeof b === 'string').length
console.log(
  `envoy-schema: ${messages} messages, ${types.length - messages} enums, ` +
    `${Object.keys(v2Sorted).length} v2 names, ${(json.length / 1024).toFixed(0)} KiB -> ${path.relative(root, outFile)}`,
)
if (skipped.length > 0) console.log(`envoy-schema: skipped (missing imports): ${skipped.join(', ')}`)
if (conflicts.length > 0) console.log(`envoy-schema: ambiguous v2 names: ${conflicts.join('; ')}`)
