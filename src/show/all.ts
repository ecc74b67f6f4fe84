import {type ConfigDump, parseJson, scanFailure, trimJson} from '../dump/configdump.js'
import {redactJsonBytes} from '../dump/redact.js'
import {ScanError} from '../dump/scan.js'
import type {DumpRequest} from '../dump/source.js'
import type {ClusterFilter} from '../filter/cluster.js'
import type {ListenerFilter} from '../filter/listener.js'
import {type ListingOptions, renderListing} from '../render/listing.js'
import {type Chunks, type StructuredFormat, structured} from '../render/output.js'
import {redact} from '../proto/redact.js'
import {escapeJsonBytes} from '../render/safe-text.js'
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
export async function showAll(dump: ConfigDump, o: AllOptions, format: 'short' | 'wide' | 'name', opts: ListingOptions = {}): Promise<Chunks> {
  const named = {withTypeNames: true}
  const sections: [string, Chunks][] = [
    ['CLUSTER INFO', await renderListing(clusterListing(dump, o.cluster, named), format, opts)],
    ['LISTENER INFO', await renderListing(listenerListing(dump, o.listener, {...named, verbose: o.verbose}), format, opts)],
    ['ROUTE INFO', await renderListing(routeListing(dump, o.routeName, {...named, verbose: o.verbose}), format, opts)],
    ['SECRET INFO', await renderListing(secretListing(dump, named), format, opts)],
    ['ENDPOINTS INFO', await renderListing(edsListing(dump, {address: o.listener.address, port: o.listener.port}, named), format, opts)],
  ]
  if (format === 'name') return sections.flatMap(([, body]) => [...body])
  sections.unshift(['BOOTSTRAP INFO', [await showBootstrap(dump, 'short')]])
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
 * `all -o json|yaml|jsonpath=`: the whole dump as Envoy wrote it. JSON is passed
 * through byte for byte (it may be larger than any string), with only redacted
 * values and terminal-unsafe characters rewritten.
 */
export async function allStructured(dump: ConfigDump, format: StructuredFormat, showSecrets = false): Promise<Chunks> {
  const bytes = trimJson(dump.bytes)
  if (format === 'json') return [...(showSecrets ? [bytes] : redactedBytes(bytes, dump.origin)).flatMap(escapeJsonBytes), '\n']
  const value = parseJson(bytes, dump.origin)
  return [await structured(showSecrets ? value : redact(value, DUMP_TYPE), format)]
}

function redactedBytes(bytes: Buffer, origin: string): Buffer[] {
  try {
    return redactJsonBytes(bytes, {start: 0, end: bytes.length}, DUMP_TYPE)
  } catch (error) {
    throw error instanceof ScanError ? scanFailure(origin, error) : error
  }
}
