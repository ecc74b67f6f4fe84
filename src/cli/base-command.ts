import {Command, Flags} from '@oclif/core'

import {ExitCode, UserError, firstLine} from '../core/errors.js'
import {reportError} from './errors.js'
import {quietOnClosedPipe} from './pipe.js'

/** Flags for reaching a live Envoy, shared by the dump commands and `log`. */
export const connectionFlags = {
  'admin-url': Flags.string({description: 'Talk to an Envoy admin endpoint directly, e.g. http://127.0.0.1:15000 (no Kubernetes)', helpValue: 'URL'}),
  namespace: Flags.string({char: 'n', description: 'Namespace of the pod (default: the kubeconfig context namespace, else "default")', helpValue: 'NAMESPACE'}),
  kubeconfig: Flags.string({char: 'c', description: 'Path to the kubeconfig file (default: $KUBECONFIG or ~/.kube/config)', helpValue: 'FILE'}),
  context: Flags.string({description: 'Kubeconfig context to use', helpValue: 'CONTEXT'}),
  'proxy-admin-port': Flags.integer({default: 15000, description: 'Envoy admin port inside the pod', helpValue: 'PORT'}),
  timeout: Flags.string({default: '30s', description: 'Give up on a live fetch after this long (e.g. 10s, 2m)', helpValue: 'DURATION'}),
  debug: Flags.boolean({default: false, description: 'Print stack traces and HTTP exchanges on stderr (for bug reports; also DEBUG=proxy-config*)'}),
}

/** Something to tear down when the command ends, however it ends (tunnels, sockets). */
export interface Closable {
  close(): Promise<void>
}

/**
 * What every proxy-config command shares: istioctl's boolean spelling, one-line
 * errors with documented exit codes, quiet exit on a closed pipe, and teardown of
 * whatever live connection the command opened.
 */
export abstract class BaseCommand extends Command {
  static override enableJsonFlag = false

  /** Set by a command that opens a live connection; closed in `finally`. */
  protected live: Closable | undefined

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

  protected checkAdminPort(port: number): number {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`port number ${port} must be in the range 1..65535`, ExitCode.usage)
    return port
  }

  protected override async catch(error: Error & {exitCode?: number}): Promise<void> {
    reportError(error)
  }

  protected override async finally(): Promise<void> {
    await this.live?.close()
  }
}
