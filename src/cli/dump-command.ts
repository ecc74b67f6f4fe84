import {once} from 'node:events'

import {Args, Flags} from '@oclif/core'

import {type ConfigDump, parseConfigDump} from '../dump/configdump.js'
import {type DumpRequest, type DumpSource, FileSource, StdinSource} from '../dump/source.js'
import {type Listing, type ListingOptions, renderListing} from '../render/listing.js'
import {type Chunks, type OutputFormat, parseOutputFormat} from '../render/output.js'
import {BaseCommand, connectionFlags} from './base-command.js'
import {ExitCode, UserError} from './errors.js'
import {warn} from './warn.js'
import {parseDuration} from './duration.js'

/**
 * The pod argument. Each command declares `static override args = podArg`: oclif
 * copies a command's own static fields only, so an inherited `args` is not seen.
 */
export const podArg = {
  // oclif would otherwise read piped stdin into the argument; `-f -` needs stdin for the dump.
  pod: Args.string({ignoreStdin: true, description: 'Pod to inspect: name, name.namespace, or <type>/<name>[.<namespace>] (deployment/productpage-v1)'}),
}

/** kubectl's listing flags, for every command that lists resources. */
export const listingFlags = {
  'no-headers': Flags.boolean({default: false, description: 'Print table rows without the header line (for scripts)'}),
  'sort-by': Flags.string({description: "Sort by a JSONPath expression over each item's JSON, as kubectl does, e.g. .name or '{.connectTimeout}'", helpValue: 'EXPR'}),
}

export interface ListingFlags {
  'no-headers': boolean
  'sort-by'?: string
  'show-secrets': boolean
}

export function listingOptions(flags: ListingFlags): ListingOptions {
  return {noHeaders: flags['no-headers'], sortBy: flags['sort-by'], showSecrets: flags['show-secrets']}
}

export interface SourceFlags {
  file?: string
  'admin-url'?: string
  namespace?: string
  kubeconfig?: string
  context?: string
  'proxy-admin-port': number
  timeout: string
}

/**
 * Shared shape of every command that reads Envoy state: one optional pod argument,
 * `-f` for saved dumps, `--admin-url` for a reachable admin port, `-o`, and the
 * kubectl-style connection flags. Subclasses only parse their filters and render.
 */
export abstract class DumpCommand extends BaseCommand {
  static override baseFlags = {
    output: Flags.string({
      char: 'o',
      default: 'short',
      description: 'Output format: short, wide, json, yaml, name or jsonpath=TEMPLATE (kubectl syntax, over the JSON that -o json prints)',
      helpValue: 'FORMAT',
    }),
    file: Flags.string({char: 'f', description: 'Read a saved Envoy dump from this file instead of a pod ("-" reads stdin; gzip is recognised)', helpValue: 'FILE'}),
    ...connectionFlags,
    'show-secrets': Flags.boolean({
      default: false,
      description: 'Show credentials found in the dump (private keys, passwords, tokens) instead of [redacted]; certificates are always shown',
    }),
  }

  /** Command name as istioctl's messages spell it ("endpoints requires …"). */
  protected abstract readonly noun: string

  protected outputFormat(value: string, allowed?: readonly string[]): OutputFormat {
    return parseOutputFormat(value, allowed)
  }

  /** Fetches what `request` names from wherever the flags point, parsed as a config dump. */
  protected async configDump(pod: string | undefined, flags: SourceFlags, request: DumpRequest): Promise<ConfigDump> {
    const {bytes, label} = await this.fetch(pod, flags, request)
    const dump = parseConfigDump(bytes, label)
    const foreign = dump.foreignTypes()
    if (foreign.length > 0) this.warnings.push(`skipped config dump sections proxy-config does not read: ${foreign.join(', ')}`)
    return dump
  }

  /** The bytes Envoy (or the file) gave for `request`, and where they came from. */
  protected async fetch(pod: string | undefined, flags: SourceFlags, request: DumpRequest): Promise<{bytes: Buffer; label: string}> {
    const source = await this.source(pod, flags)
    return {bytes: await source.read(request), label: source.label}
  }

  /** Exactly one of a pod, `--file` or `--admin-url` says where the dump comes from. */
  protected async source(pod: string | undefined, flags: SourceFlags): Promise<DumpSource> {
    const {file, 'admin-url': adminUrl} = flags
    const given = [pod !== undefined, file !== undefined, adminUrl !== undefined].filter(Boolean).length
    if (given !== 1) {
      const hint = given === 0 ? '' : ' (give only one of them)'
      throw new UserError(`${this.noun} requires pod name or --file parameter${hint}`, ExitCode.usage)
    }
    if (file !== undefined) return file === '-' ? new StdinSource() : new FileSource(file)
    const port = this.checkAdminPort(flags['proxy-admin-port'])
    const {createLiveSource} = await import('../live/source.js')
    const live = await createLiveSource({
      pod,
      adminUrl,
      namespace: flags.namespace,
      kubeconfig: flags.kubeconfig,
      context: flags.context,
      adminPort: port,
      timeoutMs: parseDuration(flags.timeout),
    })
    this.live = live
    return live
  }

  /** Renders a listing in the chosen format, honouring --no-headers and --sort-by. */
  protected async printListing<T>(listing: Listing<T>, format: OutputFormat, flags: ListingFlags): Promise<void> {
    if (listing.items.length === 0 && listing.emptyNote) this.warnings.push(listing.emptyNote)
    await this.print(await renderListing(listing, format, listingOptions(flags)))
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
