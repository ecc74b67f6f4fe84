import {NOT_RESOLVED, SCALAR_STYLE, Schema, defineScalarTag, dump, mapTag, seqTag, strTag, visit, type Document, type ScalarLayout, type ScalarStyle} from 'js-yaml'

import {escapeJsonText} from '../core/safe-text.js'

/**
 * `-o yaml` as istioctl prints it: the JSON output converted by
 * sigs.k8s.io/yaml, i.e. parsed and re-emitted by go-yaml v2. So scalars are
 * typed by YAML 1.1 rules, mapping keys come out in go-yaml's "natural"
 * order, and a string is quoted exactly when go-yaml would quote it.
 *
 * Known differences from go-yaml, all on rare input: go-yaml folds scalars
 * longer than 80 columns at spaces onto continuation lines, which js-yaml
 * cannot render, so long lines stay whole here; in double-quoted strings it
 * escapes characters above U+FFFF as \UXXXXXXXX and leaves U+00A0 as is;
 * it writes keys over 128 characters as explicit "? key" entries, and keys
 * with line breaks as double-quoted simple keys.
 */
export function toYaml(value: unknown): string {
  const long: string[] = []
  const nonce = Math.random().toString(36).slice(2)
  const text = dump(setAsideLongStrings(value, long, nonce), {
    schema: GO_YAML_SCHEMA,
    indent: 2,
    seqNoIndent: true,
    lineWidth: -1,
    noRefs: true,
    // JSON semantics: undefined properties vanish, undefined list items become null.
    skipInvalid: true,
    scalarStyleRules: [goScalarStyle],
    transform: sortMappingKeys,
  })
  // sigs.k8s.io/yaml output followed by istioctl's own newline. js-yaml counts
  // bidirectional overrides as printable; they must not reach a terminal raw.
  const escaped = text.replace(BIDI_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)
  const restored = long.length === 0 ? escaped : escaped.replace(new RegExp(`${PLACEHOLDER}${nonce}_(\\d+)`, 'g'), (_, i: string) => quoteLong(long[Number(i)]))
  return `${restored}\n`
}

/**
 * js-yaml tests every scalar against a backtracking regular expression before any
 * style rule runs, and past about 2 MB that exhausts the stack (an inline Wasm
 * module can be that large). Such strings are swapped for placeholders and written
 * back double-quoted, which go-yaml would also choose for them.
 */
const LONG_STRING = 256 * 1024
const PLACEHOLDER = 'proxy_config_long_string_'

function setAsideLongStrings(value: unknown, long: string[], nonce: string, depth = 0): unknown {
  if (typeof value === 'string') {
    if (value.length < LONG_STRING) return value
    long.push(value)
    return `${PLACEHOLDER}${nonce}_${long.length - 1}`
  }
  if (typeof value !== 'object' || value === null || depth > 1000) return value
  if (Array.isArray(value)) return value.map((v) => setAsideLongStrings(v, long, nonce, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = setAsideLongStrings(v, long, nonce, depth + 1)
  return out
}

/** JSON string syntax is YAML double-quoted syntax; escapeJsonText covers what JSON leaves raw. */
function quoteLong(s: string): string {
  return escapeJsonText(JSON.stringify(s))
}

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/
const BIDI_ALL = new RegExp(BIDI.source, 'g')

type Resolved = 'str' | 'null' | 'bool' | 'int' | 'float' | 'timestamp'

// js-yaml asks each implicit tag in turn about the same text.
let lastResolved: {text: string; kind: Resolved} | undefined

/** The tag go-yaml v2 gives an unquoted scalar (its resolve()). */
function resolvePlain(s: string): Resolved {
  if (lastResolved?.text !== s) lastResolved = {text: s, kind: resolveUncached(s)}
  return lastResolved.kind
}

function resolveUncached(s: string): Resolved {
  if (s === '') return 'null'
  const c = s[0]
  if ('yYnNtTfFoO~'.includes(c)) return RESOLVE_MAP.get(s) ?? 'str'
  if (c === '.') {
    if (RESOLVE_MAP.has(s)) return 'float'
    return /^\.\d+(?:_\d+)*(?:[eE][-+]?\d+(?:_\d+)*)?$/.test(s) && Number.isFinite(Number(s.replaceAll('_', ''))) ? 'float' : 'str'
  }
  if (c !== '+' && c !== '-' && !(c >= '0' && c <= '9')) return 'str'
  if (RESOLVE_MAP.has(s)) return RESOLVE_MAP.get(s)!
  if (isTimestamp(s)) return 'timestamp'
  const plain = s.replaceAll('_', '')
  if (isGoInt(plain)) return 'int'
  if (/^[-+]?(?:\.\d+|\d+(?:\.\d*)?)(?:[eE][-+]?\d+)?$/.test(plain) && Number.isFinite(Number(plain))) return 'float'
  return 'str'
}

const RESOLVE_MAP: ReadonlyMap<string, Resolved> = new Map([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s): [string, Resolved] => [s, 'bool']),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s): [string, Resolved] => [s, 'bool']),
  ...['~', 'null', 'Null', 'NULL'].map((s): [string, Resolved] => [s, 'null']),
  ...['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF'].map((s): [string, Resolved] => [s, 'float']),
])

const INT64_MIN = -(2n ** 63n)
const UINT64_MAX = 2n ** 64n - 1n

// strconv.ParseInt(s, 0, 64), falling back to ParseUint for large positives.
function isGoInt(s: string): boolean {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9]\d*)$/.exec(s)
  if (m === null) return false
  const body = m[2]
  const n = /^0[0-7]+$/.test(body) ? BigInt(`0o${body.slice(1)}`) : BigInt(body)
  return m[1] === '-' ? -n >= INT64_MIN : n <= UINT64_MAX
}

// go-yaml tries Go's time.Parse with a few layouts on anything starting
// "YYYY-"; these mirror them, including 1-digit fields and range checks.
function isTimestamp(s: string): boolean {
  const m = /^(\d{4})-(\d\d?)-(\d\d?)(?:(?:[Tt](\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?(?:Z|[-+](\d\d):(\d\d)))|(?: (\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?))?$/.exec(s)
  if (m === null) return false
  const [year, month, day] = [m[1], m[2], m[3]].map(Number)
  if (month < 1 || month > 12) return false
  const last = new Date(0)
  last.setUTCFullYear(year, month, 0)
  if (day < 1 || day > last.getUTCDate()) return false
  const [hour, minute, second] = (m[4] !== undefined ? [m[4], m[5], m[6]] : [m[9], m[10], m[11]]).map(Number)
  if (hour > 23 || minute > 59 || second > 59) return false
  return m[7] === undefined || (Number(m[7]) <= 24 && Number(m[8]) <= 60)
}

// go-yaml quotes YAML 1.1 sexagesimal numbers ("1:30") although it no longer parses them.
function isBase60Float(s: string): boolean {
  return /^[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.[\d_]*)?$/.test(s)
}

/** What go-yaml v2's emitter allows for a string (yaml_emitter_analyze_scalar), in block context. */
function analyzeScalar(s: string): {plain: boolean; singleQuoted: boolean; block: boolean; multiline: boolean} {
  if (s === '') return {plain: true, singleQuoted: true, block: false, multiline: false}
  let indicators = s.startsWith('---') || s.startsWith('...')
  let special = false
  let leadingSpace = false
  let leadingBreak = false
  let trailingSpace = false
  let trailingBreak = false
  let breakSpace = false
  let spaceBreak = false
  let lineBreaks = false
  let previousSpace = false
  let previousBreak = false
  let precededByWhitespace = true
  const chars = Array.from(s)
  chars.forEach((ch, i) => {
    const last = i === chars.length - 1
    const followedByWhitespace = last || chars[i + 1] === ' ' || chars[i + 1] === '\t'
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) indicators = true
      else if ((ch === '?' || ch === ':' || ch === '-') && followedByWhitespace) indicators = true
    } else if (ch === ':' && followedByWhitespace) {
      indicators = true
    } else if (ch === '#' && precededByWhitespace) {
      indicators = true
    }
    if (!isPrintable(ch.codePointAt(0)!)) special = true
    if (ch === ' ') {
      if (i === 0) leadingSpace = true
      if (last) trailingSpace = true
      if (previousBreak) breakSpace = true
      previousSpace = true
      previousBreak = false
    } else if (isBreak(ch)) {
      lineBreaks = true
      if (i === 0) leadingBreak = true
      if (last) trailingBreak = true
      if (previousSpace) spaceBreak = true
      previousSpace = false
      previousBreak = true
    } else {
      previousSpace = false
      previousBreak = false
    }
    precededByWhitespace = ch === ' ' || ch === '\t' || isBreak(ch)
  })
  const plain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace || spaceBreak || special || lineBreaks || indicators)
  return {
    plain,
    singleQuoted: !(breakSpace || spaceBreak || special),
    block: !(trailingSpace || spaceBreak || special),
    multiline: lineBreaks,
  }
}

function isBreak(ch: string): boolean {
  return ch === '\n' || ch === '\r' || ch === '\u0085' || ch === '\u2028' || ch === '\u2029'
}

// go-yaml's is_printable: note that tab, CR and everything above U+FFFF are
// "special" and force double quotes.
function isPrintable(c: number): boolean {
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
}

// The style go-yaml picks for a string: marshal requests literal for text
// with "\n", double quotes when the plain text would read back as another
// type, else plain; the emitter then downgrades plain → single → double
// quotes as the content requires.
function goScalarStyle(layout: ScalarLayout): void {
  if (layout.node.tag !== strTag.tagName) {
    layout.style = SCALAR_STYLE.PLAIN
    return
  }
  const s = layout.node.value
  const analysis = analyzeScalar(s)
  let style: ScalarStyle
  if (BIDI.test(s)) {
    // Only a double-quoted scalar can carry the escapes toYaml puts in for these.
    style = SCALAR_STYLE.DOUBLE_QUOTED
  } else if (s.includes('\n')) {
    style = analysis.block && !layout.isKey ? SCALAR_STYLE.LITERAL_BLOCK : SCALAR_STYLE.DOUBLE_QUOTED
  } else if (resolvePlain(s) !== 'str' || isBase60Float(s) || (layout.isKey && analysis.multiline)) {
    style = SCALAR_STYLE.DOUBLE_QUOTED
  } else if (analysis.plain) {
    style = SCALAR_STYLE.PLAIN
  } else {
    style = analysis.singleQuoted ? SCALAR_STYLE.SINGLE_QUOTED : SCALAR_STYLE.DOUBLE_QUOTED
  }
  layout.style = style
}

/**
 * strconv.FormatFloat(f, 'g', -1, 64), which go-yaml uses for floats:
 * shortest digits, exponent form below 1e-4 and from 1e6 (e.g. "1.5e+06").
 */
function formatFloat(n: number): string {
  if (Number.isNaN(n)) return '.nan'
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf'
  const [mantissa, exponent] = n.toExponential().split('e')
  const exp = Number(exponent)
  const sign = n < 0 ? '-' : ''
  const digits = mantissa.replace(/^-/, '').replace('.', '')
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp)
    return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0')
  const fraction = digits.slice(exp + 1)
  return `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}`
}

// A JSON number reaches go-yaml as text: integral values within int64/uint64
// range resolve as ints, everything else as floats.
function isYamlInt(n: number): boolean {
  return Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 64
}

const DIGITS = [...'0123456789']

const GO_YAML_SCHEMA = new Schema([
  strTag,
  seqTag,
  mapTag,
  defineScalarTag('tag:yaml.org,2002:null', {
    implicit: true,
    implicitFirstChars: ['', '~', 'n', 'N'],
    resolve: (s) => (resolvePlain(s) === 'null' ? null : NOT_RESOLVED),
    identify: (v) => v === null,
    represent: () => 'null',
  }),
  defineScalarTag('tag:yaml.org,2002:bool', {
    implicit: true,
    implicitFirstChars: [...'yYnNtTfFoO'],
    resolve: (s) => (resolvePlain(s) === 'bool' ? true : NOT_RESOLVED),
    identify: (v) => typeof v === 'boolean',
    represent: (v: boolean) => String(v),
  }),
  defineScalarTag('tag:yaml.org,2002:int', {
    implicit: true,
    implicitFirstChars: ['+', '-', ...DIGITS],
    resolve: (s) => (resolvePlain(s) === 'int' ? 0 : NOT_RESOLVED),
    identify: (v) => typeof v === 'number' && isYamlInt(v),
    represent: (v: number) => BigInt(v).toString(),
  }),
  defineScalarTag('tag:yaml.org,2002:float', {
    implicit: true,
    implicitFirstChars: ['+', '-', '.', ...DIGITS],
    resolve: (s) => (resolvePlain(s) === 'float' ? 0 : NOT_RESOLVED),
    identify: (v) => typeof v === 'number' && !isYamlInt(v),
    represent: formatFloat,
  }),
  // Never produced from JavaScript values; present so that date-like
  // strings count as non-strings when deciding whether to quote them.
  defineScalarTag('tag:yaml.org,2002:timestamp', {
    implicit: true,
    implicitFirstChars: DIGITS,
    resolve: (s) => (resolvePlain(s) === 'timestamp' ? s : NOT_RESOLVED),
    identify: () => false,
  }),
])

function sortMappingKeys(documents: Document[]): void {
  visit(documents, (node) => {
    if (node.kind !== 'mapping' || node.items.length < 2) return
    // Split each key into code points once, not on every comparison.
    const keyed = node.items.map((item) => ({item, runes: codePoints(item.key.kind === 'scalar' ? item.key.value : '')}))
    keyed.sort((a, b) => compareRunes(a.runes, b.runes))
    node.items = keyed.map((k) => k.item)
  })
}

/**
 * go-yaml v2's mapping key order (keyList.Less): rune by rune; letters
 * compare by code point; a non-letter sorts before a letter; between
 * non-letters, the digit runs starting there compare as numbers, then by
 * run length, then by rune; a proper prefix sorts first.
 */
export function compareYamlKeys(a: string, b: string): number {
  return compareRunes(codePoints(a), codePoints(b))
}

function codePoints(s: string): number[] {
  return Array.from(s, (ch) => ch.codePointAt(0)!)
}

function compareRunes(a: number[], b: number[]): number {
  return keyLess(a, b) ? -1 : keyLess(b, a) ? 1 : 0
}

function keyLess(ar: number[], br: number[]): boolean {
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue
    const al = isLetter(ar[i])
    const bl = isLetter(br[i])
    if (al && bl) return ar[i] < br[i]
    if (al || bl) return bl
    let an = 0n
    let bn = 0n
    // A zero inside a number (after a non-zero digit) is significant; a
    // leading zero is not.
    if (ar[i] === ZERO || br[i] === ZERO) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== ZERO) {
          an = 1n
          bn = 1n
          break
        }
      }
    }
    let ai = i
    let bi = i
    // int64 arithmetic, wrapping like Go's, on rune - '0' (also for non-ASCII digits).
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai] - ZERO))
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi] - ZERO))
    if (an !== bn) return an < bn
    if (ai !== bi) return ai < bi
    return ar[i] < br[i]
  }
  return ar.length < br.length
}

const ZERO = 0x30

function isLetter(c: number): boolean {
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
  return /\p{L}/u.test(String.fromCodePoint(c))
}

function isDigit(c: number): boolean {
  if (c < 0x80) return c >= ZERO && c <= 0x39
  return /\p{Nd}/u.test(String.fromCodePoint(c))
}
