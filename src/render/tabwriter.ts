import {escapeUnsafe} from '../core/safe-text.js'

/** Decorates a cell after layout (colour), so widths count only the visible text. */
export type CellStyle = (row: number, column: number, text: string) => string

/**
 * Column layout as Go's text/tabwriter does it for istioctl's tables: every cell but
 * the last of a row is padded to its column's width plus `padding`; the last cell is
 * written as-is. Widths count Unicode code points, as Go counts runes. A column's
 * width is shared by a run of consecutive rows that have a cell in it, so a shorter
 * row (istioctl prints one for a nameless cluster in `all`) starts new runs below it.
 */
export function tabwrite(input: readonly (readonly string[])[], padding: number, style?: CellStyle): string {
  return [...tabwriteChunks(input, padding, style)].join('')
}

const CHUNK = 64 * 1024

/** The same layout in pieces of about 64 KiB, for tables of a million rows. */
export function* tabwriteChunks(input: readonly (readonly string[])[], padding: number, style?: CellStyle): Generator<string> {
  const rows = input.map((row) => row.map(escapeUnsafe))
  const runes = rows.map((row) => row.map(runeCount))
  const blocks = columnBlocks(runes, padding)
  const current = blocks.map(() => 0)
  const width = (column: number, row: number): number => {
    const list = blocks[column]
    while (list[current[column]].end <= row) current[column]++
    return list[current[column]].width
  }
  let out = ''
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]
    const cell = (i: number): string => (style ? style(r, i, row[i]) : row[i])
    for (let i = 0; i < row.length - 1; i++) out += cell(i) + ' '.repeat(width(i, r) - runes[r][i])
    out += `${row.length > 0 ? cell(row.length - 1) : ''}\n`
    if (out.length >= CHUNK) {
      yield out
      out = ''
    }
  }
  if (out !== '') yield out
}

/** Rows [start, end) that share a column width. */
interface Block {
  end: number
  width: number
}

/**
 * Go's tabwriter.format, over the cells' widths: per column, the runs of consecutive
 * rows having a (non-last) cell there, each with its widest cell; columns to the right
 * are split within each run. Blocks come out in row order for every column.
 */
function columnBlocks(rows: readonly (readonly number[])[], padding: number): Block[][] {
  const blocks: Block[][] = []
  const format = (column: number, from: number, to: number): void => {
    for (let r = from; r < to; r++) {
      if (column >= rows[r].length - 1) continue
      const start = r
      let width = 0
      for (; r < to && column < rows[r].length - 1; r++) width = Math.max(width, rows[r][column] + padding)
      ;(blocks[column] ??= []).push({end: r, width})
      format(column + 1, start, r)
    }
  }
  format(0, 0, rows.length)
  return blocks
}

/** Code points, as Go counts runes: UTF-16 units less the second half of each surrogate pair. */
function runeCount(s: string): number {
  if (!LOW_SURROGATE.test(s)) return s.length
  let n = 0
  for (const _ of s) n++
  return n
}

const LOW_SURROGATE = /[\udc00-\udfff]/
