import type {VersionInfo} from '../model/bootstrap.js'
import type {Table} from './table.js'
import {tabwrite} from './tabwriter.js'

export function versionSummary(v: VersionInfo): string {
  const rows: string[][] = []
  if (v.istioVersion !== '') rows.push(['Istio Version:', v.istioVersion])
  if (v.istioProxySha !== '') rows.push(['Istio Proxy Version:', v.istioProxySha])
  rows.push(['Envoy Version:', v.envoyVersion])
  return tabwrite(rows, 1)
}

/** The versions of many proxies, one row each (a POD column goes before them in combined output). */
export function versionsTable(items: readonly VersionInfo[]): Table {
  return {header: ['ISTIO VERSION', 'ISTIO PROXY VERSION', 'ENVOY VERSION'], rows: items.map((v) => [v.istioVersion, v.istioProxySha, v.envoyVersion]), padding: 3}
}
