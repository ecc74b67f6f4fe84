import {readFile} from 'node:fs/promises'

import {UserError} from '../core/errors.js'
import {decompress} from './gzip.js'
import {type DumpSource, type SourceKind, openedAlone} from './source.js'

/** A dump saved to a file (`-f dump.json`, gzipped or not). */
export class FileSource implements DumpSource {
  readonly origin: string

  constructor(private readonly path: string) {
    this.origin = `file ${path}`
  }

  async read(): Promise<Buffer> {
    let bytes: Buffer
    try {
      bytes = await readFile(this.path)
    } catch (error) {
      throw new UserError(`cannot read ${this.path}: ${describeFsError(error)}`)
    }
    return decompress(bytes, this.origin)
  }
}

/** Any `-f` value the kinds before it did not take is a file path. */
export const fileKind: SourceKind = {
  input: 'file',
  accepts: () => true,
  open: async (path) => openedAlone(new FileSource(path)),
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
