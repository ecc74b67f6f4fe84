import type {SourceKind} from './source.js'

/**
 * The pod argument: a pod, or a workload (`deployment/productpage-v1`) standing for
 * its best Running pod, or for all of them with `--all-pods`, reached through
 * port-forwards. The Kubernetes client and the HTTP stack load only when one is
 * opened, so reading a file never pays for them.
 */
export const podKind: SourceKind = {
  input: 'pod',
  accepts: () => true,
  open: async (pod, spec) => (spec.allPods ? (await import('./fleet.js')).openPodFleet({...spec, pod}) : (await import('./live.js')).openLiveSources({...spec, pod})),
}
