/**
 * JSON as Envoy and the tools around it write it, read at the byte level (dumps may
 * exceed any string) or as parsed values. Each rule is defined here once: what counts
 * as whitespace, the UTF-8 byte-order mark, and proto3 JSON's lowerCamelCase names.
 */

/** A parsed JSON object. */
export type Raw = Record<string, unknown>

/**
 * Gives a resource's raw JSON again when an output format needs it. Models keep
 * this instead of the object itself, so a huge dump's resources can be parsed,
 * summarised and dropped, then re-read one at a time for JSON output.
 */
export type Loader = () => Raw

/** JSON's four whitespace bytes: space, newline, carriage return, tab. */
export function isJsonSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09
}

/** The first non-whitespace position at or after `pos`. */
export function skipSpace(buf: Buffer, pos: number, end = buf.length): number {
  while (pos < end && isJsonSpace(buf[pos])) pos++
  return pos
}

/** The last non-whitespace position at or before `pos` (-1 if none). */
export function skipSpaceBack(buf: Buffer, pos: number, start = 0): number {
  while (pos >= start && isJsonSpace(buf[pos])) pos--
  return pos
}

/** Length of a UTF-8 byte-order mark at the start of `bytes` (3 or 0); editors on Windows write one. */
export function bomLength(bytes: Buffer): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
}

const camelCache = new Map<string, string>()

/** A proto field's JSON name, as protoc derives it: underscores dropped, the letter after one upper-cased. */
export function camelCase(snake: string): string {
  let c = camelCache.get(snake)
  if (c === undefined) {
    c = snake.replace(/_+([a-z]?)/g, (_m, ch: string) => ch.toUpperCase())
    camelCache.set(snake, c)
  }
  return c
}

export function isRaw(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The field named `snake` (or its camelCase twin), whatever its type. Envoy's admin
 * API prints snake_case names, but proto3 JSON allows the lowerCamelCase spelling too
 * (dumps re-saved by istioctl or other tools use it).
 */
export function field(obj: unknown, snake: string): unknown {
  if (!isRaw(obj)) return undefined
  const v = obj[snake]
  if (v !== undefined) return v
  return obj[camelCase(snake)]
}
