/**
 * Text from a dump or an API answer must not drive the terminal (kubectl
 * CVE-2021-25743): C0 and C1 controls, DEL and the bidirectional overrides are
 * shown as visible escapes instead. Tabs and newlines are escaped too, since a
 * table cell cannot hold them.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

export function escapeUnsafe(text: string): string {
  UNSAFE.lastIndex = 0
  if (!UNSAFE.test(text)) return text
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0)
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
}

/**
 * JSON.stringify escapes C0 controls but leaves DEL, C1 and bidi characters raw;
 * outside strings JSON has none of them, so escaping every occurrence is safe.
 */
export function escapeJsonText(json: string): string {
  // Output is mostly ASCII below DEL, which is found faster (natively, from the UTF-8 length) than searched for.
  if (Buffer.byteLength(json) === json.length && !json.includes('\u007f')) return json
  // eslint-disable-next-line no-control-regex
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/**
 * The same for JSON printed byte for byte (`all -o json`), which may exceed any
 * string: control, DEL, C1 and bidi characters become `\u` escapes, valid inside
 * JSON strings, the only place valid JSON has them. Tab, newline and carriage
 * return are layout and stay. One pass over the bytes; untouched runs are shared.
 */
export function escapeJsonBytes(bytes: Buffer): Buffer[] {
  const pieces: Buffer[] = []
  let from = 0
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    if (b >= 0x20 && b !== 0x7f && b !== 0xc2 && b !== 0xd8 && b !== 0xe2) continue
    let code = -1
    let length = 1
    if (b < 0x20) {
      if (b !== 0x09 && b !== 0x0a && b !== 0x0d) code = b
    } else if (b === 0x7f) {
      code = b
    } else if (b === 0xc2 && bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x9f) {
      code = bytes[i + 1]
      length = 2
    } else if (b === 0xd8 && bytes[i + 1] === 0x9c) {
      code = 0x061c
      length = 2
    } else if (b === 0xe2 && (bytes[i + 1] === 0x80 || bytes[i + 1] === 0x81)) {
      const cp = 0x2000 + ((bytes[i + 1] & 0x3f) << 6) + (bytes[i + 2] & 0x3f)
      if (cp === 0x200e || cp === 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
        code = cp
        length = 3
      }
    }
    if (code < 0) continue
    pieces.push(bytes.subarray(from, i), Buffer.from(`\\u${code.toString(16).padStart(4, '0')}`))
    from = i + length
    i += length - 1
  }
  if (from === 0) return [bytes]
  pieces.push(bytes.subarray(from))
  return pieces
}
