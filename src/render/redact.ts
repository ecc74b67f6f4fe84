import {skipSpace} from '../core/json.js'
import {skipValue} from '../dump/scan.js'

/**
 * Private key material must not reach a terminal or a CI log just because a saved
 * dump contains it (Envoy redacts its own admin output, other tools may not).
 * Under these fields every inline value is replaced; `--show-secrets` skips this.
 */
const SENSITIVE = new Set(['private_key', 'privateKey', 'password', 'session_ticket_keys', 'sessionTicketKeys', 'generic_secret', 'genericSecret'])
const INLINE = new Set(['inline_bytes', 'inlineBytes', 'inline_string', 'inlineString'])
export const REDACTED = '[redacted]'
/** How Envoy itself prints a redacted bytes field; already safe, so left as Envoy wrote it. */
const ENVOY_REDACTED = Buffer.from(REDACTED).toString('base64')
/** Inline values left alone: already redacted, or empty. */
const KEPT = new Set<unknown>([REDACTED, ENVOY_REDACTED, ''])

/** A copy of `value` with key material replaced; untouched subtrees are shared, not copied. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > 1000) return value
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    value.forEach((item, i) => {
      const r = redactSecrets(item, depth + 1)
      if (r !== item) (copy ??= [...value])[i] = r
    })
    return copy ?? value
  }
  let copy: Record<string, unknown> | undefined
  for (const [key, item] of Object.entries(value)) {
    const r = SENSITIVE.has(key) ? blank(item, depth + 1) : redactSecrets(item, depth + 1)
    if (r !== item) (copy ??= {...value})[key] = r
  }
  return copy ?? value
}

/** Every inline value below a sensitive field; an empty one hides nothing and stays as it is, as in istioctl. */
function blank(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > 1000) return value
  if (Array.isArray(value)) return value.map((v) => blank(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) out[key] = INLINE.has(key) && !KEPT.has(item) ? REDACTED : blank(item, depth + 1)
  return out
}

const NEEDLES = [...SENSITIVE].map((k) => Buffer.from(`"${k}"`))

/**
 * The same for a dump printed byte for byte (`all -o json`): only the values of
 * sensitive fields are re-encoded, everything else is passed through unchanged.
 * Returns the pieces to write.
 */
export function redactJsonBytes(bytes: Buffer): Buffer[] {
  const cuts: {start: number; end: number; text: string}[] = []
  for (const needle of NEEDLES) {
    for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + needle.length)) {
      const colon = skipSpace(bytes, at + needle.length)
      // An unescaped quoted word followed by ':' is a key; anything else is a value that merely looks like one.
      if (bytes[colon] !== 0x3a) continue
      const start = skipSpace(bytes, colon + 1)
      const end = skipValue(bytes, start)
      const original: unknown = JSON.parse(bytes.toString('utf8', start, end))
      const text = JSON.stringify(blank(original, 0))
      if (text !== JSON.stringify(original)) cuts.push({start, end, text})
    }
  }
  if (cuts.length === 0) return [bytes]
  cuts.sort((a, b) => a.start - b.start)
  const pieces: Buffer[] = []
  let pos = 0
  for (const cut of cuts) {
    if (cut.start < pos) continue
    pieces.push(bytes.subarray(pos, cut.start), Buffer.from(cut.text))
    pos = cut.end
  }
  pieces.push(bytes.subarray(pos))
  return pieces
}
