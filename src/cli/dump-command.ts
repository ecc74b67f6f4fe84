import {printLine, printOutput} from '../core/terminal.js'
import {ConfigDump, parseConfigDump} from '../dump/configdump.js'
import {BufferStore, type ByteStream} from '../dump/input.js'
import type {DumpRequest} from '../dump/request.js'
import {ExitCode} from '../core/errors.js'
import type {ResourceType} from '../diff/resources.js'
import type {Listing} from '../render/listing.js'
import {renderListing, renderPodListing} from '../render/print.js'
import type {Chunks, Printer} from '../render/printers/printer.js'
import {parsePrinter} from '../render/printers/registry.js'
import {type FleetReport, type FleetView, type PodDump, fleetNotes, runFleet} from '../show/fleet.js'
import {openSource, openSources} from '../source/open.js'
import type {DumpSource} from '../source/source.js'
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

  /** Opens the one source the pod argument and flags name; it is closed when the command ends. */
  protected async openDumpSource(pod: string | undefined, flags: SourceFlags): Promise<DumpSource> {
    const {source, close} = await openSource(sourceSpec(pod, flags), this.noun)
    this.live = {close}
    return source
  }

  /** Fetches what `request` names from wherever the flags point, parsed as a config dump. */
  protected async configDump(pod: string | undefined, flags: SourceFlags, request: DumpRequest): Promise<ConfigDump> {
    return this.readConfigDump(await this.openDumpSource(pod, flags), request)
  }

  /**
   * Reads `request` from an open source as a config dump, streaming it when the
   * source can (only the sections the request names are kept), and warns about
   * sections of other proxies it skips.
   */
  protected async readConfigDump(source: DumpSource, request: DumpRequest): Promise<ConfigDump> {
    const sections = request.kind === 'config_dump' ? request.sections : undefined
    return this.withForeignNote(await ConfigDump.read(source.stream ? await source.stream(request) : whole(await source.read(request)), source.origin, sections))
  }

  private parseDump(bytes: Buffer, origin: string): ConfigDump {
    return this.withForeignNote(parseConfigDump(bytes, origin))
  }

  private withForeignNote(dump: ConfigDump): ConfigDump {
    const foreign = dump.foreignTypes()
    if (foreign.length > 0) this.warnings.push(`skipped config dump sections proxy-config does not read: ${foreign.join(', ')}`)
    return dump
  }

  /** The bytes Envoy (or the file) gave for `request`, and where they came from. */
  protected async fetch(pod: string | undefined, flags: SourceFlags, request: DumpRequest): Promise<{bytes: Buffer; origin: string}> {
    const source = await this.openDumpSource(pod, flags)
    return {bytes: await source.read(request), origin: source.origin}
  }

  /**
   * What the flags name, shown: one Envoy exactly as `single` shows it, or many pods
   * (a bundle, -l, --all-pods) through `fleet`, `--max-concurrency` at a time, each
   * pod's failure on stderr without hiding the others (and the exit status 1), and
   * the replicas whose `compare`d configuration differs from the majority named.
   */
  protected async showEach(
    pod: string | undefined,
    flags: SourceFlags & {'max-concurrency': number},
    request: DumpRequest,
    single: (read: PodDump) => Promise<void>,
    fleet: () => FleetView,
    compare: readonly ResourceType[],
  ): Promise<void> {
    const opened = await openSources(sourceSpec(pod, flags), this.noun)
    this.live = opened
    const [first] = opened.sources
    if (opened.sources.length === 1 && first.pod === undefined) {
      // One config dump streams in (only the sections asked for are kept); other answers are small and read whole.
      if (request.kind === 'config_dump') {
        const dump = await this.readConfigDump(first, request)
        return single({pod: first.origin, origin: first.origin, dump: () => dump})
      }
      const bytes = await first.read(request)
      return single({pod: first.origin, bytes, origin: first.origin, dump: () => this.parseDump(bytes, first.origin)})
    }
    const view = fleet()
    const report = await runFleet(
      opened.sources,
      {request, concurrency: flags['max-concurrency'], compare},
      (p) => view.pod(p),
      (chunks) => this.print(chunks),
    )
    await this.print(await view.end())
    this.reportFleet(report)
  }

  /** A listing command: one Envoy's listing as istioctl prints it, or every pod's in one combined output. */
  protected showListings<T>(
    pod: string | undefined,
    flags: SourceFlags & {'max-concurrency': number} & Parameters<typeof listingOptions>[0],
    request: DumpRequest,
    printer: Printer,
    build: (pod: PodDump) => Listing<T>,
    compare: readonly ResourceType[],
  ): Promise<void> {
    return this.showEach(
      pod,
      flags,
      request,
      (p) => this.printListing(build(p), printer, flags),
      () => this.listingView(build, printer, flags),
      compare,
    )
  }

  private listingView<T>(build: (pod: PodDump) => Listing<T>, printer: Printer, flags: Parameters<typeof listingOptions>[0]): FleetView {
    const combined = printer.combined()
    const opts = listingOptions(flags)
    return {
      pod: async (p) => renderPodListing(p.pod, build(p), printer, combined, opts),
      end: () => combined.end(opts),
    }
  }

  private reportFleet(report: FleetReport): void {
    const {errors, warnings} = fleetNotes(report)
    for (const w of warnings) warn(w)
    for (const e of errors) printLine(e, 'Error:')
    if (errors.length > 0) process.exitCode = ExitCode.failure
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
      await printOutput(piece)
    }
  }
}
