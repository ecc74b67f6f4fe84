import type {SourceKind} from './source.js'

/** `-l app=x` (with `-A`, in every namespace): every Running pod matching, each a source of its own. */
export const selectorKind: SourceKind = {
  input: 'selector',
  accepts: () => true,
  open: async (selector, spec) => (await import('./fleet.js')).openPodFleet({...spec, selector}),
}
