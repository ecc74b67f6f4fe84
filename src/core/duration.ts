import {ExitCode, UserError} from './errors.js'

const UNITS: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000}

/** Go-style durations as kubectl takes them: `500ms`, `30s`, `2m`, `1m30s`; a bare number is seconds. */
export function parseDuration(text: string): number {
  const trimmed = text.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)]
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new UserError(`invalid duration "${text}": use a number with a unit, e.g. 30s, 2m or 1m30s`, ExitCode.usage)
  }
  return parts.reduce((ms, p) => ms + Number(p[1]) * UNITS[p[2]], 0)
}

/** Go-style, as the --timeout flag is written: 30s, 1m30s, 500ms. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`
  const hours = Math.floor(ms / 3_600_000)
  const minutes = Math.floor((ms % 3_600_000) / 60_000)
  const seconds = (ms % 60_000) / 1000
  const parts = [hours ? `${hours}h` : '', minutes ? `${minutes}m` : '', seconds ? `${Number(seconds.toFixed(3))}s` : '']
  return parts.join('')
}
