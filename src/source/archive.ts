import {createReadStream, createWriteStream} from 'node:fs'
import {mkdtemp, open, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import type {Readable} from 'node:stream'

import {UserError} from '../core/errors.js'
import {type DumpKind, HEAD_BYTES, type FoundDump, bundleSources, sniff} from './bundle.js'
import type {SourceKind} from './source.js'

/**
 * `-f bundle.tar.gz` (or `.tgz`, `.tar`): an archive of dumps such as `istioctl
 * bug-report` writes, each pod a source of its own. The archive is read once, as a
 * stream; entries whose first bytes show a dump are written to a private temporary
 * directory (removed on close) and everything else is skipped unread, so memory
 * holds no more than one entry's first bytes whatever the archive's size.
 */
export const archiveKind: SourceKind = {
  input: 'file',
  accepts: (value) => /\.(tar|tar\.gz|tgz)$/i.test(value),
  open: async (archive) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'proxy-config-bundle-'))
    const close = () => rm(dir, {recursive: true, force: true})
    try {
      const found = await extractDumps(archive, dir)
      return {sources: bundleSources(found, archive), close}
    } catch (error) {
      await close()
      throw error
    }
  },
}

async function extractDumps(archive: string, dir: string): Promise<FoundDump[]> {
  const {extract} = (await import('tar-stream')).default
  const gzipped = await startsWithGzip(archive)
  const entries = extract()
  const stages: Readable[] = [createReadStream(archive), ...(gzipped ? [(await import('node:zlib')).createGunzip()] : [])]
  for (const stage of stages) stage.on('error', (error) => entries.destroy(error))
  stages.reduce((from, to) => from.pipe(to as unknown as NodeJS.WritableStream) as unknown as Readable).pipe(entries)
  const found: FoundDump[] = []
  try {
    for await (const entry of entries) {
      const chunks = entry[Symbol.asyncIterator]() as AsyncIterator<Buffer>
      // Entry names are never used as paths on disk: `../` in a hostile archive cannot escape the directory.
      const file = path.join(dir, String(found.length))
      const kept = entry.header.type === 'file' ? await keepIfDump(chunks, file) : undefined
      if (kept) found.push({file, inBundle: entry.header.name.replace(/^(\.\/)+/, ''), kind: kept.kind, size: kept.size})
      else for (let next = await chunks.next(); !next.done; next = await chunks.next());
    }
  } catch (error) {
    throw new UserError(`cannot read archive ${archive}: ${(error as Error).message}`)
  }
  return found
}

/** Looks at an entry's first bytes; a dump is written to `file` whole, anything else is left for the caller to drain. */
async function keepIfDump(chunks: AsyncIterator<Buffer>, file: string): Promise<{kind: DumpKind; size: number} | undefined> {
  const head: Buffer[] = []
  let size = 0
  while (size < HEAD_BYTES) {
    const next = await chunks.next()
    if (next.done) break
    head.push(next.value)
    size += next.value.length
  }
  const kind = sniff(Buffer.concat(head))
  if (!kind) return undefined
  const out = createWriteStream(file, {mode: 0o600})
  const written = new Promise<void>((resolve, reject) => {
    out.on('error', reject)
    out.on('finish', resolve)
  })
  for (const chunk of head) out.write(chunk)
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
    size += next.value.length
    if (!out.write(next.value)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
  }
  out.end()
  await written
  return {kind, size}
}

async function startsWithGzip(file: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(file, 'r')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UserError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`)
  }
  try {
    const magic = Buffer.alloc(2)
    await handle.read(magic, 0, 2, 0)
    return magic[0] === 0x1f && magic[1] === 0x8b
  } finally {
    await handle.close()
  }
}
