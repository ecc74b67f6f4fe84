import {Command} from '@oclif/core'

import {ExitCode, UserError, firstLine} from '../core/errors.js'
import {reportError} from './errors.js'
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

  protected override async catch(error: Error & {exitCode?: number}): Promise<void> {
    reportError(error)
  }

  protected override async finally(): Promise<void> {
    await this.live?.close()
  }
}
