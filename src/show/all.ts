import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/source.js'
import type {ClusterFilter} from '../filter/cluster.js'
import type {ListenerFilter} from '../filter/listener.js'
import {type ListingOptions, renderListing} from '../render/listing.js'
import {showBootstrap} from './bootstrap.js'
import {clusterListing} from './cluster.js'
import {edsListing} from './endpoint.js'
import {listenerListing} from './listener.js'
import {routeListing} from './route.js'
import {secretListing} from './secret.js'

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
export async function showAll(dump: ConfigDump, o: AllOptions, format: 'short' | 'wide' | 'name', opts: ListingOptions = {}): Promise<string> {
  const named = {withTypeNames: true}
  const sections: [string, () => Promise<string>][] = [
    ['CLUSTER INFO', () => renderListing(clusterListing(dump, o.cluster, named), format, opts)],
    ['LISTENER INFO', () => renderListing(listenerListing(dump, o.listener, {...named, verbose: o.verbose}), format, opts)],
    ['ROUTE INFO', () => renderListing(routeListing(dump, o.routeName, {...named, verbose: o.verbose}), format, opts)],
    ['SECRET INFO', () => renderListing(secretListing(dump, named), format, opts)],
    ['ENDPOINTS INFO', () => renderListing(edsListing(dump, {address: o.listener.address, port: o.listener.port}, named), format, opts)],
  ]
  if (format === 'name') return (await Promise.all(sections.map(([, render]) => render()))).join('')
  const parts = [section(o, 'BOOTSTRAP INFO', await showBootstrap(dump, 'short'))]
  for (const [title, render] of sections) parts.push(section(o, title, await render()))
  return parts.join('\n')
}

function section(o: AllOptions, title: string, body: string): string {
  return o.withHeaders ? `------ ${title} ------\n\n${body}` : body
}
