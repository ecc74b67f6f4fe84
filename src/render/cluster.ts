import type {Cluster} from '../model/cluster.js'
import {isSubsetKey, istioConfigSource, parseSubsetKey} from '../model/istio.js'
import {tabwrite} from './tabwriter.js'

export interface SummaryOptions {
  /** `all` prefixes each row with a NAME column (`cluster/<name>` …). */
  withTypeNames?: boolean
}

export function clusterTable(clusters: readonly Cluster[], opts: SummaryOptions = {}): string {
  const header = ['SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE', 'DESTINATION RULE']
  const rows = clusters.map((c) => clusterRow(c, opts))
  return tabwrite([opts.withTypeNames ? ['NAME', ...header] : header, ...rows], 5)
}

function clusterRow(c: Cluster, opts: SummaryOptions): string[] {
  const dr = istioConfigSource(c.metadata)
  if (isSubsetKey(c.name)) {
    const key = parseSubsetKey(c.name)
    const row = [key.hostname, String(key.port), key.subset || '-', key.direction, c.type, dr]
    return opts.withTypeNames ? [`cluster/${c.name}`, ...row] : row
  }
  if (!opts.withTypeNames) return [c.name, '-', '-', '-', c.type, dr]
  // In `all`, istioctl repeats the prefixed name in the FQDN column for plain clusters.
  const named = `cluster/${c.name}`
  return [named, named, '-', '-', '-', c.type, dr]
}
