import {escapeUnsafe} from './safe-text.js'

/** Decorates a cell after layout (colour), so widths count only the visible text. */
export type CellStyle = (row: number, column: number, text: string) => string

/**
 * Column layout as Go's text/tabwriter does it for istioctl's tables: every cell but
 * the last of a row is padded to its column's width plus `padding`; the last cell is
 * written as-is. Widths count Unicode code points, as Go counts runes.
 */
export function tabwrite(input: readonly (readonly string[])[], padding: number, style?: CellStyle): string {
  const rows = input.map((row) => row.map(escapeUnsafe))
  const widths: number[] = []
  for (const row of rows) {
    for (let i = 0; i < row.length - 1; i++) {
      const w = runeCount(row[i]) + padding
      if (w > (widths[i] ?? 0)) widths[i] = w
    }
  }
  let out = ''
  rows.forEach((row, r) => {
    const cell = (i: number): string => (style ? style(r, i, row[i]) : row[i])
    for (let i = 0; i < row.length - 1; i++) out += cell(i) + ' '.repeat(widths[i] - runeCount(row[i]))
    out += (row.length > 0 ? cell(row.length - 1) : '') + '\n'
  })
  return out
}

function runeCount(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}
