import {UserError} from '../core/errors.js'
import {decompress} from './gzip.js'
import {type DumpSource, type SourceKind, openedAlone} from './source.js'

/** A dump piped in (`-f -`). */
export class StdinSource implements DumpSource {
  readonly origin = 'stdin'

  async read(): Promise<Buffer> {
    if (process.stdin.isTTY) throw new UserError('-f - reads the dump from stdin, but stdin is a terminal; pipe a dump in')
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return decompress(Buffer.concat(chunks), this.origin)
  }
}

export const stdinKind: SourceKind = {
  input: 'file',
  accepts: (value) => value === '-',
  open: async () => openedAlone(new StdinSource()),
}
