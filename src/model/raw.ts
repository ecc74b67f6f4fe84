/**
 * Envoy's admin API prints snake_case field names, but proto3 JSON allows the
 * lowerCamelCase spelling too (dumps re-saved by istioctl or other tools use it).
 * Every read of a raw dump goes through these helpers so both spellings work.
 */
import {type Raw, field, isRaw} from '../core/json.js'

export {type Loader, type Raw, field, isRaw} from '../core/json.js'

export function obj(o: unknown, snake: string): Raw | undefined {
  const v = field(o, snake)
  return isRaw(v) ? v : undefined
}

export function str(o: unknown, snake: string): string {
  const v = field(o, snake)
  return typeof v === 'string' ? v : ''
}

/** The field when it is a string; undefined otherwise, to tell an empty value from an absent one. */
export function optionalStr(o: unknown, snake: string): string | undefined {
  const v = field(o, snake)
  return typeof v === 'string' ? v : undefined
}

/** Proto3 JSON allows integers as numbers or decimal strings (int64 is always quoted). */
export function int(o: unknown, snake: string): number {
  return intValue(field(o, snake))
}

/** A proto3 JSON integer (number or decimal string); anything else is 0. */
export function intValue(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v)
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v)
  return 0
}

export function bool(o: unknown, snake: string): boolean {
  return field(o, snake) === true
}

export function list(o: unknown, snake: string): unknown[] {
  const v = field(o, snake)
  return Array.isArray(v) ? v : []
}

export function strList(o: unknown, snake: string): string[] {
  return list(o, snake).filter((v): v is string => typeof v === 'string')
}

/** Protobuf wrapper types (UInt32Value …) appear as bare values; older tools wrote {"value": n}. */
export function wrapped(o: unknown, snake: string): number | undefined {
  const v = field(o, snake)
  if (typeof v === 'number') return v
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
  if (isRaw(v)) return wrapped(v, 'value')
  return undefined
}

/** An enum may be spelled by name or by number; `names` maps numbers to names. */
export function enumName(o: unknown, snake: string, names: readonly string[], fallback = names[0]): string {
  const v = field(o, snake)
  if (typeof v === 'string') return v
  if (typeof v === 'number') return names[v] ?? String(v)
  return fallback ?? ''
}

/** google.protobuf.BoolValue: a bare boolean in proto JSON, `{"value": b}` from some tools. */
export function boolValue(o: unknown, snake: string): boolean | undefined {
  const v = field(o, snake)
  if (typeof v === 'boolean') return v
  const inner = field(v, 'value')
  return typeof inner === 'boolean' ? inner : undefined
}
