import {UserError} from '../core/errors.js'
import {howToSave} from '../catalog/catalog.js'
import type {ConfigDump} from '../dump/configdump.js'
import {documentPieces} from '../dump/document.js'
import {parseJson} from '../dump/json.js'
import type {DumpRequest} from '../dump/request.js'
import type {SectionName} from '../dump/sections.js'
import type {ClusterFilter} from '../filter/cluster.js'
import type {ClusterHead} from '../model/cluster.js'
import type {ListenerFilter} from '../filter/listener.js'
import {redact} from '../proto/redact.js'
import type {Listing, ListingOptions} from '../render/listing.js'
import {renderListing, renderPodListing} from '../render/print.js'
import type {Chunks, JsonDocument, Printer} from '../render/printers/printer.js'
import {bootstrapSummary, versionsListing} from './bootstrap.js'
import {clusterHeadListing, clusterListing} from './cluster.js'
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
  /** When certificates are judged. */
  now?: Date
}

/** What `all` prints, and what it says on stderr about the sections it could not show. */
export interface AllReport {
  output: Chunks
  notes: string[]
}

/**
 * A document printer gets the whole dump; otherwise every summary, in istioctl's
 * order, with type-prefixed names. Sections are built before anything is printed,
 * so a failing section never leaves half a report. A section the dump lacks (or
 * holds empty) is left out and named in a note, so one missing section does not
 * hide the others; a dump with none of them is an error.
 */
/**
 * Only the wide table shows more of a cluster than its head (name, type, destination
 * rule, status): everything else reads just that into models (names and JSONPath
 * read each cluster again from the dump).
 */
function clusterSection(dump: ConfigDump, filter: ClusterFilter, named: {withTypeNames: boolean; wide?: boolean}): Listing<ClusterHead> {
  return named.wide ? clusterListing(dump, filter, named) : clusterHeadListing(dump, filter, named)
}

export async function showAll(dump: ConfigDump, o: AllOptions, printer: Printer, opts: ListingOptions = {}): Promise<AllReport> {
  if (printer.document) return {output: await printer.document(dumpDocument(dump, opts.showSecrets)), notes: []}
  const named = {withTypeNames: true, wide: printer.table?.wide}
  const notes: string[] = []
  const missing: SectionName[] = []
  const attempt = async (title: string, section: SectionName, body: () => Chunks | Promise<Chunks>): Promise<[string, Chunks][]> => {
    if (!dump.has(section)) {
      missing.push(section)
      return []
    }
    try {
      return [[title, await body()]]
    } catch (error) {
      // A section that is there but empty ("no routes found").
      if (!(error instanceof UserError)) throw error
      notes.push(`${error.message}; the ${title.toLowerCase()} section is left out`)
      return []
    }
  }
  // A line on stderr for each warming or refused resource, as the single-section commands say it.
  const listed = <T>(listing: Listing<T>): Promise<Chunks> => {
    notes.push(...(listing.notes ?? []))
    return renderListing(listing, printer, opts)
  }
  const sections: [string, Chunks][] = [
    ...(printer.table ? await attempt('BOOTSTRAP INFO', 'bootstrap', () => [bootstrapSummary(dump)]) : []),
    ...(await attempt('CLUSTER INFO', 'clusters', () => listed(clusterSection(dump, o.cluster, named)))),
    ...(await attempt('LISTENER INFO', 'listeners', () => listed(listenerListing(dump, o.listener, {...named, verbose: o.verbose})))),
    ...(await attempt('ROUTE INFO', 'routes', () => listed(routeListing(dump, o.routeName, {...named, verbose: o.verbose})))),
    ...(await attempt('SECRET INFO', 'secrets', () => listed(secretListing(dump, named, o.now)))),
    ...(await attempt('ENDPOINTS INFO', 'endpoints', () => listed(edsListing(dump, {address: o.listener.address, port: o.listener.port}, named)))),
  ]
  if (missing.length > 0) {
    // The EDS hint only when EDS is all that is missing; the general one names include_eds too.
    const hint = howToSave(missing.find((m) => m !== 'endpoints') ?? 'endpoints')
    const left = sections.length > 0 ? ', left out below' : ''
    notes.unshift(`${dump.origin} has no ${missing.join(', ')} section${missing.length > 1 ? 's' : ''}${left}; ${hint}`)
  }
  if (sections.length === 0) throw new UserError(notes.join('; '))
  // -o name: the names alone, with no headers and no bootstrap summary.
  if (!printer.table) return {output: sections.flatMap(([, body]) => [...body]), notes}
  return {output: joinSections(sections, o.withHeaders), notes}
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
    ['CLUSTER INFO', (d) => clusterSection(d, o.cluster, named) as Listing<unknown>],
    ['LISTENER INFO', (d) => listenerListing(d, o.listener, {...named, verbose: o.verbose}) as Listing<unknown>],
    ['ROUTE INFO', (d) => routeListing(d, o.routeName, {...named, verbose: o.verbose}) as Listing<unknown>],
    ['SECRET INFO', (d) => secretListing(d, named, o.now) as Listing<unknown>],
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
