import {UserError} from '../core/errors.js'

/**
 * Real dumps shrink 10 to 60 times under gzip; a gzip bomb expands about 1000
 * times. Past the first RATIO_GRACE bytes, output this much larger than the input
 * read so far is refused before it fills memory or disk.
 */
const MAX_RATIO = 200
const RATIO_GRACE = 64 * 1024 * 1024

/** Saved dumps are often gzipped (`kubectl exec … | gzip`): recognised by their magic bytes. */
export function isGzip(head: Buffer): boolean {
  return head[0] === 0x1f && head[1] === 0x8b
}

/** The chunks as they are, or decompressed as they stream when the first one starts with gzip's magic bytes. */
export async function* maybeGunzip(chunks: AsyncIterable<Buffer>, origin: string): AsyncGenerator<Buffer> {
  const it = chunks[Symbol.asyncIterator]()
  const first = await it.next()
  if (first.done) return
  const rest: AsyncIterable<Buffer> = {
    [Symbol.asyncIterator]: () => ({next: () => it.next(), return: async () => (await it.return?.()) ?? {done: true, value: undefined}}),
  }
  if (!isGzip(first.value)) {
    yield first.value
    yield* rest
    return
  }
  yield* gunzipped(prepend(Buffer.from(first.value), rest), origin)
}

async function* prepend(head: Buffer, rest: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield head
  // zlib works on its input after it was handed over: chunks must not be reused under it.
  for await (const chunk of rest) yield Buffer.from(chunk)
}

async function* gunzipped(compressed: AsyncIterable<Buffer>, origin: string): AsyncGenerator<Buffer> {
  let read = 0
  const counted = (async function* () {
    for await (const chunk of compressed) {
      read += chunk.length
      yield chunk
    }
  })()
  const [{Readable}, {createGunzip}] = await Promise.all([import('node:stream'), import('node:zlib')])
  const gunzip = Readable.from(counted).pipe(createGunzip())
  let written = 0
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      written += chunk.length
      if (written > RATIO_GRACE && written > MAX_RATIO * read) {
        throw new UserError(`${origin} decompresses to more than ${MAX_RATIO} times its size, as gzip bombs do; refusing to read it`)
      }
      yield chunk
    }
  } catch (error) {
    if (error instanceof UserError) throw error
    throw new UserError(`${origin} looks gzip-compressed but cannot be decompressed: ${(error as Error).message}`)
  } finally {
    gunzip.destroy()
  }
}

/** A whole gzipped buffer decompressed, or the buffer itself (same guards as streaming). */
export async function decompress(bytes: Buffer, origin: string): Promise<Buffer> {
  if (!isGzip(bytes)) return bytes
  const parts: Buffer[] = []
  for await (const chunk of gunzipped(
    (async function* () {
      yield bytes
    })(),
    origin,
  ))
    parts.push(chunk)
  return Buffer.concat(parts)
}
