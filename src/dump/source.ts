import {readFile} from 'node:fs/promises'
import {promisify} from 'node:util'
import {gunzip} from 'node:zlib'

import {UserError} from '../core/errors.js'

/**
 * What a command needs from Envoy. Live sources turn this into the narrowest admin
 * request (`/config_dump?mask=…`, `/clusters?format=json`); saved dumps ignore it.
 */
export type DumpRequest = {kind: 'config_dump'; mask?: readonly string[]; includeEds?: boolean} | {kind: 'clusters'}

/** Where dump bytes come from: a file, stdin, a pod through a tunnel, an admin URL. */
export interface DumpSource {
  /** Names the origin in error messages ("file dump.json", "pod productpage-v1.default"). */
  readonly label: string
  read(request: DumpRequest): Promise<Buffer>
}

export class FileSource implements DumpSource {
  readonly label: string

  constructor(private readonly path: string) {
    this.label = `file ${path}`
  }

  async read(): Promise<Buffer> {
    let bytes: Buffer
    try {
      bytes = await readFile(this.path)
    } catch (error) {
      throw new UserError(`cannot read ${this.path}: ${describeFsError(error)}`)
    }
    return decompress(bytes, this.label)
  }
}

export class StdinSource implements DumpSource {
  readonly label = 'stdin'

  async read(): Promise<Buffer> {
    if (process.stdin.isTTY) throw new UserError('-f - reads the dump from stdin, but stdin is a terminal; pipe a dump in')
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return decompress(Buffer.concat(chunks), this.label)
  }
}

const gunzipAsync = promisify(gunzip)

/** Saved dumps are often gzipped (`kubectl exec … | gzip`); recognise them by their magic bytes. */
export async function decompress(bytes: Buffer, label: string): Promise<Buffer> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes
  try {
    return await gunzipAsync(bytes)
  } catch (error) {
    throw new UserError(`${label} looks gzip-compressed but cannot be decompressed: ${(error as Error).message}`)
  }
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
