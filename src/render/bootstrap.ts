import type {VersionInfo} from '../model/bootstrap.js'
import {tabwrite} from './tabwriter.js'

export function versionSummary(v: VersionInfo): string {
  const rows: string[][] = []
  if (v.istioVersion !== '') rows.push(['Istio Version:', v.istioVersion])
  if (v.istioProxySha !== '') rows.push(['Istio Proxy Version:', v.istioProxySha])
  rows.push(['Envoy Version:', v.envoyVersion])
  return tabwrite(rows, 1)
}
