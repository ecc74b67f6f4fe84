import {type LayoutNode, type Span, kindAt, layoutTree, parseSpan} from '../dump/scan.js'
import {type FieldInfo, type MessageInfo, type Schema, loadSchema} from '../proto/schema.js'

/**
 * Values at least this large (bytes of their JSON) are read member by member
 * instead of parsed whole; their message fields at least this large are read
 * element by element.
 */
const PIECE_BYTES = 1024 * 1024

/** A message field on the way from the resource down to a part of it. */
interface Step {
  /** The member name as the dump spells it. */
  key: string
  field: FieldInfo
  /** For an Any field, the type URL of its value, which a part inside it needs beside it to convert. */
  anyType?: string
}

/** A member left out of a parse, to be read and converted on its own when output reaches it. */
interface Deferred {
  /** Where it lies, and for a list where its elements lie. */
  node: LayoutNode
  path: readonly Step[]
  info: MessageInfo
}

/**
 * A resource's output JSON made from its JSON text, exactly as
 * `JSON.stringify(convert(JSON.parse(text)), null, 4)` with every line after the
 * first indented by `indent`, but without ever holding the whole resource: a
 * resource of hundreds of megabytes (a listener with thousands of filter chains)
 * would otherwise exist at once as a parsed tree, a converted tree and strings
 * several times its size.
 *
 * `convert` (proto JSON conversion, redaction) must treat each message field on
 * its own, as Go's jsonpb does, so a part converts the same alone as in place. A
 * part is therefore converted inside a copy of the path to it and taken out
 * again: its field, the fields around it, the Any and redaction state above it
 * are what they are in the whole. A large message member is left out of its
 * parent's parse as a placeholder function, which conversion keeps where the
 * member's field goes (values that are not JSON are passed through as they are),
 * and is read when the writer gets there.
 */
export function* jsonPieces(text: Buffer, typeName: string, convert: (raw: unknown) => unknown, indent: string): Generator<string> {
  const schema = loadSchema()
  const found = typeName === '' ? undefined : schema.lookup(typeName.slice(typeName.lastIndexOf('/') + 1))
  const info = found === undefined ? undefined : messageInfo(schema, found.index)
  yield* new PieceWriter(text, schema, convert).value({start: 0, end: text.length}, [], info, indent)
}

class PieceWriter {
  constructor(
    private readonly text: Buffer,
    private readonly schema: Schema,
    private readonly convert: (raw: unknown) => unknown,
  ) {}

  /** The value at `span`, of message `info` (undefined: parsed and converted whole), reached by `path`. */
  *value(span: Span, path: readonly Step[], info: MessageInfo | undefined, indent: string): Generator<string> {
    if (info === undefined || span.end - span.start < PIECE_BYTES || kindAt(this.text, span) !== 'object') {
      yield indented(JSON.stringify(this.converted(path, parseSpan(this.text, span)), null, 4), indent)
      return
    }
    const deferred = new Map<unknown, Deferred>()
    const parsed: Record<string, unknown> = {}
    // One pass finds the members and the elements of the lists among them.
    for (const {key = '', node} of layoutTree(this.text, span, 2).children ?? []) {
      const field = info.byKey.get(key)
      const inner = field && this.deferrable(field, node)
      let value: unknown
      if (inner) {
        value = () => undefined
        deferred.set(value, {node, path: [...path, {key, field: field!, anyType: inner.anyType}], info: inner.info})
      } else {
        value = parseSpan(this.text, node.span)
      }
      // As JSON.parse builds objects: a repeated name keeps its first place and its last value, "__proto__" is a member.
      Object.defineProperty(parsed, key, {value, enumerable: true, writable: true, configurable: true})
    }
    yield* this.object(this.converted(path, parsed) as Record<string, unknown>, deferred, indent)
  }

  /**
   * The message type of a member worth reading apart: a large message (an Any
   * of a type the schema has included), or a large non-empty list of messages.
   */
  private deferrable(field: FieldInfo, node: LayoutNode): {info: MessageInfo; anyType?: string} | undefined {
    const at = node.span
    if (field.mapKey !== undefined || at.end - at.start < PIECE_BYTES) return undefined
    if (kindAt(this.text, at) !== (field.repeated ? 'array' : 'object')) return undefined
    if (typeof field.type === 'number') {
      const info = messageInfo(this.schema, field.type)
      return info && {info}
    }
    if (field.type !== 'google.protobuf.Any' || field.repeated) return undefined
    const anyType = this.typeUrl(node)
    const name = anyType?.slice(anyType.lastIndexOf('/') + 1)
    // Well-known types have JSON forms of their own; only plain messages are read apart.
    const found = name === undefined || name.startsWith('google.protobuf.') ? undefined : this.schema.lookup(name)
    const info = found && messageInfo(this.schema, found.index)
    return info && {info, anyType}
  }

  /** The "@type" of the Any laid out at `node`, as JSON.parse would keep it (the last one). */
  private typeUrl(node: LayoutNode): string | undefined {
    let url: unknown
    for (const {key, node: member} of node.children ?? []) if (key === '@type') url = parseSpan(this.text, member.span)
    return typeof url === 'string' ? url : undefined
  }

  /** A converted object whose deferred members are read now, one after the other. */
  private *object(value: Record<string, unknown>, deferred: ReadonlyMap<unknown, Deferred>, indent: string): Generator<string> {
    const inner = `${indent}    `
    let members = 0
    yield '{'
    for (const key of Object.keys(value)) {
      const member = value[key]
      const part = deferred.get(member)
      // JSON.stringify leaves out members it cannot write.
      if (part === undefined && (member === undefined || typeof member === 'function' || typeof member === 'symbol')) continue
      yield `${members++ === 0 ? '' : ','}\n${inner}${JSON.stringify(key)}: `
      if (part === undefined) yield indented(JSON.stringify(member, null, 4), inner)
      else yield* this.deferred(part, inner)
    }
    yield members === 0 ? '}' : `\n${indent}}`
  }

  private *deferred({node, path, info}: Deferred, indent: string): Generator<string> {
    if (!path[path.length - 1].field.repeated) {
      yield* this.value(node.span, path, info, indent)
      return
    }
    const inner = `${indent}    `
    let elements = 0
    yield '['
    for (const {node: element} of node.children ?? []) {
      yield `${elements++ === 0 ? '' : ','}\n${inner}`
      yield* this.value(element.span, path, info, inner)
    }
    yield `\n${indent}]`
  }

  /** `raw`, the value at the end of `path`, converted as it is in the whole resource. */
  private converted(path: readonly Step[], raw: unknown): unknown {
    let whole = raw
    for (let i = path.length - 1; i >= 0; i--) {
      const {key, field} = path[i]
      const anyType = path[i - 1]?.anyType
      whole = Object.fromEntries([...(anyType === undefined ? [] : [['@type', anyType]]), [key, field.repeated ? [whole] : whole]])
    }
    let part = this.convert(whole)
    for (const {field} of path) {
      part = (part as Record<string, unknown>)[field.jsonName]
      if (field.repeated) part = (part as unknown[])[0]
    }
    return part
  }
}

function messageInfo(schema: Schema, index: number): MessageInfo | undefined {
  const info = schema.type(index)
  return info.kind === 'message' ? info : undefined
}

function indented(json: string, indent: string): string {
  return indent === '' ? json : json.replace(/\n/g, `\n${indent}`)
}
