import {escapeUnsafe} from '../core/safe-text.js'

/** Decorates a cell after layout (colour), so widths count only the visible text. */
export type CellStyle = (row: number, column: number, text: string) => string

/**
 * Column layout as Go's text/tabwriter does it for istioctl's tables: every cell but
 * the last of a row is padded to its column's width plus `padding`; the last cell is
 * written as-is. Widths count Unicode code points, as Go counts runes.
 */
export function tabwrite(input: readonly (readonly string[])[], padding: number, style?: CellStyle): string {
  return [...tabwriteChunks(input, padding, style)].join('')
}

const CHUNK = 64 * 1024

/** The same layout in pieces of about 64 KiB, for tables of a million rows. */
export function* tabwriteChunks(input: readonly (readonly string[])[], padding: number, style?: CellStyle): Generator<string> {
  const rows = input.map((row) => row.map(escapeUnsafe))
  const widths: number[] = []
  for (const row of rows) {
    for (let i = 0; i < row.length - 1; i++) {
      const w = runeCount(row[i]) + padding
      if (w > (widths[i] ?? 0)) widths[i] = w
    }
  }
  let out = ''
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]
    const cell = (i: number): string => (style ? style(r, i, row[i]) : row[i])
    for (let i = 0; i < row.length - 1; i++) out += cell(i) + ' '.repeat(widths[i] - runeCount(row[i]))
    out += `${row.length > 0 ? cell(row.length - 1) : ''}\n`
    if (out.length >= CHUNK) {
      yield out
      out = ''
    }
  }
  if (out !== '') yield out
}

function runeCount(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}
