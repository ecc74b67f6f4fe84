import {loadSchema, type MessageInfo, type Schema, type TypeRef} from './schema.js'

/**
 * Credentials must not reach a terminal or a CI log just because a saved dump
 * holds them (Envoy redacts its own admin output; files from elsewhere may not
 * be). Redaction works on the parsed value, typed by the Envoy schema, so how a
 * key was spelled in the input (snake_case, camelCase, JSON escapes) does not
 * matter. What is hidden:
 *
 * - every field Envoy's API marks `(udpa.annotations.sensitive) = true`, the
 *   rule Envoy applies to its own admin output: every non-empty string below
 *   it, except where a DataSource says the secret lives (filename,
 *   environment_variable), which is not the secret;
 * - credentials the API does not mark (CREDENTIAL_FIELDS, CREDENTIAL_HEADERS);
 * - a PEM private-key block inside any string, also when base64-encoded (a key
 *   pasted into certificate_chain);
 * - in JSON of no known type (Struct values, extensions missing from the
 *   schema), members named like the credential fields above.
 *
 * `Any` values are typed by their "@type" and TypedStructs by their type_url,
 * at any depth. Empty values stay as they are: there is nothing to hide, and
 * Envoy's output then matches. Untouched subtrees are returned as the same
 * objects, so callers can tell whether anything was redacted.
 */

export const REDACTED = '[redacted]'
/** How Envoy itself prints a redacted bytes field. */
const ENVOY_REDACTED = Buffer.from(REDACTED).toString('base64')

/** Unmarked fields that hold a credential, by message. */
const CREDENTIAL_FIELDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['envoy.config.core.v3.GrpcService.GoogleGrpc.CallCredentials', ['access_token', 'google_refresh_token']],
  ['envoy.config.core.v3.GrpcService.GoogleGrpc.CallCredentials.ServiceAccountJWTAccessCredentials', ['json_key']],
  ['envoy.config.core.v3.GrpcService.GoogleGrpc.CallCredentials.GoogleIAMCredentials', ['authorization_token']],
  ['envoy.extensions.grpc_service.call_credentials.access_token.v3.AccessTokenCredentials', ['token']],
  ['envoy.extensions.grpc_service.call_credentials.google_refresh_token.v3.GoogleRefreshTokenCredentials', ['token']],
  ['envoy.extensions.grpc_service.call_credentials.service_account_jwt_access.v3.ServiceAccountJwtAccessCredentials', ['json_key']],
  ['envoy.extensions.grpc_service.call_credentials.google_iam.v3.GoogleIamCredentials', ['authorization_token']],
  ['envoy.extensions.filters.http.aws_lambda.v3.Credentials', ['secret_access_key', 'session_token']],
  ['envoy.config.trace.v3.LightstepConfig', ['access_token']],
])

/** Headers whose value is a credential, wherever a HeaderValue sets them (headers to add, gRPC initial metadata). */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'])
const HEADER_VALUE = 'envoy.config.core.v3.HeaderValue'
const DATA_SOURCE = 'envoy.config.core.v3.DataSource'
/** DataSource members that say where a secret is, not what it is. */
const LOCATIONS = new Set(['filename', 'environment_variable', 'environmentVariable'])
const TYPED_STRUCTS = new Set(['udpa.type.v1.TypedStruct', 'xds.type.v3.TypedStruct'])

/** Member names that hold a credential in JSON of no known type: the names of the fields above, and of Envoy's marked ones that say so. */
const CREDENTIAL_NAMES = new Set(
  [
    'private_key',
    'password',
    'pkcs12',
    'session_ticket_keys',
    'generic_secret',
    'secret_access_key',
    'session_token',
    'auth_password',
    'downstream_auth_password',
    'downstream_auth_passwords',
    'secret_data',
    'backend_token',
    'access_token',
    'google_refresh_token',
    'json_key',
    'authorization_token',
  ].flatMap((n) => [n, n.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())]),
)

/**
 * PEM private keys ("-----BEGIN RSA PRIVATE KEY-----", "…ENCRYPTED PRIVATE KEY…"),
 * up to their END line, or to the end of the string when it is cut off.
 */
const PEM_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/gi
const PEM_MARK = /PRIVATE KEY-----/i
/**
 * "PRIVATE KEY-----" as it shows inside base64 text, at each of the three byte
 * alignments it can have: only the characters made of its own bits. Searching
 * for these costs no decoding, and no regular expression, on huge strings.
 */
const BASE64_MARKS = [0, 1, 2].map((k) =>
  Buffer.from(`${'x'.repeat(k)}PRIVATE KEY-----`)
    .toString('base64')
    .slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + 16)) / 6)),
)

/**
 * How deep redaction follows a value. Parsed dumps are refused beyond 512 levels
 * (src/dump/scan.ts), so this only matters for values built otherwise; anything
 * deeper is hidden whole rather than printed unchecked.
 */
const MAX_DEPTH = 1000

/** A copy of `value`, of proto message `typeName` ('' = of no known type), with credentials replaced. */
export function redact(value: unknown, typeName = ''): unknown {
  walker ??= new Walker(loadSchema())
  const name = typeName.slice(typeName.lastIndexOf('/') + 1)
  const found = name === '' ? undefined : walker.schema.lookup(name)
  return found === undefined ? untyped(walker, value, false, 0) : walker.message(value, found.index, false, 0)
}

let walker: Walker | undefined

class Walker {
  private readonly special: {dataSource?: number; headerValue?: number; typedStructs: Set<number>; credentials: Map<number, Set<string>>}

  constructor(readonly schema: Schema) {
    this.special = specialTypes(schema)
  }

  message(value: unknown, index: number, sensitive: boolean, depth: number): unknown {
    if (depth > MAX_DEPTH) return REDACTED
    if (!isObject(value)) return untyped(this, value, sensitive, depth)
    const info = this.schema.type(index)
    if (info.kind !== 'message') return untyped(this, value, sensitive, depth)
    const credentials = this.special.credentials.get(index)
    const headerSecret = index === this.special.headerValue && isCredentialHeader(value)
    const typedStruct = this.special.typedStructs.has(index) ? this.typedStructTarget(value, info) : undefined
    let copy: Record<string, unknown> | undefined
    for (const key of Object.keys(value)) {
      const item = value[key]
      const field = info.byKey.get(key)
      let out: unknown
      if (field === undefined) {
        // "@type" of an Any, or a field our protos do not know.
        out = key === '@type' ? item : untyped(this, item, sensitive, depth + 1)
      } else if (typedStruct !== undefined && field.protoName === 'value') {
        out = this.message(item, typedStruct, sensitive, depth + 1)
      } else {
        const hidden =
          (sensitive && !(index === this.special.dataSource && LOCATIONS.has(field.protoName))) ||
          field.sensitive ||
          credentials?.has(field.protoName) === true ||
          (headerSecret && field.protoName !== 'key')
        out = this.field(item, field.type, field.repeated || field.mapKey !== undefined, field.mapKey !== undefined, hidden, depth + 1)
      }
      if (out !== item) setOwn((copy ??= {...value}), key, out)
    }
    return copy ?? value
  }

  private field(value: unknown, type: TypeRef, repeated: boolean, map: boolean, sensitive: boolean, depth: number): unknown {
    if (map && isObject(value)) return mapValues(value, (v) => this.single(v, type, sensitive, depth + 1))
    if (repeated && !map && Array.isArray(value)) return mapArray(value, (v) => this.single(v, type, sensitive, depth + 1))
    return this.single(value, type, sensitive, depth)
  }

  private single(value: unknown, type: TypeRef, sensitive: boolean, depth: number): unknown {
    if (typeof type === 'number') {
      return this.schema.type(type).kind === 'message' ? this.message(value, type, sensitive, depth) : untyped(this, value, sensitive, depth)
    }
    if (type === 'google.protobuf.Any') return this.any(value, sensitive, depth)
    return untyped(this, value, sensitive, depth)
  }

  /** An Any: typed by its "@type" when the schema has it. */
  any(value: unknown, sensitive: boolean, depth: number): unknown {
    if (!isObject(value) || typeof value['@type'] !== 'string') return untypedMembers(this, value, sensitive, depth)
    const found = this.typeOf(value['@type'])
    return found === undefined ? untypedMembers(this, value, sensitive, depth) : this.message(value, found, sensitive, depth)
  }

  // The same few type URLs recur throughout a dump (every cluster, every filter).
  private readonly byUrl = new Map<string, number | undefined>()

  private typeOf(url: string): number | undefined {
    if (!this.byUrl.has(url)) this.byUrl.set(url, this.schema.lookup(url.slice(url.lastIndexOf('/') + 1))?.index)
    return this.byUrl.get(url)
  }

  private typedStructTarget(value: Record<string, unknown>, info: MessageInfo): number | undefined {
    const urlField = info.byKey.get('type_url')
    const url = urlField && (value.type_url ?? value.typeUrl)
    return typeof url === 'string' ? this.typeOf(url) : undefined
  }
}

function specialTypes(schema: Schema): Walker['special'] {
  const index = (name: string): number | undefined => schema.lookup(name)?.index
  const credentials = new Map<number, Set<string>>()
  for (const [name, fields] of CREDENTIAL_FIELDS) {
    const i = index(name)
    if (i !== undefined) credentials.set(i, new Set(fields))
  }
  const typedStructs = new Set([...TYPED_STRUCTS].map(index).filter((i) => i !== undefined))
  return {dataSource: index(DATA_SOURCE), headerValue: index(HEADER_VALUE), typedStructs, credentials}
}

/** JSON of no known type: Struct values, unknown extensions, values of the wrong JSON type. */
function untyped(walker: Walker, value: unknown, sensitive: boolean, depth: number): unknown {
  if (depth > MAX_DEPTH) return REDACTED
  if (typeof value === 'string') return redactString(value, sensitive)
  if (Array.isArray(value)) return mapArray(value, (v) => untyped(walker, v, sensitive, depth + 1))
  if (!isObject(value)) return value
  if (typeof value['@type'] === 'string') return walker.any(value, sensitive, depth)
  return untypedMembers(walker, value, sensitive, depth)
}

function untypedMembers(walker: Walker, value: unknown, sensitive: boolean, depth: number): unknown {
  if (!isObject(value)) return untyped(walker, value, sensitive, depth)
  const headerSecret = isCredentialHeader(value)
  let copy: Record<string, unknown> | undefined
  for (const key of Object.keys(value)) {
    const item = value[key]
    let out: unknown
    if (key === '@type') out = item
    else {
      const hidden = (sensitive && !LOCATIONS.has(key)) || CREDENTIAL_NAMES.has(key) || (headerSecret && key !== 'key')
      out = untyped(walker, item, hidden, depth + 1)
    }
    if (out !== item) setOwn((copy ??= {...value}), key, out)
  }
  return copy ?? value
}

/** A HeaderValue (or anything shaped like one) that sets a credential header. */
function isCredentialHeader(value: Record<string, unknown>): boolean {
  return typeof value.key === 'string' && CREDENTIAL_HEADERS.has(value.key.toLowerCase()) && ('value' in value || 'raw_value' in value || 'rawValue' in value)
}

function redactString(s: string, sensitive: boolean): string {
  if (s === '') return s
  if (sensitive) return s === REDACTED || s === ENVOY_REDACTED ? s : REDACTED
  if (PEM_MARK.test(s)) return s.replace(PEM_KEY, REDACTED)
  // A bytes field holds its PEM text base64-encoded.
  if (BASE64_MARKS.some((mark) => s.includes(mark))) {
    const decoded = Buffer.from(s, 'base64').toString('latin1')
    if (PEM_MARK.test(decoded)) return Buffer.from(decoded.replace(PEM_KEY, REDACTED), 'latin1').toString('base64')
  }
  return s
}

function mapArray(list: unknown[], f: (v: unknown) => unknown): unknown[] {
  let copy: unknown[] | undefined
  for (let i = 0; i < list.length; i++) {
    const out = f(list[i])
    if (out !== list[i]) (copy ??= [...list])[i] = out
  }
  return copy ?? list
}

function mapValues(obj: Record<string, unknown>, f: (v: unknown) => unknown): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined
  for (const key of Object.keys(obj)) {
    const out = f(obj[key])
    if (out !== obj[key]) setOwn((copy ??= {...obj}), key, out)
  }
  return copy ?? obj
}

// Plain assignment of a "__proto__" key from the data would replace the prototype instead.
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, {value, writable: true, enumerable: true, configurable: true})
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
