import {escapeUnsafe} from '../../core/safe-text.js'
import type {PrinterEntry} from './printer.js'

/** kubectl's `-o name`: `<kind>/<name>` a line. */
export const name: PrinterEntry = {
  name: 'name',
  create: () => ({
    list: async ({listing, items}) => listing.names(items).map((n) => `${listing.kind}/${escapeUnsafe(n)}\n`),
    // Many pods: the pod, a space, then the name, as each pod answers.
    combined: () => ({
      list: async (pod, {listing, items}) => listing.names(items).map((n) => `${escapeUnsafe(pod)} ${listing.kind}/${escapeUnsafe(n)}\n`),
      end: async () => [],
    }),
  }),
}
