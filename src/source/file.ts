import {type Stats, closeSync, fstatSync, open, openSync, read, readSync, statSync} from 'node:fs'
import {promisify} from 'node:util'

import {Deadline} from '../core/deadline.js'
import {parseDuration} from '../core/duration.js'
import {UserError} from '../core/errors.js'
import {type ByteStream, FileStore, collect} from '../dump/input.js'
import {scanBuffers} from '../dump/skip-kernel.js'
import {isGzip, maybeGunzip} from './gzip.js'
import {DEFAULT_MAX_DUMP_SIZE, capped, parseSize} from './limits.js'
import type {DumpSource, OpenSources, SourceKind, SourceSpec} from './source.js'

/** Files are read in chunks of this size, through buffers reused in turn. */
const CHUNK_BYTES = 1024 * 1024
/** Reads of a regular file under way at once (Node's thread pool has four threads). */
const READS_IN_FLIGHT = 3

/**
 * A dump saved to a file (`-f dump.json`, gzipped or not). A plain file is scanned
 * once and read again at the offsets of the resources a command shows, so none of
 * it is held in memory; gzip, pipes and devices are read once, as streams.
 */
export class FileSource implements DumpSource {
  readonly origin: string
  private readonly fds: number[] = []
  /** Reads under way: a descriptor is closed only once none is, so that none reads a closed (or reused) descriptor. */
  private readonly reads = new Set<Promise<unknown>>()
  private deadline: Deadline | undefined

  constructor(
    private readonly path: string,
    private readonly spec: Pick<SourceSpec, 'timeout' | 'maxDumpSize'> = {timeout: '0'},
  ) {
    this.origin = `file ${path}`
  }

  async read(): Promise<Buffer> {
    return collect((await this.stream()).chunks, this.origin)
  }

  async stream(): Promise<ByteStream> {
    const limit = parseSize(this.spec.maxDumpSize ?? DEFAULT_MAX_DUMP_SIZE)
    const timeoutMs = parseDuration(this.spec.timeout)
    if (timeoutMs > 0) this.deadline ??= new Deadline(timeoutMs)
    const {fd, stat} = await this.open()
    this.fds.push(fd)
    if (stat.isDirectory()) throw new UserError(`cannot read ${this.path}: ${describeFsError({code: 'EISDIR'})}`)
    const head = Buffer.alloc(2)
    const regular = stat.isFile()
    if (regular) readSyncOr(fd, this.path, head, 0)
    if (regular && stat.size > limit && !isGzip(head))
      throw new UserError(`${this.origin} is ${(stat.size / 1e6).toFixed(0)} MB, larger than --max-dump-size allows; raise --max-dump-size to read it`)
    const raw = chunksOf({fd, path: this.path, reads: this.reads}, regular && !isGzip(head), stat.size)
    if (regular && !isGzip(head)) return {chunks: capped(raw, limit, this.origin), rereadable: new FileStore(fd), deadline: this.deadline}
    return {chunks: capped(maybeGunzip(raw, this.origin), limit, this.origin), deadline: this.deadline}
  }

  /**
   * A regular file is opened at once: a trip through the thread pool would cost
   * more than the open. Anything else (a FIFO, a device) may make the open wait,
   * which it does off the main thread, so that --timeout and Ctrl-C still work.
   */
  private async open(): Promise<{fd: number; stat: Stats}> {
    try {
      const stat = statSync(this.path)
      if (stat.isFile()) return {fd: openSync(this.path, 'r'), stat}
      const fd = await promisify(open)(this.path, 'r')
      return {fd, stat: fstatSync(fd)}
    } catch (error) {
      throw new UserError(`cannot read ${this.path}: ${describeFsError(error)}`)
    }
  }

  async close(): Promise<void> {
    this.deadline?.dispose()
    await Promise.all([...this.reads].map((read) => read.catch(() => {})))
    for (const fd of this.fds.splice(0)) closeSync(fd)
  }
}

/**
 * The file's bytes in order, the next chunks read while the consumer works on the
 * current one, so that reading and scanning overlap. `reuse` (a regular file): a
 * ring of buffers, the scanner copying what it keeps, in memory where the skip kernel
 * scans them without a copy, with several reads in flight at their own offsets: the
 * copies out of the page cache then run side by side on the thread pool instead of
 * one after another. A file that fits in one chunk is read at once, without the
 * thread pool. Otherwise one read ahead into fresh chunks, for streams that have no
 * offsets and consumers that hold on to chunks (gunzip).
 */
async function* chunksOf(file: OpenFile, reuse: boolean, size: number): AsyncGenerator<Buffer> {
  const {fd, path} = file
  if (reuse && size < CHUNK_BYTES) {
    const whole = Buffer.allocUnsafe(size + 1)
    let length = 0
    for (let n = 1; n > 0 && length < whole.length; length += n) n = readSyncOr(fd, path, whole, length)
    // One byte more than stat said: a file that grew since is read on as a larger one.
    if (length <= size) {
      if (length > 0) yield whole.subarray(0, length)
      return
    }
    yield* chunksFrom(file, reuse, size, whole.subarray(0, length))
    return
  }
  yield* chunksFrom(file, reuse, size)
}

async function* chunksFrom({fd, path, reads}: OpenFile, reuse: boolean, size: number, first?: Buffer): AsyncGenerator<Buffer> {
  const ahead = reuse ? READS_IN_FLIGHT : 1
  // One buffer more than reads in flight: the one the consumer holds.
  const buffers = reuse ? scanBuffers(ahead + 1, CHUNK_BYTES, size) : undefined
  let turn = 0
  let offset = first?.length ?? 0
  const readNext = async (): Promise<Buffer> => {
    const buffer = buffers ? buffers[turn++ % buffers.length] : Buffer.allocUnsafe(CHUNK_BYTES)
    const position = reuse ? offset : null
    offset += buffer.length
    const reading = readAsync(fd, buffer, 0, buffer.length, position)
    reads.add(reading)
    try {
      const {bytesRead} = await reading
      return buffer.subarray(0, bytesRead)
    } catch (error) {
      throw new UserError(`cannot read ${path}: ${describeFsError(error)}`)
    } finally {
      reads.delete(reading)
    }
  }
  if (first) yield first
  const pending = Array.from({length: ahead}, readNext)
  try {
    for (;;) {
      const chunk = await pending.shift()!
      if (chunk.length === 0) return
      pending.push(readNext())
      yield chunk
    }
  } finally {
    // A consumer that stops early must not leave a read writing into a buffer, or failing unheard.
    await Promise.all(pending.map((p) => p.catch(() => {})))
  }
}

const readAsync = promisify(read)

/** A file being read: its descriptor, its name for messages, and the reads under way on it. */
interface OpenFile {
  fd: number
  path: string
  reads: Set<Promise<unknown>>
}

function readSyncOr(fd: number, path: string, into: Buffer, at: number): number {
  try {
    return readSync(fd, into, at, into.length - at, at)
  } catch (error) {
    throw new UserError(`cannot read ${path}: ${describeFsError(error)}`)
  }
}

/** Any `-f` value the kinds before it did not take is a file path. */
export const fileKind: SourceKind = {
  input: 'file',
  accepts: () => true,
  open: async (path, spec) => {
    const source = new FileSource(path, spec)
    return {sources: [source], close: () => source.close()} satisfies OpenSources
  },
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code
  switch (code) {
    case 'ENOENT':
      return 'no such file'
    case 'EACCES':
      return 'permission denied'
    case 'EISDIR':
      return 'is a directory, not a file'
    default:
      return error instanceof Error ? error.message : String(error)
  }
}
