/**
 * A byte-level JSON scanner for config dumps far larger than one JavaScript string
 * can hold (V8 caps strings near 512 MiB). It finds where values start and end
 * without building them, so callers can `JSON.parse` one resource at a time.
 * Strings are skipped with Buffer#indexOf (memchr), which keeps a full pass over a
 * dump close to memory speed.
 */

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

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const COMMA = 0x2c
const COLON = 0x3a

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09
}

export function skipSpace(buf: Buffer, pos: number, end = buf.length): number {
  while (pos < end && isSpace(buf[pos])) pos++
  return pos
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
export function skipValue(buf: Buffer, pos: number, end = buf.length): number {
  pos = skipSpace(buf, pos, end)
  if (pos >= end) throw new ScanError('unexpected end of data', pos)
  const first = buf[pos]
  if (first === QUOTE) return skipString(buf, pos, end)
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let i = pos
    while (i < end) {
      const b = buf[i]
      if (b === COMMA || b === CLOSE_BRACE || b === CLOSE_BRACKET || isSpace(b)) break
      if (b === QUOTE || b === OPEN_BRACE || b === OPEN_BRACKET || b === COLON) throw new ScanError('unexpected character', i)
      i++
    }
    if (i === pos) throw new ScanError('expected a value', pos)
    return i
  }
  // Containers: only nesting matters here; JSON.parse of the slice checks the rest.
  const stack: number[] = []
  let i = pos
  while (i < end) {
    const b = buf[i]
    if (b === QUOTE) {
      i = skipString(buf, i, end)
      continue
    }
    if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      stack.push(b)
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
      const open = stack.pop()
      if (open !== (b === CLOSE_BRACE ? OPEN_BRACE : OPEN_BRACKET)) throw new ScanError(`unbalanced '${String.fromCharCode(b)}'`, i)
      if (stack.length === 0) return i + 1
    } else if (b < 0x20 && !isSpace(b)) {
      throw new ScanError('control character outside a string', i)
    }
    i++
  }
  throw new ScanError(`unexpected end of data (${stack.length} unclosed ${stack.length === 1 ? 'bracket' : 'brackets'})`, end)
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
    const key = JSON.parse(buf.toString('utf8', pos, keyEnd)) as string
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

/** Parses one value; JSON.parse errors get the absolute byte offset. */
export function parseSpan(buf: Buffer, span: Span): unknown {
  const text = buf.toString('utf8', span.start, span.end)
  try {
    return JSON.parse(text)
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message)
    const offset = at ? span.start + Buffer.byteLength(text.slice(0, Number(at[1]))) : span.start
    throw new ScanError(((error as Error).message.split(/ in JSON| at position/)[0] || 'invalid JSON').trim(), offset)
  }
}
