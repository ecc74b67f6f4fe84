import {trimJson} from '../core/json.js'
import {type ConfigDump, scanFailure} from '../dump/configdump.js'
import {parseJson} from '../dump/json.js'
import {redactJsonBytes} from '../dump/redact.js'
import {ScanError} from '../dump/scan.js'
import type {DumpRequest} from '../dump/request.js'
import type {ClusterFilter} from '../filter/cluster.js'
import type {ListenerFilter} from '../filter/listener.js'
import {redact} from '../proto/redact.js'
import type {ListingOptions} from '../render/listing.js'
import type {Listing} from '../render/listing.js'
import {renderListing, renderPodListing} from '../render/print.js'
import type {Chunks, JsonDocument, Printer} from '../render/printers/printer.js'
import {bootstrapSummary, versionsListing} from './bootstrap.js'
import {clusterListing} from './cluster.js'
import type {FleetView} from './fleet.js'
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

/**
 * `all` over many pods: each section one combined table, the bootstrap section a
 * table of versions, in istioctl's order; with a document printer, each pod's whole
 * dump as one document.
 */
export function showAllPods(o: AllOptions, printer: Printer, opts: ListingOptions = {}): FleetView {
  if (printer.document) {
    const combined = printer.combined()
    return {pod: async (p) => combined.document!(p.pod, dumpDocument(p.dump(), opts.showSecrets)), end: () => combined.end(opts)}
  }
  const named = {withTypeNames: true, wide: printer.table?.wide}
  const sections: [string, (dump: ConfigDump) => Listing<unknown>][] = [
    ['CLUSTER INFO', (d) => clusterListing(d, o.cluster, named) as Listing<unknown>],
    ['LISTENER INFO', (d) => listenerListing(d, o.listener, {...named, verbose: o.verbose}) as Listing<unknown>],
    ['ROUTE INFO', (d) => routeListing(d, o.routeName, {...named, verbose: o.verbose}) as Listing<unknown>],
    ['SECRET INFO', (d) => secretListing(d, named) as Listing<unknown>],
    ['ENDPOINTS INFO', (d) => edsListing(d, {address: o.listener.address, port: o.listener.port}, named) as Listing<unknown>],
  ]
  // -o name: the names alone, as for one pod.
  if (printer.table) sections.unshift(['BOOTSTRAP INFO', (d) => versionsListing(d) as Listing<unknown>])
  const parts = sections.map(([title, build]) => ({title, build, combined: printer.combined()}))
  return {
    pod: async (p) => {
      const dump = p.dump()
      // Every section is loaded before any is added, so a pod missing a section adds nothing at all.
      const listings = parts.map(({build}) => build(dump))
      const out: (string | Buffer)[] = []
      for (const [i, {combined}] of parts.entries()) out.push(...(await renderPodListing(p.pod, listings[i], printer, combined, opts)))
      return out
    },
    end: async () => {
      const ended: [string, Chunks][] = []
      for (const {title, combined} of parts) ended.push([title, await combined.end(opts)])
      return printer.table ? joinSections(ended, o.withHeaders) : ended.flatMap(([, body]) => [...body])
    },
  }
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
 * may be larger than any string), with only redacted values rewritten.
 */
function dumpDocument(dump: ConfigDump, showSecrets = false): JsonDocument {
  const bytes = trimJson(dump.bytes)
  return {
    bytes: () => (showSecrets ? [bytes] : redactedBytes(bytes, dump.origin)),
    value: () => {
      const value = parseJson(bytes, dump.origin)
      return showSecrets ? value : redact(value, DUMP_TYPE)
    },
  }
}

function redactedBytes(bytes: Buffer, origin: string): Buffer[] {
  try {
    return redactJsonBytes(bytes, {start: 0, end: bytes.length}, DUMP_TYPE)
  } catch (error) {
    throw error instanceof ScanError ? scanFailure(origin, error) : error
  }
}
