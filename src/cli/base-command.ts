import {Command} from '@oclif/core/command'
import {Config} from '@oclif/core/config'
import type {LoadOptions} from '@oclif/core/interfaces'

import {ExitCode, UserError} from '../core/errors.js'
import {type FlagShape, pflagStyle} from './argv.js'
import {parseErrorMessage, reportError} from './errors.js'
import {quietOnClosedPipe} from './pipe.js'

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

  /**
   * Runs with the configuration oclif loaded for this command line. oclif's own
   * `run`, handed a loaded configuration, loads another from it (for commands run from
   * other CLIs): files read and the platform detected a second time on every command.
   */
  static override async run<T extends Command>(
    this: new (
      argv: string[],
      config: Config,
    ) => T,
    argv: string[] = process.argv.slice(2),
    opts?: LoadOptions,
  ): Promise<ReturnType<T['run']>> {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the command class being run, not BaseCommand
    if (!(opts instanceof Config)) return Command.run.call(this, argv, opts) as Promise<ReturnType<T['run']>>
    return (new this(argv, opts) as unknown as BaseCommand)._run()
  }

  /** Set by a command that opens a live connection; closed in `finally`. */
  protected live: Closable | undefined

  /** The command line read as istioctl (cobra, pflag) reads it: see `pflagStyle`. */
  override async init(): Promise<void> {
    await super.init()
    quietOnClosedPipe()
    this.argv = pflagStyle(this.argv, this.flagShapes())
  }

  /** Wraps `this.parse(...)` so every parser complaint becomes a one-line usage error that says how to fix it. */
  protected async parseOrUsage<T>(parsing: Promise<T>): Promise<T> {
    try {
      return await parsing
    } catch (error) {
      throw new UserError(parseErrorMessage(error, Object.keys(this.flagShapes()), `${this.config.bin} ${this.id ?? ''}`.trim()), ExitCode.usage)
    }
  }

  private flagShapes(): Record<string, FlagShape> {
    return {...this.ctor.baseFlags, ...this.ctor.flags} as Record<string, FlagShape>
  }

  protected override async catch(error: Error & {exitCode?: number}): Promise<void> {
    reportError(error)
  }

  protected override async finally(): Promise<void> {
    await this.live?.close()
  }
}
