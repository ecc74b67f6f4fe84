import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/source.js'
import type {ClusterFilter} from '../filter/cluster.js'
import type {ListenerFilter} from '../filter/listener.js'
import {showBootstrap} from './bootstrap.js'
import {showClusters} from './cluster.js'
import {showEds} from './endpoint.js'
import {showListeners} from './listener.js'
import {showRoutes} from './route.js'
import {showSecrets} from './secret.js'

export const allRequest: DumpRequest = {kind: 'config_dump', includeEds: true}

export interface AllOptions {
  withHeaders: boolean
  cluster: ClusterFilter
  listener: ListenerFilter
  routeName?: string
  verbose: boolean
}

/**
 * Every summary, in istioctl's order, with type-prefixed names. Sections are built
 * before anything is printed, so a failing section never leaves half a report.
 */
export async function showAll(dump: ConfigDump, o: AllOptions): Promise<string> {
  const named = {withTypeNames: true}
  const sections: [string, () => Promise<string>][] = [
    ['BOOTSTRAP INFO', () => showBootstrap(dump, 'short')],
    ['CLUSTER INFO', () => showClusters(dump, o.cluster, 'short', named)],
    ['LISTENER INFO', () => showListeners(dump, o.listener, 'short', {...named, verbose: o.verbose})],
    ['ROUTE INFO', () => showRoutes(dump, o.routeName, 'short', {...named, verbose: o.verbose})],
    ['SECRET INFO', () => showSecrets(dump, 'short', named)],
    ['ENDPOINTS INFO', () => showEds(dump, {address: o.listener.address, port: o.listener.port}, 'short', named)],
  ]
  const parts: string[] = []
  for (const [title, render] of sections) {
    const body = await render()
    parts.push(o.withHeaders ? `------ ${title} ------\n\n${body}` : body)
  }
  return parts.join('\n')
}
