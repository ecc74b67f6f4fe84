import {escapeUnsafe} from '../../core/safe-text.js'
import type {PrinterEntry} from './printer.js'

/** kubectl's `-o name`: `<kind>/<name>` a line, each name once (listeners share the name '', endpoints serve several clusters). */
export const name: PrinterEntry = {
  name: 'name',
  create: () => ({
    list: async ({listing, items}) =>
      [...new Set(listing.names(items))].map(
        (n) => `${listing.kind}/${escapeUnsafe(n)}
`,
      ),
    // Many pods: the pod, a space, then the name, as each pod answers.
    combined: () => ({
      list: async (pod, {listing, items}) =>
        [...new Set(listing.names(items))].map(
          (n) => `${escapeUnsafe(pod)} ${listing.kind}/${escapeUnsafe(n)}
`,
        ),
      end: async () => [],
    }),
  }),
}
