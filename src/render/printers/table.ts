import {cmp} from '../../core/gosort.js'
import {type Table, renderTable} from '../table.js'
import type {CombinedPrinter, Printer} from './printer.js'

/** The short and wide printers: a table, or the listing's text for an empty one. */
export function tablePrinter(wide: boolean): Printer {
  return {
    table: {wide},
    list: async ({listing, items}, opts) => {
      if (items.length === 0 && listing.emptyTable !== undefined) return [listing.emptyTable]
      return renderTable(listing.table(items, wide), opts)
    },
    combined: () => combinedTable(wide),
  }
}

/**
 * One table for many pods: a POD column before the listing's own, rows grouped by
 * pod in pod order (each pod's rows in istioctl's order), laid out together. Only
 * the rows' text is kept of each pod.
 */
function combinedTable(wide: boolean): CombinedPrinter {
  const parts: {pod: string; table: Table}[] = []
  let emptyTable: string | undefined
  return {
    list: async (pod, {listing, items}) => {
      emptyTable ??= listing.emptyTable
      parts.push({pod, table: listing.table(items, wide)})
      return []
    },
    end: async (opts) => {
      const sorted = [...parts].sort((a, b) => cmp(a.pod, b.pod))
      const rows = sorted.flatMap(({pod, table}) => table.rows.map((row) => [pod, ...row]))
      if (rows.length === 0 && emptyTable !== undefined) return [emptyTable]
      const first = sorted[0]?.table
      if (!first) return []
      const combined: Table = {header: ['POD', ...first.header], rows, padding: first.padding, statusColumns: first.statusColumns?.map((c) => c + 1)}
      return renderTable(combined, opts)
    },
  }
}
