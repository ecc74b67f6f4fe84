import {statSync} from 'node:fs'
import {lstat, open, readdir} from 'node:fs/promises'
import path from 'node:path'

import {HEAD_BYTES, type FoundDump, bundleSources, sniff} from './bundle.js'
import type {SourceKind} from './source.js'

/**
 * `-f DIR`: a directory of dumps, at any depth (a directory of `<pod>.json` files, an
 * unpacked `istioctl bug-report`), each pod a source of its own. Only the first bytes
 * of each file are read to find the dumps; a dump is read whole when its pod's turn comes.
 */
export const directoryKind: SourceKind = {
  input: 'file',
  accepts: (value) => isDirectory(value),
  open: async (dir) => {
    const found: FoundDump[] = []
    for await (const file of walk(dir)) {
      // A file that cannot be read (permissions, a socket) is not a dump of this bundle.
      const bytes = await head(file).catch(() => undefined)
      const kind = bytes && sniff(bytes)
      if (kind) found.push({file, inBundle: path.relative(dir, file).split(path.sep).join('/'), kind, size: (await lstat(file)).size})
    }
    return {sources: bundleSources(found, dir), close: async () => {}}
  },
}

function isDirectory(value: string): boolean {
  try {
    return statSync(value).isDirectory()
  } catch {
    return false
  }
}

/** Regular files below `dir` in name order; symbolic links are not followed, so a link cannot lead out of the bundle. */
async function* walk(dir: string): AsyncGenerator<string> {
  const entries = (await readdir(dir, {withFileTypes: true})).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of entries) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(full)
    else if (entry.isFile()) yield full
  }
}

async function head(file: string): Promise<Buffer> {
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(HEAD_BYTES)
    const {bytesRead} = await handle.read(buffer, 0, HEAD_BYTES, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}
