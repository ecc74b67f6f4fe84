import {once} from 'node:events'

import {ConfigDump} from '../dump/configdump.js'
import {BufferStore, type ByteStream} from '../dump/input.js'
import type {DumpRequest} from '../dump/request.js'
import type {Listing} from '../render/listing.js'
import {renderListing} from '../render/print.js'
import type {Chunks, Printer} from '../render/printers/printer.js'
import {parsePrinter} from '../render/printers/registry.js'
import {openSource} from '../source/open.js'
import {BaseCommand} from './base-command.js'
import {type SourceFlags, connectionFlags, fileFlag, listingOptions, maxDumpSizeFlag, outputFlag, showSecretsFlag, sourceSpec} from './flags.js'
import {warn} from './warn.js'

/** A source that can only give its answer whole, as a stream of one chunk. */
function whole(bytes: Buffer): ByteStream {
  return {
    chunks: (async function* () {
      yield bytes
    })(),
    rereadable: new BufferStore(bytes),
  }
}

/**
 * Shared shape of every command that reads Envoy state: one optional pod argument,
 * `-f` for saved dumps, `--admin-url` for a reachable admin port, `-o`, and the
 * kubectl-style connection flags. Subclasses only parse their filters and render.
 */
export abstract class DumpCommand extends BaseCommand {
  static override baseFlags = {
    ...outputFlag(),
    ...fileFlag,
    ...maxDumpSizeFlag,
    ...connectionFlags,
    ...showSecretsFlag,
  }

  /** Command name as istioctl's messages spell it ("endpoints requires …"). */
  protected abstract readonly noun: string

  /** The printer `-o` names, if it is one of `allowed` (by default every format). */
  protected printer(value: string, allowed?: readonly string[]): Printer {
    return parsePrinter(value, allowed)
  }

  /** Fetches what `request` names from wherever the flags point, parsed as a config dump. */
  protected async configDump(pod: string | undefined, flags: SourceFlags, request: DumpRequest): Promise<ConfigDump> {
    const {source, close} = await openSource(sourceSpec(pod, flags), this.noun)
    this.live = {close}
    const sections = request.kind === 'config_dump' ? request.sections : undefined
    const dump = await ConfigDump.read(source.stream ? await source.stream(request) : whole(await source.read(request)), source.origin, sections)
    const foreign = dump.foreignTypes()
    if (foreign.length > 0) this.warnings.push(`skipped config dump sections proxy-config does not read: ${foreign.join(', ')}`)
    return dump
  }

  /** The bytes Envoy (or the file) gave for `request`, and where they came from. */
  protected async fetch(pod: string | undefined, flags: SourceFlags, request: DumpRequest): Promise<{bytes: Buffer; origin: string}> {
    const {source, close} = await openSource(sourceSpec(pod, flags), this.noun)
    this.live = {close}
    return {bytes: await source.read(request), origin: source.origin}
  }

  /** Renders a listing through the printer, honouring --no-headers, --sort-by and --show-secrets. */
  protected async printListing<T>(listing: Listing<T>, printer: Printer, flags: Parameters<typeof listingOptions>[0]): Promise<void> {
    if (listing.items.length === 0 && listing.emptyNote) this.warnings.push(listing.emptyNote)
    await this.print(await renderListing(listing, printer, listingOptions(flags)))
  }

  /** Said once the output is ready, so a command that fails says only why it failed. */
  private readonly warnings: string[] = []

  /** Writes output piece by piece, waiting whenever the reader (a pipe, a terminal) is behind. */
  protected async print(output: string | Buffer | Chunks): Promise<void> {
    for (const w of this.warnings.splice(0)) warn(w)
    const pieces = typeof output === 'string' || Buffer.isBuffer(output) ? [output] : output
    for (const piece of pieces) {
      if (!process.stdout.write(piece)) await once(process.stdout, 'drain')
    }
  }
}
