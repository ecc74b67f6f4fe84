import {renderTable} from '../table.js'
import type {Printer} from './printer.js'

/** The short and wide printers: a table, or the listing's text for an empty one. */
export function tablePrinter(wide: boolean): Printer {
  return {
    table: {wide},
    list: async ({listing, items}, opts) => {
      if (items.length === 0 && listing.emptyTable !== undefined) return [listing.emptyTable]
      return renderTable(listing.table(items, wide), opts)
    },
  }
}
