/**
 * A byte-level JSON scanner for config dumps far larger than one JavaScript string
 * can hold (V8 caps strings near 512 MiB). It finds where values start and end
 * without building them, so callers can `JSON.parse` one resource at a time.
 * Strings are skipped with Buffer#indexOf (memchr), which keeps a full pass over a
 * dump close to memory speed.
 */

import {isJsonSpace, skipSpace, skipSpaceBack} from '../core/json.js'
import {BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE} from './bytes.js'
import {skipBytes} from './skip-kernel.js'

/** Byte range [start, end) of one JSON value. */
export interface Span {
  start: number
  end: number
}

export class ScanError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(`${reason} at byte ${offset}`)
  }
}

/** End of the string whose opening quote is at `pos` (just past the closing quote). */
function skipString(buf: Buffer, pos: number, end: number): number {
  let i = pos + 1
  for (;;) {
    const q = buf.indexOf(QUOTE, i)
    if (q < 0 || q >= end) throw new ScanError('unterminated string', pos)
    // A quote preceded by an odd number of backslashes is escaped.
    let slashes = 0
    for (let j = q - 1; j > pos && buf[j] === BACKSLASH; j--) slashes++
    if (slashes % 2 === 0) return q + 1
    i = q + 1
  }
}

/** End of the value starting at `pos` (after optional whitespace). */
/** `maxDepth` turns deeper nesting into a NestingError at the container that goes too deep. */
export function skipValue(buf: Buffer, pos: number, end = buf.length, maxDepth = Infinity): number {
  pos = skipSpace(buf, pos, end)
  if (pos >= end) throw new ScanError('unexpected end of data', pos)
  const first = buf[pos]
  if (first === QUOTE) return skipString(buf, pos, end)
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let i = pos
    while (i < end) {
      const b = buf[i]
      if (b === COMMA || b === CLOSE_BRACE || b === CLOSE_BRACKET || isJsonSpace(b)) break
      if (b === QUOTE || b === OPEN_BRACE || b === OPEN_BRACKET || b === COLON) throw new ScanError('unexpected character', i)
      i++
    }
    if (i === pos) throw new ScanError('expected a value', pos)
    return i
  }
  // Containers: only nesting matters here; JSON.parse of the slice checks the rest
  // (including a `]` closing a `{`). One tight loop, no calls: this is the hot path
  // over hundreds of megabytes.
  let depth = 0
  let inString = false
  for (let i = pos; i < end; i++) {
    const b = buf[i]
    if (inString) {
      if (b === BACKSLASH) i++
      else if (b === QUOTE) inString = false
    } else if (b === QUOTE) {
      inString = true
    } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > maxDepth) throw new NestingError(i)
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
      if (--depth === 0) return i + 1
    }
  }
  if (inString) throw new ScanError('unexpected end of data inside a string', end)
  throw new ScanError(`unexpected end of data (${depth} unclosed ${depth === 1 ? 'bracket' : 'brackets'})`, end)
}

/**
 * How many object members the value at `span` holds at every depth (the colons
 * outside strings), in one tight loop. Compared with the members JSON.parse kept,
 * it reveals duplicate keys, which the parse silently drops.
 */
export function countMembers(buf: Buffer, span: Span): number {
  let count = 0
  let inString = false
  for (let i = span.start; i < span.end; i++) {
    const b = buf[i]
    if (inString) {
      if (b === BACKSLASH) i++
      else if (b === QUOTE) inString = false
    } else if (b === QUOTE) inString = true
    else if (b === COLON) count++
  }
  return count
}

/** A value found by layoutTree: where it lies, how many object members it holds, and its children if it was laid out. */
export interface LayoutNode {
  span: Span
  /** Object members at every depth inside (what countMembers counts). */
  members: number
  /** Direct children of a container within the laid-out depth; member names for an object's. */
  children?: {key?: string; node: LayoutNode}[]
}

/**
 * One pass over the container at `span` that records its values down to `levels`
 * levels: each with its span and member count, the containers among them with
 * their children. A dump's resources sit four levels down (configs, section,
 * list, entry), so one pass finds them all where walking level by level would
 * read the bytes once per level. Like skipValue it follows only brackets, quotes
 * and separators; whoever parses the values checks the rest.
 *
 * `countless`: the caller reads no member counts of the values below `levels`,
 * which lets the skip kernel pass over the containers there (a huge listener's
 * filter chains are laid out several times faster so).
 */
export function layoutTree(buf: Buffer, span: Span, levels: number, countless = false): LayoutNode {
  const start = skipSpace(buf, span.start, span.end)
  const open = buf[start]
  if (open !== OPEN_BRACE && open !== OPEN_BRACKET) throw new ScanError('expected an object or an array', start)
  interface Frame {
    node: LayoutNode
    object: boolean
    /** The member name read last, while its value has not started. */
    key: string | undefined
    expectKey: boolean
    /** A value being read directly inside this frame: a literal, a string, or a container below the laid-out levels. */
    value: {start: number; members: number; key: string | undefined} | undefined
  }
  const root: LayoutNode = {span: {start, end: span.end}, members: 0, children: []}
  const stack: Frame[] = [{node: root, object: open === OPEN_BRACE, key: undefined, expectKey: open === OPEN_BRACE, value: undefined}]
  let colons = 0
  let depth = 1
  let inString = false
  let stringStart = -1
  const beginValue = (frame: Frame, at: number): void => {
    frame.value = {start: at, members: colons, key: frame.key}
    frame.key = undefined
  }
  const endValue = (frame: Frame, end: number): void => {
    const v = frame.value
    if (v === undefined) return
    frame.node.children!.push({key: v.key, node: {span: {start: v.start, end}, members: colons - v.members}})
    frame.value = undefined
  }
  for (let i = start + 1; i < span.end; i++) {
    const b = buf[i]
    if (inString) {
      if (b === BACKSLASH) i++
      else if (b === QUOTE) {
        inString = false
        if (depth === stack.length) {
          const top = stack[depth - 1]
          if (top.expectKey) {
            top.key = decodeKey(buf, stringStart, i + 1)
            top.expectKey = false
          } else endValue(top, i + 1)
        }
      }
      continue
    }
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue
    const top = depth === stack.length ? stack[depth - 1] : undefined
    if (b === QUOTE) {
      inString = true
      stringStart = i
      if (top && !top.expectKey) beginValue(top, i)
    } else if (b === COLON) {
      colons++
    } else if (b === COMMA) {
      if (top) {
        endValue(top, trimEnd(buf, top.value?.start ?? i, i))
        top.expectKey = top.object
      }
    } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (top && stack.length < levels) {
        const node: LayoutNode = {span: {start: i, end: -1}, members: colons, children: []}
        top.node.children!.push({key: top.key, node})
        top.key = undefined
        stack.push({node, object: b === OPEN_BRACE, key: undefined, expectKey: b === OPEN_BRACE, value: undefined})
      } else if (top) {
        beginValue(top, i)
        const end = countless ? skipBytes(buf, i + 1, {depth: 1, inString: false, escape: false}, true) : -1
        // A value that seems to run past the span is left to the byte loop, which says where it goes wrong.
        if (end > 0 && end <= span.end) {
          endValue(top, end)
          i = end - 1
          continue
        }
      }
      depth++
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
      if (top) {
        endValue(top, trimEnd(buf, top.value?.start ?? i, i))
        top.node.span.end = i + 1
        top.node.members = colons - top.node.members
        stack.pop()
        if (stack.length === 0) return root
      }
      depth--
      if (depth === stack.length) endValue(stack[depth - 1], i + 1)
    } else if (top && top.value === undefined && !top.expectKey) {
      beginValue(top, i)
    }
  }
  throw new ScanError(`unexpected end of data (${depth} unclosed ${depth === 1 ? 'bracket' : 'brackets'})`, span.end)
}

/** A member name, quotes included; a bad escape such as `"\x"` is a ScanError like any other. */
function decodeKey(buf: Buffer, start: number, end: number): string {
  try {
    return JSON.parse(buf.toString('utf8', start, end)) as string
  } catch {
    throw new ScanError('invalid member name', start)
  }
}

/** The members of the object at `span`, in order, with their keys decoded. */
export function* objectMembers(buf: Buffer, span: Span): Generator<[string, Span]> {
  let pos = skipSpace(buf, span.start, span.end)
  if (buf[pos] !== OPEN_BRACE) throw new ScanError('expected an object', pos)
  pos = skipSpace(buf, pos + 1, span.end)
  if (buf[pos] === CLOSE_BRACE) return
  for (;;) {
    if (buf[pos] !== QUOTE) throw new ScanError('expected a member name', pos)
    const keyEnd = skipString(buf, pos, span.end)
    const key = decodeKey(buf, pos, keyEnd)
    pos = skipSpace(buf, keyEnd, span.end)
    if (buf[pos] !== COLON) throw new ScanError("expected ':'", pos)
    const start = skipSpace(buf, pos + 1, span.end)
    const end = skipValue(buf, start, span.end)
    yield [key, {start, end}]
    pos = skipSpace(buf, end, span.end)
    if (buf[pos] === COMMA) {
      pos = skipSpace(buf, pos + 1, span.end)
      continue
    }
    if (buf[pos] === CLOSE_BRACE) return
    throw new ScanError(pos >= span.end ? 'unexpected end of data' : "expected ',' or '}'", pos)
  }
}

/** The elements of the array at `span`, in order. */
export function* arrayElements(buf: Buffer, span: Span): Generator<Span> {
  let pos = skipSpace(buf, span.start, span.end)
  if (buf[pos] !== OPEN_BRACKET) throw new ScanError('expected an array', pos)
  pos = skipSpace(buf, pos + 1, span.end)
  if (buf[pos] === CLOSE_BRACKET) return
  for (;;) {
    const end = skipValue(buf, pos, span.end)
    yield {start: pos, end}
    pos = skipSpace(buf, end, span.end)
    if (buf[pos] === COMMA) {
      pos = skipSpace(buf, pos + 1, span.end)
      continue
    }
    if (buf[pos] === CLOSE_BRACKET) return
    throw new ScanError(pos >= span.end ? 'unexpected end of data' : "expected ',' or ']'", pos)
  }
}

export function kindAt(buf: Buffer, span: Span): 'object' | 'array' | 'other' {
  const b = buf[skipSpace(buf, span.start, span.end)]
  return b === OPEN_BRACE ? 'object' : b === OPEN_BRACKET ? 'array' : 'other'
}

/**
 * Why and where `buf[span]` is not JSON, once JSON.parse refused it. V8's messages
 * quote the input around the fault (which may be part of a credential) and often
 * give no position, so the fault is found again by a plain validating pass: an
 * offset into the input and a reason, never the input itself.
 */
export function jsonFailure(buf: Buffer, span: Span): ScanError {
  const found = locateJsonError(buf, span)
  return new ScanError(found?.reason ?? 'invalid JSON', found?.offset ?? span.start)
}

/** The string-limit error of Buffer#toString, as one line naming the size. */
export function tooLongForString(span: Span): ScanError {
  return new ScanError(`a single value of ${((span.end - span.start) / 1e6).toFixed(0)} MB, more than a JavaScript string can hold`, span.start)
}

export function isStringTooLong(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ERR_STRING_TOO_LONG'
}

const LITERALS = [Buffer.from('true'), Buffer.from('false'), Buffer.from('null')]
const ESCAPES = new Set([...'"\\/bfnrtu'].map((c) => c.charCodeAt(0)))
const isDigit = (b: number): boolean => b >= 0x30 && b <= 0x39
const isHex = (b: number): boolean => isDigit(b) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)

/** The first fault in `buf[span]` as JSON (RFC 8259), or undefined if there is none. */
export function locateJsonError(buf: Buffer, span: Span): {reason: string; offset: number} | undefined {
  const end = span.end
  let i = span.start
  const containers: number[] = []
  let state: 'value' | 'after' | 'key' | 'colon' = 'value'
  const fail = (reason: string, offset = i) => ({reason, offset})
  const string = (): {reason: string; offset: number} | undefined => {
    const start = i++
    while (i < end) {
      const b = buf[i]
      if (b === QUOTE) {
        i++
        return undefined
      }
      if (b < 0x20) return fail('control character inside a string')
      if (b === BACKSLASH) {
        const e = buf[i + 1]
        if (i + 1 >= end || !ESCAPES.has(e)) return fail('invalid escape in a string')
        if (e === 0x75) {
          for (let k = 2; k < 6; k++) if (i + k >= end || !isHex(buf[i + k])) return fail('invalid \\u escape in a string')
          i += 6
        } else i += 2
      } else i++
    }
    return fail('unterminated string', start)
  }
  for (;;) {
    while (i < end && isJsonSpace(buf[i])) i++
    if (i >= end) return state === 'after' && containers.length === 0 ? undefined : fail('unexpected end of data')
    const b = buf[i]
    if (state === 'key') {
      if (b !== QUOTE) return fail('expected a member name')
      const bad = string()
      if (bad) return bad
      state = 'colon'
    } else if (state === 'colon') {
      if (b !== COLON) return fail("expected ':'")
      i++
      state = 'value'
    } else if (state === 'after') {
      const top = containers.at(-1)
      if (top === undefined) return fail('unexpected data after the value')
      if (b === COMMA) {
        i++
        state = top === OPEN_BRACE ? 'key' : 'value'
      } else if (b === (top === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) {
        containers.pop()
        i++
      } else return fail(top === OPEN_BRACE ? "expected ',' or '}'" : "expected ',' or ']'")
    } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      containers.push(b)
      i++
      while (i < end && isJsonSpace(buf[i])) i++
      if (buf[i] === (b === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET) && i < end) {
        containers.pop()
        i++
        state = 'after'
      } else state = b === OPEN_BRACE ? 'key' : 'value'
    } else if (b === QUOTE) {
      const bad = string()
      if (bad) return bad
      state = 'after'
    } else if (b === 0x2d || isDigit(b)) {
      const start = i
      if (buf[i] === 0x2d) i++
      if (buf[i] === 0x30) i++
      else if (i < end && isDigit(buf[i])) while (i < end && isDigit(buf[i])) i++
      else return fail('invalid number', start)
      if (buf[i] === 0x2e && i < end) {
        i++
        if (!(i < end && isDigit(buf[i]))) return fail('invalid number', start)
        while (i < end && isDigit(buf[i])) i++
      }
      if ((buf[i] === 0x65 || buf[i] === 0x45) && i < end) {
        i++
        if (buf[i] === 0x2b || buf[i] === 0x2d) i++
        if (!(i < end && isDigit(buf[i]))) return fail('invalid number', start)
        while (i < end && isDigit(buf[i])) i++
      }
      state = 'after'
    } else {
      const literal = LITERALS.find((l) => i + l.length <= end && buf.subarray(i, i + l.length).equals(l))
      if (!literal) return fail('unexpected character, expected a value')
      i += literal.length
      state = 'after'
    }
  }
}

/**
 * How deep a dump may nest. Envoy's protobuf parsers stop at 100 levels, and the
 * config dump wraps resources in a handful more, so no real dump comes near this.
 * Deeper values would exhaust the stack of every recursive consumer (JSON and YAML
 * printers, JSONPath, structuredClone) somewhere past 1000 levels; JSON.parse itself
 * copes, so the limit is checked on what it returns.
 */
export const MAX_NESTING = 512

/** Thrown for input nested deeper than MAX_NESTING: valid JSON, but not anything Envoy writes. */
export class NestingError extends ScanError {
  constructor(offset: number) {
    super(`values nested deeper than ${MAX_NESTING} levels (Envoy nests at most 100)`, offset)
  }
}

/**
 * Parses one value; JSON.parse errors get the absolute byte offset. `limit` is the
 * nesting it may have (less when it sits deep itself). `openings` bounds how many
 * containers the value holds (half its bytes unless the caller counted its `{` and
 * `[`): the parsed value is walked for its depth only when that could pass `limit`.
 */
export function parseSpan(buf: Buffer, span: Span, limit = MAX_NESTING, openings = (span.end - span.start) >> 1): unknown {
  let text: string
  try {
    text = buf.toString('utf8', span.start, span.end)
  } catch (error) {
    throw isStringTooLong(error) ? tooLongForString(span) : error
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw jsonFailure(buf, span)
  }
  if (openings > limit && nestedDeeper(value, limit)) throw new NestingError(deepOffset(buf, span, limit))
  return value
}

/** Whether `value` has containers nested more than `limit` deep (recursion stops at the limit). */
export function nestedDeeper(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false
  if (limit === 0) return true
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && item !== null && nestedDeeper(item, limit - 1)) return true
    return false
  }
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key]
    if (typeof item === 'object' && item !== null && nestedDeeper(item, limit - 1)) return true
  }
  return false
}

/** Where the first container opens more than `limit` levels deep (only called once that is known). */
function deepOffset(buf: Buffer, span: Span, limit: number): number {
  try {
    skipValue(buf, span.start, span.end, limit)
  } catch (error) {
    if (error instanceof NestingError) return error.offset
  }
  return span.start
}

/** A member of an object: where its value lies and, for an array value, where each element lies. */
export interface MemberLayout {
  span: Span
  elements?: Span[]
}

/**
 * One pass over an object that records its members and the elements of its array
 * members, for sections too large to parse whole. It is the same tight loop as
 * skipValue with a little state for depth 1 (members) and depth 2 (elements).
 */
export function layoutObject(buf: Buffer, span: Span): Map<string, MemberLayout> {
  const start = skipSpace(buf, span.start, span.end)
  if (buf[start] !== OPEN_BRACE) throw new ScanError('expected an object', start)
  const members = new Map<string, MemberLayout>()
  let depth = 1
  let inString = false
  let keyStart = -1
  let key = ''
  let valueStart = -1
  let elements: Span[] | undefined
  let elementStart = -1
  const closeElement = (end: number): void => {
    if (elements && elementStart >= 0) elements.push({start: elementStart, end: trimEnd(buf, elementStart, end)})
    elementStart = -1
  }
  const closeMember = (end: number): void => {
    if (valueStart >= 0) members.set(key, {span: {start: valueStart, end: trimEnd(buf, valueStart, end)}, elements})
    valueStart = -1
    elements = undefined
    keyStart = -1
  }
  for (let i = start + 1; i < span.end; i++) {
    const b = buf[i]
    if (inString) {
      if (b === BACKSLASH) i++
      else if (b === QUOTE) {
        inString = false
        if (depth === 1 && valueStart < 0) key = decodeKey(buf, keyStart, i + 1)
      }
      continue
    }
    if (isJsonSpace(b)) continue
    if (depth === 1 && valueStart < 0 && keyStart >= 0 && b !== COLON) valueStart = i
    else if (depth === 2 && elements && elementStart < 0 && b !== COMMA && b !== CLOSE_BRACKET) elementStart = i
    if (b === QUOTE) {
      inString = true
      if (depth === 1 && keyStart < 0) keyStart = i
    } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (depth === 1 && b === OPEN_BRACKET && i === valueStart) elements = []
      depth++
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
      if (depth === 2 && elements) closeElement(i)
      depth--
      if (depth === 0) {
        closeMember(i)
        return members
      }
    } else if (b === COMMA) {
      if (depth === 1) closeMember(i)
      else if (depth === 2 && elements) closeElement(i)
    }
  }
  throw new ScanError(`unexpected end of data (${depth} unclosed ${depth === 1 ? 'bracket' : 'brackets'})`, span.end)
}

function trimEnd(buf: Buffer, start: number, end: number): number {
  return skipSpaceBack(buf, end - 1, start) + 1
}
