import type {SourceKind} from './source.js'

/** `--admin-url`: one Envoy admin endpoint, talked to directly. */
export const adminUrlKind: SourceKind = {
  input: 'adminUrl',
  accepts: () => true,
  open: async (adminUrl, spec) => (await import('./live.js')).openLiveSources({...spec, adminUrl}),
}
