import {Deadline} from '../core/deadline.js'
import {parseDuration} from '../core/duration.js'
import {UserError} from '../core/errors.js'
import {type ByteStream, collect} from '../dump/input.js'
import {maybeGunzip} from './gzip.js'
import {DEFAULT_MAX_DUMP_SIZE, capped, parseSize} from './limits.js'
import type {DumpSource, SourceKind, SourceSpec} from './source.js'

/** A dump piped in (`-f -`), gzipped or not, read as it arrives. */
export class StdinSource implements DumpSource {
  readonly origin = 'stdin'
  private deadline: Deadline | undefined

  constructor(private readonly spec: Pick<SourceSpec, 'timeout' | 'maxDumpSize'> = {timeout: '0'}) {}

  async read(): Promise<Buffer> {
    return collect((await this.stream()).chunks, this.origin)
  }

  async stream(): Promise<ByteStream> {
    if (process.stdin.isTTY) throw new UserError('-f - reads the dump from stdin, but stdin is a terminal; pipe a dump in')
    const limit = parseSize(this.spec.maxDumpSize ?? DEFAULT_MAX_DUMP_SIZE)
    const timeoutMs = parseDuration(this.spec.timeout)
    if (timeoutMs > 0) this.deadline ??= new Deadline(timeoutMs)
    return {chunks: capped(maybeGunzip(process.stdin, this.origin), limit, this.origin), deadline: this.deadline}
  }

  async close(): Promise<void> {
    this.deadline?.dispose()
  }
}

export const stdinKind: SourceKind = {
  input: 'file',
  accepts: (value) => value === '-',
  open: async (_value, spec) => {
    const source = new StdinSource(spec)
    return {sources: [source], close: () => source.close()}
  },
}
