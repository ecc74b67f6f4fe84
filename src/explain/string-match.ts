import {bool, field, obj, str} from '../model/raw.js'

/**
 * RE2 (Envoy's regex engine) and JavaScript agree on the syntax Istio emits;
 * a leading `(?i)` has no JavaScript spelling and becomes the `i` flag.
 * Undefined when JavaScript cannot compile the pattern.
 */
export function compileFullMatch(regex: string, ignoreCase = false): RegExp | undefined {
  let source = regex
  let flags = ignoreCase ? 'i' : ''
  if (source.startsWith('(?i)')) {
    source = source.slice(4)
    flags = 'i'
  }
  try {
    // Envoy's safe_regex matches the whole value, never a substring.
    return new RegExp(`^(?:${source})$`, flags)
  } catch {
    return undefined
  }
}

export function regexOf(matcher: unknown): string {
  return str(matcher, 'regex')
}

export interface MatchResult {
  matched: boolean
  /** How the value was compared, for the reason text (`exact "jason"`). */
  rule: string
  /** Set when the rule could not be evaluated here (a regex JavaScript cannot compile). */
  unknown?: string
}

/** `type.matcher.v3.StringMatcher`: exact, prefix, suffix, contains or safe_regex, with ignore_case. */
export function matchString(matcher: unknown, value: string): MatchResult {
  const ignoreCase = bool(matcher, 'ignore_case')
  const fold = (s: string) => (ignoreCase ? s.toLowerCase() : s)
  const ic = ignoreCase ? ' (ignoring case)' : ''
  const v = fold(value)
  for (const [kind, test] of [
    ['exact', (p: string) => v === p],
    ['prefix', (p: string) => v.startsWith(p)],
    ['suffix', (p: string) => v.endsWith(p)],
    ['contains', (p: string) => v.includes(p)],
  ] as const) {
    const pattern = field(matcher, kind)
    if (typeof pattern === 'string') return {matched: test(fold(pattern)), rule: `${kind} ${JSON.stringify(pattern)}${ic}`}
  }
  const safe = obj(matcher, 'safe_regex')
  if (safe) return matchRegex(regexOf(safe), value)
  return {matched: false, rule: 'a matcher this tool does not know'}
}

export function matchRegex(regex: string, value: string, ignoreCase = false): MatchResult {
  const re = compileFullMatch(regex, ignoreCase)
  const rule = `regex ${JSON.stringify(regex)}`
  if (!re) return {matched: false, rule, unknown: `the regex ${JSON.stringify(regex)} cannot be evaluated here (RE2 syntax JavaScript lacks); assumed not to match`}
  return {matched: re.test(value), rule}
}
