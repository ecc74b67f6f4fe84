import {createRequire} from 'node:module'

/**
 * Node built-ins that only some commands use, loaded when first asked for. Loading
 * node:crypto or node:zlib costs a millisecond or two of every start, a good part of
 * a short command's own time, and most commands never use either. (Code that can
 * wait uses import() instead; these are for synchronous callers.)
 */
const load = createRequire(import.meta.url)

export const crypto = (): typeof import('node:crypto') => load('node:crypto')

export const zlib = (): typeof import('node:zlib') => load('node:zlib')
