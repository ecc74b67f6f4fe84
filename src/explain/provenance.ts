import {field, obj} from '../model/raw.js'
import type {Provenance} from './types.js'

/**
 * The Istio object behind a route, virtual host or cluster, from
 * `metadata.filter_metadata.istio.config`, e.g.
 * `/apis/networking.istio.io/v1/namespaces/default/virtual-service/reviews`
 * → VirtualService default/reviews.
 */
export function provenanceOf(resource: unknown): Provenance | undefined {
  const config = field(obj(obj(obj(resource, 'metadata'), 'filter_metadata'), 'istio'), 'config')
  if (typeof config !== 'string') return undefined
  const m = /^\/apis\/([^/]+)\/[^/]+\/namespaces\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(config)
  if (!m) return {kind: 'unknown', namespace: '', name: '', path: config}
  const kind = m[3]
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')
  return {kind, namespace: m[2], name: m[4], path: config}
}

export function describeProvenance(p: Provenance): string {
  return p.kind === 'unknown' ? p.path : `${p.kind} ${p.namespace}/${p.name}`
}
