import type {RejectedConfig} from '../catalog/rejected.js'

/**
 * What `explain` reports: one step per decision Envoy makes, each with what it
 * chose, why, and why every alternative lost. Plain data, so the same result
 * feeds the human renderer and `-o json|yaml`.
 */

/** An alternative Envoy considered and did not take, and why. */
export interface Rejected {
  name: string
  reason: string
}

/** The Istio object that generated a resource, from its `istio` metadata. */
export interface Provenance {
  kind: string
  namespace: string
  name: string
  /** The raw `metadata.filter_metadata.istio.config` path. */
  path: string
}

export interface Step {
  /** Name of what was chosen; null when nothing matched (the request stops here). */
  chosen: string | null
  reason: string
  rejected: Rejected[]
  provenance?: Provenance
  /** Configuration Envoy refused (`error_state` in the dump) that bears on this step. */
  rejectedConfig?: RejectedConfig[]
  /** Facts about the choice that a reader needs (addresses, timeouts, TLS …). */
  details?: Record<string, unknown>
}

/** Where the request ends up. */
export type OutcomeKind =
  | 'upstream'
  | 'passthrough'
  | 'blackhole'
  | 'not-captured'
  | 'no-listener'
  | 'no-filter-chain'
  | 'no-virtual-host'
  | 'no-route'
  | 'redirect'
  | 'direct-response'
  | 'unsupported'

export interface Outcome {
  kind: OutcomeKind
  summary: string
}

/** One endpoint of the chosen cluster. */
export interface EndpointInfo {
  address: string
  health: string
  weight: number
  locality: string
  /** Transport the cluster uses for this endpoint (istio mTLS or plaintext), when it depends on the endpoint. */
  tls?: string
  failedOutlierCheck?: boolean
  hostname?: string
}

/** A weighted target: its share and its own cluster and endpoints steps. */
export interface WeightedTarget {
  cluster: string
  weight: number
  percent: number
  clusterStep: Step
  endpointsStep: Step
}

export interface Explanation {
  request: {
    url: string
    direction: 'outbound' | 'inbound'
    method: string
    authority: string
    path: string
    destination: string
    headers: Record<string, string>
  }
  capture: Step
  listener: Step | null
  filterChain: Step | null
  network: Step | null
  routeConfig: Step | null
  virtualHost: Step | null
  route: Step | null
  cluster: Step | null
  endpoints: Step | null
  /** Every target of a weighted route, the heaviest first; `cluster`/`endpoints` repeat the first. */
  weightedTargets?: WeightedTarget[]
  outcome: Outcome
  notes: string[]
}
