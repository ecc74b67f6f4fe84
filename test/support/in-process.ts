/**
 * The offline commands without a process: the same calls each command's `run`
 * makes after reading its input (decompress, index, build the listing, render),
 * with the output collected as the command would write it. Lets the hardening
 * tests run thousands of input × command × format checks in seconds; the spawned
 * CLI proves the same contract end to end on a subset.
 */
import {UserError} from '../../src/core/errors.js'
import {ConfigDump} from '../../src/dump/configdump.js'
import {renderListing} from '../../src/render/print.js'
import type {Chunks} from '../../src/render/printers/printer.js'
import {parsePrinter} from '../../src/render/printers/registry.js'
import type {SectionName} from '../../src/dump/sections.js'
import {allRequest, showAll} from '../../src/show/all.js'
import {bootstrapRequest, showBootstrap} from '../../src/show/bootstrap.js'
import {clusterListing, clusterRequest} from '../../src/show/cluster.js'
import {ecdsListing, ecdsRequest} from '../../src/show/ecds.js'
import {edsListing, edsRequest, endpointListing} from '../../src/show/endpoint.js'
import {listenerListing, listenerRequest} from '../../src/show/listener.js'
import {routeListing, routeRequest} from '../../src/show/route.js'
import {secretListing, secretRequest} from '../../src/show/secret.js'
import {decompress} from '../../src/source/gzip.js'

/** An `-o` value as typed. */
export type OutputFormat = string

export const DUMP_COMMANDS = ['all', 'bootstrap', 'cluster', 'listener', 'route', 'eds', 'secret', 'ecds'] as const
export type DumpCommandName = (typeof DUMP_COMMANDS)[number]
export type CommandName = DumpCommandName | 'endpoint'

const LISTING_FORMATS: OutputFormat[] = ['short', 'wide', 'json', 'yaml', 'name', 'jsonpath={..name}']

/** The -o values each command accepts. */
export function formatsOf(command: CommandName): OutputFormat[] {
  return command === 'bootstrap' ? ['short', 'json', 'yaml', 'jsonpath={..version_info}'] : LISTING_FORMATS
}

export type Outcome =
  /** `stdout` is the start of the output when it is longer than 16 MiB; `length` counts it all (UTF-16 units or bytes). */
  | {kind: 'ok'; stdout: string; length: number}
  /** A UserError before anything was written: what the CLI prints as `Error: <message>`. */
  | {kind: 'error'; message: string; exitCode: number}
  /** Anything else: an exception that is not a UserError, or an error after output had started. */
  | {kind: 'crash'; error: unknown; partial: boolean}

async function produce(command: CommandName, format: OutputFormat, input: Buffer, origin: string, wholeParseLimit?: number): Promise<Chunks> {
  const bytes = await decompress(input, origin)
  const printer = parsePrinter(format)
  if (command === 'endpoint') return renderListing(endpointListing(bytes, origin, {}), printer)
  const wide = printer.table?.wide
  // The sections the command reads, as the CLI reads them: the others are passed over unchecked.
  const dump = ConfigDump.fromBuffer(bytes, origin, wholeParseLimit, sectionsRead(command, wide ?? false))
  switch (command) {
    case 'all':
      return (await showAll(dump, {withHeaders: false, verbose: true, cluster: {}, listener: {}}, printer)).output
    case 'bootstrap':
      return showBootstrap(dump, printer)
    case 'cluster':
      return renderListing(clusterListing(dump, {}, {wide}), printer)
    case 'listener':
      return renderListing(listenerListing(dump, {}, {verbose: true}), printer)
    case 'route':
      return renderListing(routeListing(dump, undefined, {verbose: true}), printer)
    case 'eds':
      return renderListing(edsListing(dump, {}), printer)
    case 'secret':
      return renderListing(secretListing(dump), printer)
    case 'ecds':
      return renderListing(ecdsListing(dump), printer)
  }
}

function sectionsRead(command: DumpCommandName, wide: boolean): readonly SectionName[] | undefined {
  const request = {
    all: allRequest,
    bootstrap: bootstrapRequest,
    cluster: clusterRequest(wide),
    listener: listenerRequest,
    route: routeRequest,
    eds: edsRequest,
    secret: secretRequest(wide),
    ecds: ecdsRequest,
  }[command]
  return request.kind === 'config_dump' ? request.sections : undefined
}

/**
 * Runs one command on `input` (the file's bytes, maybe gzipped) and classifies what
 * came out. A small `wholeParseLimit` sends every section down the path taken by
 * dumps too large for one string (resource-by-resource parsing).
 */
export async function runInProcess(command: CommandName, format: OutputFormat, input: Buffer, opts: {origin?: string; wholeParseLimit?: number} = {}): Promise<Outcome> {
  let chunks: Chunks
  try {
    chunks = await produce(command, format, input, opts.origin ?? 'file test.json', opts.wholeParseLimit)
  } catch (error) {
    if (error instanceof UserError) return {kind: 'error', message: error.message, exitCode: error.exitCode}
    return {kind: 'crash', error, partial: false}
  }
  const out: string[] = []
  let length = 0
  try {
    // Output is lazy: rows and items are made while being written, so failures can only show up here.
    for (const chunk of chunks) {
      length += chunk.length
      if (length <= KEEP) out.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'))
    }
  } catch (error) {
    return {kind: 'crash', error, partial: length > 0}
  }
  return {kind: 'ok', stdout: out.join(''), length}
}

/** Output kept for comparison; the rest is only counted (a 50 MB name in a table is written per row). */
const KEEP = 16 * 1024 * 1024

export function describeOutcome(o: Outcome): string {
  if (o.kind === 'ok') return `ok (${o.length} chars)`
  if (o.kind === 'error') return `UserError(${o.exitCode}): ${o.message.slice(0, 200)}`
  const e = o.error as Error
  return `${o.partial ? 'error after partial output' : 'crash'}: ${e?.name}: ${String(e?.message).slice(0, 200)}\n${String(e?.stack).split('\n').slice(1, 6).join('\n')}`
}
