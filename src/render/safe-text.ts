/**
 * Text from a dump or an API answer must not drive the terminal (kubectl
 * CVE-2021-25743): C0 and C1 controls, DEL and the bidirectional overrides are
 * shown as visible escapes instead. Tabs and newlines are escaped too, since a
 * table cell cannot hold them.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

export function hasUnsafe(text: string): boolean {
  UNSAFE.lastIndex = 0
  return UNSAFE.test(text)
}

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
  // eslint-disable-next-line no-control-regex
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
