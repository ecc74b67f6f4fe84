/**
 * The config dump's structure, found in one pass over its bytes as they stream
 * past, chunk by chunk, holding none of them: where each section lies and, for
 * the sections a command reads, where each member and each resource lies. The
 * resources themselves are parsed later, one at a time, from wherever the bytes
 * can be read again (the file, or the parts of a stream that were kept).
 *
 * Values below the section members are passed over without being looked at:
 * in Envoy's pretty layout a container closes on a line indented as the line
 * that opened it, found with Buffer#indexOf (memchr speed); elsewhere (minified
 * dumps) the skip kernel follows only quotes and brackets. Whoever parses a value
 * checks the rest of it.
 */

import {type MemberLayout, ScanError, type Span} from './scan.js'
import {BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, NEWLINE, OPEN_BRACE, OPEN_BRACKET, QUOTE, SPACE} from './bytes.js'
import {KERNEL_MIN_BYTES, type SkipState, skipBytes} from './skip-kernel.js'

/** One `configs[]` entry: its type ('' if it has none) and where it lies; `members` for the sections that were read. */
export interface ScannedSection {
  type: string
  span: Span
  members?: Map<string, MemberLayout>
}

const isSpace = (b: number): boolean => b === SPACE || b === NEWLINE || b === 0x0d || b === 0x09
/** Bytes that can end a literal (true, 12.5, null). */
const endsLiteral = (b: number): boolean => b === COMMA || b === CLOSE_BRACE || b === CLOSE_BRACKET || isSpace(b)

type FrameKind = 'root' | 'configs' | 'section' | 'list'

interface Frame {
  kind: FrameKind
  object: boolean
  start: number
  /** `\n<indent>}`: where the container closes in the pretty layout. */
  close: Buffer | undefined
  /** Members or elements so far. */
  count: number
  /** The member whose value is being read. */
  key: string
  section?: {scanned: ScannedSection; wanted: boolean | undefined; members: Map<string, MemberLayout>}
  elements?: Span[]
}

/** A value being passed over, possibly across chunks. */
interface Skip extends SkipState {
  start: number
  /** Skipping to a pretty close line. */
  pattern: Buffer | undefined
  /** The end of the previous chunk, while looking for `pattern`. */
  tail?: Buffer
  literal: boolean
  /** What the value is, once its end is known. */
  done: (end: number) => void
}

// Where the scanner is, between bytes.
const START = 0
const KEY = 1
const COLON_NEXT = 2
const VALUE = 3
const AFTER = 4
const SKIP = 5
const DONE = 6

/**
 * Feed it the input in order (`feed`), then `finish`. `wanted(type)` says which
 * sections get their members laid out; the others are passed over whole.
 * `onKeep(start, end)` is told, as they go by, the input ranges holding the wanted
 * sections, for readers that keep those bytes because they cannot read them again.
 */
export class DumpScanner {
  readonly sections: ScannedSection[] = []
  /** Whether the root object had a `configs` list. */
  sawConfigs = false
  /** Whether the root object had a `cluster_statuses` list: Envoy's /clusters answer given where a dump belongs. */
  sawClusterStatuses = false
  /** Values beside the sections (root members other than `configs`, entries of `configs` that are not objects), checked by whoever reads them. */
  readonly extras: Span[] = []
  /** Where the root object lies, once it closed. */
  readonly root: Span = {start: -1, end: -1}
  private mode = START
  private readonly frames: Frame[] = []
  private skip: Skip | undefined
  /** Absolute offset of the first byte not yet consumed. */
  private pos = 0
  /** Start of the wanted section being read, or -1 (for onKeep). */
  private keepFrom = -1
  /** End of what onKeep was given. */
  private keptTo = 0
  /** The data of the current feed call and its offset. */
  private data: Buffer = Buffer.alloc(0)
  private base = 0

  constructor(
    private readonly wanted: (type: string) => boolean,
    private readonly onKeep?: (bytes: Buffer, start: number) => void,
    /** How far into the input skips start using the skip kernel on data outside its memory. Tests lower it. */
    private readonly kernelFrom = KERNEL_MIN_BYTES,
  ) {}

  /**
   * Scans `data`, which holds the input from absolute offset `base` (= the first
   * byte not consumed before). Returns how many bytes of `data` were consumed; the
   * rest must be given again, followed by more, in the next call.
   */
  feed(data: Buffer, base: number, final: boolean): number {
    if (base !== this.pos) throw new Error(`DumpScanner.feed: expected offset ${this.pos}, got ${base}`)
    this.data = data
    this.base = base
    let i = 0
    const n = data.length
    const top = (): Frame => this.frames[this.frames.length - 1]
    const at = (k: number): number => base + k
    const need = (k: number): number => {
      if (final) throw new ScanError(this.endMessage(), base + n)
      return k
    }
    const consumed = (k: number): number => {
      this.keepTo(base + k)
      this.pos = base + k
      return k
    }
    while (i < n || this.mode === SKIP) {
      if (this.mode === SKIP) {
        const end = this.continueSkip(data, i, base, final)
        if (end < 0) {
          if (final) throw new ScanError(this.endMessage(), base + n)
          return consumed(n)
        }
        const s = this.skip!
        this.skip = undefined
        this.mode = AFTER
        s.done(at(end))
        i = end
        continue
      }
      const b = data[i]
      if (isSpace(b)) {
        i++
        continue
      }
      switch (this.mode) {
        case START: {
          if (base + i === 0 && b === 0xef && n - i >= 3 && data[i + 1] === 0xbb && data[i + 2] === 0xbf) {
            i += 3
            continue
          }
          if (b !== OPEN_BRACE)
            throw new ScanError(
              b === OPEN_BRACKET || b === QUOTE || (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x74 || b === 0x66 || b === 0x6e
                ? NOT_A_DUMP
                : 'not JSON: expected a JSON object',
              at(i),
            )
          this.root.start = base + i
          this.open('root', true, data, i, base)
          i++
          break
        }
        case KEY: {
          const f = top()
          if (b === CLOSE_BRACE && f.count === 0) {
            i = this.close(i, base)
            break
          }
          if (b !== QUOTE) throw new ScanError('expected a member name', at(i))
          const end = stringEnd(data, i)
          if (end < 0) return consumed(need(i))
          f.key = decodeString(data, i, end, base, 'invalid member name')
          this.mode = COLON_NEXT
          i = end
          break
        }
        case COLON_NEXT:
          if (b !== COLON) throw new ScanError("expected ':'", at(i))
          this.mode = VALUE
          i++
          break
        case VALUE: {
          const r = this.value(data, i, base, final)
          if (r < 0) return consumed(need(i))
          i = r
          break
        }
        case AFTER: {
          const f = top()
          if (b === COMMA) {
            f.count++
            this.mode = f.object ? KEY : VALUE
            i++
          } else if (b === (f.object ? CLOSE_BRACE : CLOSE_BRACKET)) {
            i = this.close(i, base)
          } else {
            throw new ScanError(f.object ? "expected ',' or '}'" : "expected ',' or ']'", at(i))
          }
          break
        }
        case DONE:
          throw new ScanError('unexpected data after the end of the dump', at(i))
      }
    }
    if (final && this.mode !== DONE) throw new ScanError(this.endMessage(), base + n)
    return consumed(n)
  }

  /** After the last feed: the input must have been one whole object. */
  finish(end: number): void {
    if (this.mode !== DONE) throw new ScanError(this.endMessage(), end)
  }

  private endMessage(): string {
    if (this.mode === START) return 'the input is empty'
    const depth = this.frames.length + (this.skip && !this.skip.literal ? Math.max(this.skip.depth, 1) : 0)
    if (this.skip?.inString) return 'unexpected end of data inside a string'
    return `unexpected end of data (${depth} unclosed ${depth === 1 ? 'bracket' : 'brackets'})`
  }

  /** Hands the bytes of the wanted section being read, up to `end`, to onKeep. */
  private keepTo(end: number): void {
    if (!this.onKeep || this.keepFrom < 0) return
    const from = Math.max(this.keepFrom, this.keptTo)
    if (end > from) this.onKeep(this.data.subarray(from - this.base, end - this.base), from)
    this.keptTo = Math.max(this.keptTo, end)
  }

  /** A value starts at data[i] (not whitespace). Returns where scanning goes on, or -1 if more input is needed first. */
  private value(data: Buffer, i: number, base: number, final: boolean): number {
    const f = this.frames[this.frames.length - 1]
    const b = data[i]
    const at = base + i
    if (!f.object && f.count === 0 && b === CLOSE_BRACKET) return this.close(i, base)
    if (b === CLOSE_BRACE || b === CLOSE_BRACKET || b === COMMA || b === COLON) throw new ScanError('expected a value', at)
    const sec = f.kind === 'section' ? f.section! : undefined
    if (f.kind === 'root' && f.key === 'cluster_statuses') this.sawClusterStatuses = true
    if (f.kind === 'root' && f.key === 'configs' && b === OPEN_BRACKET) {
      this.sawConfigs = true
      this.sections.length = 0
      return this.open('configs', false, data, i, base)
    }
    if (f.kind === 'configs' && b === OPEN_BRACE) {
      const members = new Map<string, MemberLayout>()
      const scanned: ScannedSection = {type: '', span: {start: at, end: -1}}
      this.keepFrom = at
      const next = this.open('section', true, data, i, base)
      this.frames[this.frames.length - 1].section = {scanned, wanted: undefined, members}
      return next
    }
    if (sec && f.key === '@type' && b === QUOTE) {
      const end = stringEnd(data, i)
      if (end < 0) return -1
      sec.scanned.type = decodeString(data, i, end, base, 'invalid string')
      sec.members.set('@type', {span: {start: at, end: base + end}})
      sec.wanted = this.wanted(sec.scanned.type)
      this.mode = AFTER
      if (!sec.wanted) {
        // The rest of the section is passed over whole.
        this.keepFrom = -1
        this.frames.pop()
        this.startSkip(base + end, f.close, 1, (close) => this.sectionDone(sec, close))
      }
      return end
    }
    if (sec && b === OPEN_BRACKET && sec.wanted !== false) {
      const next = this.open('list', false, data, i, base)
      this.frames[this.frames.length - 1].elements = []
      return next
    }
    // Anything else is passed over, and recorded where it is part of a section.
    let done: (end: number) => void = () => {}
    if (sec) {
      const key = f.key
      done = (end) => sec.members.set(key, {span: {start: at, end}})
    } else if (f.kind === 'list') {
      const elements = f.elements!
      done = (end) => elements.push({start: at, end})
    } else {
      // Kept like a wanted section, so that it can be checked.
      this.keepFrom = at
      done = (end) => {
        this.extras.push({start: at, end})
        this.keepTo(end)
        this.keepFrom = -1
      }
    }
    if (b === QUOTE || b === OPEN_BRACE || b === OPEN_BRACKET) {
      const pattern = b === QUOTE ? undefined : prettyClose(data, i, base)
      if (pattern === null || pattern === undefined) {
        if (!final && i + 1 >= data.length) return -1
        return this.beginSkip(at, undefined, b === QUOTE ? 0 : 1, b === QUOTE, done, i + 1)
      }
      return this.beginSkip(at, pattern, 1, false, done, i + 1)
    }
    this.skip = {start: at, pattern: undefined, depth: 0, inString: false, escape: false, literal: true, done}
    this.mode = SKIP
    return i
  }

  private beginSkip(start: number, pattern: Buffer | undefined, depth: number, inString: boolean, done: (end: number) => void, next: number): number {
    this.skip = {start, pattern, depth, inString, escape: false, literal: false, done}
    this.mode = SKIP
    return next
  }

  private startSkip(start: number, pattern: Buffer | undefined, depth: number, done: (end: number) => void): void {
    this.skip = {start, pattern, depth, inString: false, escape: false, literal: false, done}
    this.mode = SKIP
  }

  /** Goes on passing over the current value; its end (index in data), or -1 if it goes on past data. */
  private continueSkip(data: Buffer, i: number, base: number, final: boolean): number {
    const s = this.skip!
    if (s.literal) {
      while (i < data.length && !endsLiteral(data[i])) i++
      if (i < data.length || final) return i
      return -1
    }
    if (s.pattern) {
      const p = s.pattern
      if (s.tail) {
        // The close line may straddle the previous chunk and this one.
        const junction = Buffer.concat([s.tail, data.subarray(0, p.length - 1)])
        const hit = junction.indexOf(p)
        const tailLength = s.tail.length
        s.tail = undefined
        if (hit >= 0) return hit + p.length - tailLength
      }
      const hit = data.indexOf(p, i)
      if (hit >= 0) return hit + p.length
      s.tail = Buffer.from(data.subarray(Math.max(i, data.length - p.length + 1)))
      return -1
    }
    return skipBytes(data, i, s, base + data.length >= this.kernelFrom)
  }

  /** Opens a container of ours at data[i]; returns the index after it. */
  private open(kind: FrameKind, object: boolean, data: Buffer, i: number, base: number): number {
    const pattern = prettyClose(data, i, base)
    this.frames.push({kind, object, start: base + i, close: pattern ?? undefined, count: 0, key: ''})
    this.mode = object ? KEY : VALUE
    return i + 1
  }

  /** Closes the innermost container at data[i]; returns the index after it. */
  private close(i: number, base: number): number {
    const f = this.frames.pop()!
    const end = base + i + 1
    this.mode = this.frames.length === 0 ? DONE : AFTER
    if (f.kind === 'root') this.root.end = end
    const parent = this.frames[this.frames.length - 1]
    if (f.kind === 'section') this.sectionDone(f.section!, end)
    else if (f.kind === 'list' && parent?.section) parent.section.members.set(parent.key, {span: {start: f.start, end}, elements: f.elements})
    return i + 1
  }

  private sectionDone(sec: NonNullable<Frame['section']>, end: number): void {
    sec.scanned.span.end = end
    if (sec.wanted !== false) sec.scanned.members = sec.members
    this.sections.push(sec.scanned)
    this.keepTo(end)
    this.keepFrom = -1
  }
}

export const NOT_A_DUMP = 'not an Envoy config dump: expected a JSON object with a "configs" list'

/**
 * Where the container opening at data[i] closes in the pretty layout: a newline,
 * the opening line's indentation, and the closing bracket. undefined for a
 * container that is not laid out that way (minified, or empty); null when data
 * ends too early to tell.
 */
function prettyClose(data: Buffer, i: number, base: number): Buffer | undefined | null {
  if (i + 1 >= data.length) return null
  if (data[i + 1] !== NEWLINE) return undefined
  // Buffer#lastIndexOf counts a negative offset from the end.
  const newline = i > 0 ? data.lastIndexOf(NEWLINE, i - 1) : -1
  // The line began in an earlier chunk: its indentation is not known here.
  if (newline < 0 && base > 0) return undefined
  const lineStart = newline + 1
  let indent = 0
  while (data[lineStart + indent] === SPACE) indent++
  const pattern = Buffer.alloc(indent + 2, SPACE)
  pattern[0] = NEWLINE
  pattern[indent + 1] = data[i] === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET
  return pattern
}

/** Just past the closing quote of the string opening at data[i], or -1 if data ends first. */
function stringEnd(data: Buffer, i: number): number {
  let q = i
  for (;;) {
    q = data.indexOf(QUOTE, q + 1)
    if (q < 0) return -1
    let slashes = 0
    for (let j = q - 1; j > i && data[j] === BACKSLASH; j--) slashes++
    if (slashes % 2 === 0) return q + 1
  }
}

function decodeString(data: Buffer, start: number, end: number, base: number, reason: string): string {
  try {
    return JSON.parse(data.toString('utf8', start, end)) as string
  } catch {
    throw new ScanError(reason, base + start)
  }
}
