import {formatDuration} from './duration.js'
import {ExitCode, UserError} from './errors.js'

type Reason = 'timeout' | 'interrupt'

const SIGNALS = ['SIGINT', 'SIGTERM'] as const

/**
 * One budget for a whole live fetch (API server lookups, tunnel, admin requests),
 * shared through a single AbortSignal so that a timeout or Ctrl-C stops whatever is in
 * flight, and the error names what we were waiting for at that moment.
 */
export class Deadline {
  private readonly controller = new AbortController()
  private reason: Reason | undefined
  private interrupts = 0
  private readonly timer: NodeJS.Timeout | undefined
  private readonly onSignal = (): void => this.interrupt()
  private readonly onParentStop = (): void => this.stop(this.parent?.reason ?? 'interrupt')

  /**
   * `ms` may be Infinity: a budget that only Ctrl-C ends. With a `parent` (one budget
   * per pod of many) the parent's Ctrl-C stops this one too, and only the parent
   * listens for signals.
   */
  constructor(
    readonly ms: number,
    private readonly parent?: Deadline,
  ) {
    if (Number.isFinite(ms)) {
      this.timer = setTimeout(() => this.stop('timeout'), ms)
      // The timer only matters while a request is pending; pending sockets keep the process alive on their own.
      this.timer.unref()
    }
    if (parent) {
      if (parent.stopped) this.onParentStop()
      else parent.signal.addEventListener('abort', this.onParentStop)
    } else {
      for (const s of SIGNALS) process.on(s, this.onSignal)
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal
  }

  get stopped(): boolean {
    return this.reason !== undefined
  }

  /** The error to report when an operation waiting for `what` was cut short by this deadline. */
  failure(what: string): UserError {
    if (this.reason === 'interrupt') return new UserError(`interrupted while waiting for ${what}`, ExitCode.interrupted)
    return new UserError(`timed out after ${formatDuration(this.ms)} waiting for ${what}; raise --timeout`)
  }

  /** Throws the deadline's error if it already ran out, so no new request starts after Ctrl-C. */
  check(what: string): void {
    if (this.stopped) throw this.failure(what)
  }

  dispose(): void {
    clearTimeout(this.timer)
    this.parent?.signal.removeEventListener('abort', this.onParentStop)
    for (const s of SIGNALS) process.off(s, this.onSignal)
  }

  private interrupt(): void {
    // A second Ctrl-C means the clean shutdown is not fast enough for the user.
    if (++this.interrupts > 1) process.exit(ExitCode.interrupted)
    // Nothing may be waiting on the signal when Ctrl-C arrives between requests.
    process.exitCode = ExitCode.interrupted
    this.stop('interrupt')
  }

  private stop(reason: Reason): void {
    if (this.reason) return
    this.reason = reason
    this.controller.abort(new Error(reason))
  }
}
