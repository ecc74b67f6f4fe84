import type {ConfigDump} from '../dump/configdump.js'
import {documentPieces} from '../dump/document.js'
import {parseJson} from '../dump/json.js'
import type {DumpRequest} from '../dump/request.js'
import type {ClusterFilter} from '../filter/cluster.js'
import type {ListenerFilter} from '../filter/listener.js'
import {redact} from '../proto/redact.js'
import type {ListingOptions} from '../render/listing.js'
import {renderListing} from '../render/print.js'
import type {Chunks, JsonDocument, Printer} from '../render/printers/printer.js'
import {bootstrapSummary} from './bootstrap.js'
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
 * A document printer gets the whole dump; otherwise every summary, in istioctl's
 * order, with type-prefixed names. Sections are built before anything is printed,
 * so a failing section never leaves half a report.
 */
export async function showAll(dump: ConfigDump, o: AllOptions, printer: Printer, opts: ListingOptions = {}): Promise<Chunks> {
  if (printer.document) return printer.document(dumpDocument(dump, opts.showSecrets))
  const named = {withTypeNames: true, wide: printer.table?.wide}
  const sections: [string, Chunks][] = [
    ['CLUSTER INFO', await renderListing(clusterListing(dump, o.cluster, named), printer, opts)],
    ['LISTENER INFO', await renderListing(listenerListing(dump, o.listener, {...named, verbose: o.verbose}), printer, opts)],
    ['ROUTE INFO', await renderListing(routeListing(dump, o.routeName, {...named, verbose: o.verbose}), printer, opts)],
    ['SECRET INFO', await renderListing(secretListing(dump, named), printer, opts)],
    ['ENDPOINTS INFO', await renderListing(edsListing(dump, {address: o.listener.address, port: o.listener.port}, named), printer, opts)],
  ]
  // -o name: the names alone, with no headers and no bootstrap summary.
  if (!printer.table) return sections.flatMap(([, body]) => [...body])
  sections.unshift(['BOOTSTRAP INFO', [bootstrapSummary(dump)]])
  return joinSections(sections, o.withHeaders)
}

/** istioctl's layout: an optional "------ TITLE ------" header and a blank line between sections. */
function* joinSections(sections: readonly [string, Chunks][], withHeaders: boolean): Generator<string | Buffer> {
  for (let i = 0; i < sections.length; i++) {
    const [title, body] = sections[i]
    if (i > 0) yield '\n'
    if (withHeaders) yield `------ ${title} ------\n\n`
    yield* body
  }
}

const DUMP_TYPE = 'envoy.admin.v3.ConfigDump'

/**
 * The whole dump as Envoy wrote it. As JSON it is passed through byte for byte (it
 * may be larger than any string), read piece by piece, with only redacted values rewritten.
 */
function dumpDocument(dump: ConfigDump, showSecrets = false): JsonDocument {
  return {
    bytes: () => documentPieces(dump, showSecrets),
    value: () => {
      const value = parseJson(dump.read(dump.root.start, dump.root.end), dump.origin)
      return showSecrets ? value : redact(value, DUMP_TYPE)
    },
  }
}
