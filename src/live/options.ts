/** What the user told us about reaching a live Envoy. */
export interface LiveOptions {
  /** `name`, `name.namespace`, or `<type>/<name>[.<namespace>]`. */
  pod?: string
  /** `-n`; empty means the kubeconfig context's namespace, else `default`. */
  namespace?: string
  kubeconfig?: string
  context?: string
  /** Envoy admin port inside the pod. */
  adminPort: number
  /** Talk to this Envoy admin directly, no Kubernetes. */
  adminUrl?: string
  /** Budget for the whole fetch. */
  timeoutMs: number
}
