import {type Colour, colourEnabled, paint, statusColour} from './colour.js'
import {tabwriteChunks} from './tabwriter.js'

/** A table before layout: header and rows as cells, the gap istioctl uses, and which columns carry health words. */
export interface Table {
  header: string[]
  rows: string[][]
  padding: number
  statusColumns?: readonly number[]
  /** A colour for one cell (row counts from the first data row), for facts its words alone do not tell. */
  cellColour?: (row: number, column: number) => Colour | undefined
}

/** How a resource table is laid out, whichever resource it shows. */
export interface SummaryOptions {
  /** `all` prefixes each row with a NAME column (`cluster/<name>` …). */
  withTypeNames?: boolean
  /** `-o wide`: extra columns. */
  wide?: boolean
}

export interface TableOptions {
  noHeaders?: boolean
  colour?: boolean
}

export function renderTable(t: Table, opts: TableOptions = {}): Iterable<string> {
  const rows = opts.noHeaders ? t.rows : [t.header, ...t.rows]
  const colour = opts.colour ?? colourEnabled()
  const statusColumns = t.statusColumns ?? []
  const headerRows = opts.noHeaders ? 0 : 1
  const cellColour = (r: number, c: number, text: string): Colour | undefined =>
    r < headerRows ? undefined : (t.cellColour?.(r - headerRows, c) ?? (statusColumns.includes(c) ? statusColour(text) : undefined))
  return tabwriteChunks(rows, t.padding, colour && (statusColumns.length > 0 || t.cellColour) ? (r, c, text) => paint(text, cellColour(r, c, text)) : undefined)
}
