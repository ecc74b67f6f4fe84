import {type Raw, bool, obj, optionalStr, str} from './raw.js'

/** A `type.matcher.v3.StringMatcher`; `regex` is a safe_regex, `custom` names the extension. */
export interface StringMatch {
  kind: 'exact' | 'prefix' | 'suffix' | 'contains' | 'regex' | 'custom'
  value: string
  ignoreCase: boolean
}

export function parseStringMatch(raw: Raw): StringMatch {
  const ignoreCase = bool(raw, 'ignore_case')
  for (const kind of ['exact', 'prefix', 'suffix', 'contains'] as const) {
    const v = optionalStr(raw, kind)
    if (v !== undefined) return {kind, value: v, ignoreCase}
  }
  const regex = obj(raw, 'safe_regex')
  if (regex) return {kind: 'regex', value: str(regex, 'regex'), ignoreCase}
  const custom = obj(raw, 'custom')
  if (custom) return {kind: 'custom', value: str(custom, 'name'), ignoreCase}
  // Envoy refuses an empty matcher; `exact ""` is the closest reading of one.
  return {kind: 'exact', value: '', ignoreCase}
}
