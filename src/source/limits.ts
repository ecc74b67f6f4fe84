import {ExitCode, UserError} from '../core/errors.js'

/**
 * How much a command reads at most, fetched or decompressed: far above any real
 * dump (the largest seen are about 700 MB), far below what would exhaust memory or
 * the disk when an endless or hostile input is given.
 */
export const DEFAULT_MAX_DUMP_SIZE = '1.5GiB'

const UNITS: Record<string, number> = {'': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, k: 1024, m: 1024 ** 2, g: 1024 ** 3, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3}

/** `--max-dump-size` as typed: bytes, or with a unit (`800MB`, `1.5GiB`). */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text)
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined
  if (!m || unit === undefined || Number(m[1]) <= 0) {
    throw new UserError(`invalid --max-dump-size "${text.slice(0, 40)}": expected a size such as 800MB or 1.5GiB`, ExitCode.usage)
  }
  return Math.floor(Number(m[1]) * unit)
}

export function tooLarge(origin: string, limit: number): UserError {
  return new UserError(`${origin} is larger than --max-dump-size (${formatSize(limit)}); raise --max-dump-size to read it`)
}

export function formatSize(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${+(bytes / 1024 ** 3).toFixed(2)} GiB` : `${+(bytes / 1024 ** 2).toFixed(1)} MiB`
}

/** The chunks, refusing to go past `limit` bytes in all. */
export async function* capped(chunks: AsyncIterable<Buffer>, limit: number, origin: string): AsyncGenerator<Buffer> {
  let total = 0
  for await (const chunk of chunks) {
    total += chunk.length
    if (total > limit) throw tooLarge(origin, limit)
    yield chunk
  }
}
