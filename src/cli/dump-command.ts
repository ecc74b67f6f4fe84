import {once} from 'node:events'

import {Args, Command, Flags} from '@oclif/core'

import {type ConfigDump, parseConfigDump} from '../dump/configdump.js'
import {type DumpRequest, type DumpSource, FileSource, StdinSource} from '../dump/source.js'
import type {LiveSource} from '../live/source.js'
import {type Listing, renderListing} from '../render/listing.js'
import {type Chunks, type OutputFormat, parseOutputFormat} from '../render/output.js'
import {ExitCode, UserError} from './errors.js'
import {debugEnabled} from './debug.js'
import {parseDuration} from './duration.js'
import {quietOnClosedPipe} from './pipe.js'

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
export abstract class DumpCommand extends Command {
  static override enableJsonFlag = false

  static override baseFlags = {
    output: Flags.string({char: 'o', default: 'short', description: 'Output format: short, wide, json, yaml, name or jsonpath=TEMPLATE (kubectl syntax, over the JSON that -o json prints)', helpValue: 'FORMAT'}),
    file: Flags.string({char: 'f', description: 'Read a saved Envoy dump from this file instead of a pod ("-" reads stdin)', helpValue: 'FILE'}),
    'admin-url': Flags.string({description: 'Talk to an Envoy admin endpoint directly, e.g. http://127.0.0.1:15000 (no Kubernetes)', helpValue: 'URL'}),
    namespace: Flags.string({char: 'n', description: 'Namespace of the pod (default: the kubeconfig context namespace, else "default")'}),
    kubeconfig: Flags.string({char: 'c', description: 'Path to the kubeconfig file (default: $KUBECONFIG or ~/.kube/config)'}),
    context: Flags.string({description: 'Kubeconfig context to use'}),
    'proxy-admin-port': Flags.integer({default: 15000, description: 'Envoy admin port inside the pod'}),
    timeout: Flags.string({default: '30s', description: 'Give up on a live fetch after this long (e.g. 10s, 2m)'}),
    debug: Flags.boolean({default: false, description: 'Print stack traces and HTTP exchanges on stderr (for bug reports; also DEBUG=proxy-config*)'}),
  }

  /** Command name as istioctl's messages spell it ("endpoints requires …"). */
  protected abstract readonly noun: string

  private live: LiveSource | undefined

  /** istioctl (cobra) spells booleans `--verbose=false`; oclif wants `--no-verbose`. */
  override async init(): Promise<void> {
    await super.init()
    quietOnClosedPipe()
    this.argv = this.argv.map((arg) => {
      const m = /^--([a-z][\w-]*)=(true|false)$/.exec(arg)
      return m ? (m[2] === 'true' ? `--${m[1]}` : `--no-${m[1]}`) : arg
    })
  }

  /** Wraps `this.parse(...)` so every parser complaint becomes a one-line usage error. */
  protected async parseOrUsage<T>(parsing: Promise<T>): Promise<T> {
    try {
      return await parsing
    } catch (error) {
      throw new UserError(firstLine(error), ExitCode.usage)
    }
  }

  protected outputFormat(value: string, allowed?: readonly string[]): OutputFormat {
    return parseOutputFormat(value, allowed)
  }

  /** Fetches what `request` names from wherever the flags point, parsed as a config dump. */
  protected async configDump(pod: string | undefined, flags: SourceFlags, request: DumpRequest): Promise<ConfigDump> {
    const source = await this.source(pod, flags)
    return parseConfigDump(await source.read(request), source.label)
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
    const port = flags['proxy-admin-port']
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`port number ${port} must be in the range 1..65535`, ExitCode.usage)
    const {createLiveSource} = await import('../live/source.js')
    this.live = await createLiveSource({
      pod,
      adminUrl,
      namespace: flags.namespace,
      kubeconfig: flags.kubeconfig,
      context: flags.context,
      adminPort: port,
      timeoutMs: parseDuration(flags.timeout),
    })
    return this.live
  }

  /** Renders a listing in the chosen format, honouring --no-headers and --sort-by. */
  protected async printListing<T>(listing: Listing<T>, format: OutputFormat, flags: {'no-headers': boolean; 'sort-by'?: string}): Promise<void> {
    await this.print(await renderListing(listing, format, {noHeaders: flags['no-headers'], sortBy: flags['sort-by']}))
  }

  /** Writes output piece by piece, waiting whenever the reader (a pipe, a terminal) is behind. */
  protected async print(output: string | Buffer | Chunks): Promise<void> {
    const pieces = typeof output === 'string' || Buffer.isBuffer(output) ? [output] : output
    for (const piece of pieces) {
      if (!process.stdout.write(piece)) await once(process.stdout, 'drain')
    }
  }

  protected override async catch(error: Error & {exitCode?: number}): Promise<void> {
    const code = error instanceof UserError ? error.exitCode : (error.exitCode ?? ExitCode.failure)
    if (debugEnabled()) process.stderr.write(`${error.stack}\n`)
    process.stderr.write(`Error: ${firstLine(error)}\n`)
    process.exitCode = code
  }

  protected override async finally(): Promise<void> {
    await this.live?.close()
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error'
}
