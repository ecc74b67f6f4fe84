import {promisify} from 'node:util'
import {gunzip} from 'node:zlib'

import {UserError} from '../core/errors.js'

const gunzipAsync = promisify(gunzip)

/** Saved dumps are often gzipped (`kubectl exec … | gzip`); recognise them by their magic bytes. */
export async function decompress(bytes: Buffer, origin: string): Promise<Buffer> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes
  try {
    return await gunzipAsync(bytes)
  } catch (error) {
    throw new UserError(`${origin} looks gzip-compressed but cannot be decompressed: ${(error as Error).message}`)
  }
}
