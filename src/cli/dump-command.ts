import {once} from 'node:events'

import {type ConfigDump, parseConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/request.js'
import type {Listing} from '../render/listing.js'
import {renderListing} from '../render/print.js'
import type {Chunks, Printer} from '../render/printers/printer.js'
import {parsePrinter} from '../render/printers/registry.js'
import {openSource} from '../source/open.js'
import {BaseCommand} from './base-command.js'
import {type SourceFlags, connectionFlags, fileFlag, listingOptions, outputFlag, showSecretsFlag, sourceSpec} from './flags.js'
import {warn} from './warn.js'

/**
 * Shared shape of every command that reads Envoy state: one optional pod argument,
 * `-f` for saved dumps, `--admin-url` for a reachable admin port, `-o`, and the
 * kubectl-style connection flags. Subclasses only parse their filters and render.
 */
export abstract class DumpCommand extends BaseCommand {
  static override baseFlags = {
    ...outputFlag(),
    ...fileFlag,
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
    const {bytes, origin} = await this.fetch(pod, flags, request)
    const dump = parseConfigDump(bytes, origin)
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

  /**
   * Renders a listing through the printer, honouring --no-headers, --sort-by and
   * --show-secrets, with a line on stderr for each warming or refused resource.
   */
  protected async printListing<T, R>(listing: Listing<T, R>, printer: Printer, flags: Parameters<typeof listingOptions>[0]): Promise<void> {
    this.warnings.push(...(listing.notes ?? []))
    if (listing.items.length === 0 && listing.emptyNote) this.warnings.push(listing.emptyNote)
    await this.print(await renderListing(listing, printer, listingOptions(flags)))
  }

  /** Said once the output is ready, so a command that fails says only why it failed. */
  protected readonly warnings: string[] = []

  /** Writes output piece by piece, waiting whenever the reader (a pipe, a terminal) is behind. */
  protected async print(output: string | Buffer | Chunks): Promise<void> {
    for (const w of this.warnings.splice(0)) warn(w)
    const pieces = typeof output === 'string' || Buffer.isBuffer(output) ? [output] : output
    for (const piece of pieces) {
      if (!process.stdout.write(piece)) await once(process.stdout, 'drain')
    }
  }
}
