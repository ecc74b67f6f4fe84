import {mkdtempSync, openSync, readSync, rmSync, writeSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {UserError} from '../core/errors.js'
import {bomLength} from '../core/json.js'

/**
 * Dump bytes as a source delivers them: a sequence of chunks, read once. A chunk
 * is only valid until the next one is asked for (readers reuse one buffer), so
 * whoever keeps bytes copies them. A plain file can also be read again at any
 * offset, which lets the reader keep nothing at all.
 */
export interface ByteStream {
  readonly chunks: AsyncIterable<Buffer>
  /** The input itself as a store, when it can be read again (a plain file). */
  readonly rereadable?: ByteStore
  /** Checked between chunks and between resources, so --timeout covers reading and parsing. */
  readonly deadline?: {check(what: string): void}
}

/** Bytes of a dump by absolute offset, read again when a resource is parsed or printed. */
export interface ByteStore {
  /**
   * The bytes [start, end) of the input: a fresh buffer, or the start of `into`
   * when the caller lends one that is large enough (so that a reader going through
   * many runs reuses one buffer rather than faulting in fresh memory for each),
   * unless the store holds the input in memory and gives a view of it.
   */
  read(start: number, end: number, into?: Buffer): Buffer
}

/** A dump already in memory (tests, small answers). */
export class BufferStore implements ByteStore {
  constructor(private readonly bytes: Buffer) {}

  read(start: number, end: number): Buffer {
    return this.bytes.subarray(start, end)
  }
}

/** A file read again with positioned reads; the page cache makes this as fast as memory. */
export class FileStore implements ByteStore {
  constructor(private readonly fd: number) {}

  read(start: number, end: number, into?: Buffer): Buffer {
    const out = bufferFor(end - start, into)
    let done = 0
    while (done < out.length) {
      const n = readSync(this.fd, out, done, out.length - done, start + done)
      if (n === 0) throw new Error(`the file ended at byte ${start + done} while reading it again; was it changed meanwhile?`)
      done += n
    }
    return out
  }
}

/**
 * A buffer kept for reads too large for the batch buffers (a huge listener, tens of
 * MB): fresh memory is faulted in page by page, which on a VM costs three times the
 * read itself. Taken while in use; a second reader meanwhile gets a fresh one.
 */
export class KeptBuffer {
  private kept: Buffer | undefined

  take(length: number): Buffer {
    const kept = this.kept
    this.kept = undefined
    return kept !== undefined && kept.length >= length ? kept : Buffer.allocUnsafe(length)
  }

  give(buffer: Buffer): void {
    if (this.kept === undefined || buffer.length > this.kept.length) this.kept = buffer
  }
}

function bufferFor(length: number, into: Buffer | undefined): Buffer {
  return into && into.length >= length ? into.subarray(0, length) : Buffer.allocUnsafe(length)
}

/**
 * Kept in memory up to this many bytes; beyond, a temporary file holds the rest, so
 * memory stays bounded. Small: the page cache serves the file about as fast, and a
 * live 700 MB dump's 63 MB cluster section held in memory put the command 90 MB
 * above reading the same dump from a file.
 */
const MEMORY_LIMIT = 16 * 1024 * 1024

interface Segment {
  /** Absolute offsets in the input. */
  start: number
  end: number
  /** Held in memory, or at `at` in the spill file. */
  bytes?: Buffer
  at: number
}

/**
 * The parts of a read-once input (stdin, gzip, a live answer) that will be needed
 * again: the sections a command shows. Appended in input order as they stream
 * past; small inputs stay in memory, large ones go to an unlinked temporary file,
 * which the page cache serves without counting against the process's memory.
 */
export class SpillStore implements ByteStore {
  private readonly segments: Segment[] = []
  private held = 0
  private fd: number | undefined
  private spilled = 0

  constructor(private readonly memoryLimit = MEMORY_LIMIT) {}

  /** Keeps a copy of `chunk`, which holds the input's bytes from offset `start`. */
  append(chunk: Buffer, start: number): void {
    if (chunk.length === 0) return
    const last = this.segments.at(-1)
    if (last && last.end > start) throw new Error('SpillStore.append: bytes must come in input order')
    if (this.held + chunk.length <= this.memoryLimit) {
      this.segments.push({start, end: start + chunk.length, bytes: Buffer.from(chunk), at: 0})
      this.held += chunk.length
      return
    }
    this.fd ??= openSpillFile()
    let done = 0
    while (done < chunk.length) done += writeSync(this.fd, chunk, done, chunk.length - done, this.spilled + done)
    if (last && last.bytes === undefined && last.end === start && last.at + (last.end - last.start) === this.spilled) last.end += chunk.length
    else this.segments.push({start, end: start + chunk.length, at: this.spilled})
    this.spilled += chunk.length
  }

  read(start: number, end: number, into?: Buffer): Buffer {
    const out = bufferFor(end - start, into)
    let pos = start
    let i = this.find(start)
    while (pos < end) {
      const s = this.segments[i++]
      if (s === undefined || s.start > pos || s.end <= pos) throw new Error(`bytes ${pos}..${end} of the input were not kept`)
      const upTo = Math.min(end, s.end)
      if (s.bytes) s.bytes.copy(out, pos - start, pos - s.start, upTo - s.start)
      else readSync(this.fd!, out, pos - start, upTo - pos, s.at + (pos - s.start))
      pos = upTo
    }
    return out
  }

  /** The segment holding `offset` (binary search: segments are in input order). */
  private find(offset: number): number {
    let lo = 0
    let hi = this.segments.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.segments[mid].start <= offset) lo = mid
      else hi = mid - 1
    }
    return lo
  }
}

/** A temporary file that is gone from the file system as soon as it is open: nothing is left behind, however the process ends. */
function openSpillFile(): number {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-config-'))
  const path = join(dir, 'spill')
  const fd = openSync(path, 'w+', 0o600)
  rmSync(dir, {recursive: true, force: true})
  return fd
}

/**
 * Everything the chunks hold, for answers small enough for one buffer
 * (/clusters?format=json). Input whose first byte already shows it is not JSON
 * (`-f /dev/zero`) is refused there, rather than read to the size limit.
 */
export async function collect(chunks: AsyncIterable<Buffer>, origin: string): Promise<Buffer> {
  const parts: Buffer[] = []
  let checked = false
  let seen = 0
  for await (const chunk of chunks) {
    if (!checked) {
      const at = firstValueByte(chunk, seen === 0 ? bomLength(chunk) : 0)
      if (at >= 0) {
        if (!JSON_STARTS.has(chunk[at])) throw new UserError(`${origin} is not JSON: no JSON value starts at byte ${seen + at}`)
        checked = true
      }
    }
    seen += chunk.length
    // Chunks may be reused by their reader.
    parts.push(Buffer.from(chunk))
  }
  return Buffer.concat(parts)
}

/** The bytes a JSON value can start with. */
const JSON_STARTS = new Set([...'{["-0123456789tfn'].map((c) => c.charCodeAt(0)))

function firstValueByte(chunk: Buffer, from: number): number {
  for (let i = from; i < chunk.length; i++) {
    const b = chunk[i]
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return i
  }
  return -1
}
