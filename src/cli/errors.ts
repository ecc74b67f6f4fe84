import {debugEnabled} from './debug.js'

/** Exit codes documented in the README. */
export const ExitCode = {ok: 0, failure: 1, usage: 2, interrupted: 130} as const

/**
 * An error whose message is meant for the user as-is: printed as one line on stderr,
 * no stack trace (unless --debug).
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.failure,
  ) {
    super(message)
    this.name = 'UserError'
  }
}

/**
 * How every command ends on an error: `Error: <first line>` on stderr (the stack
 * only with --debug) and the error's exit code, usage errors being 2.
 */
export function reportError(error: Error & {exitCode?: number}): void {
  const code = error instanceof UserError ? error.exitCode : (error.exitCode ?? ExitCode.failure)
  if (debugEnabled()) process.stderr.write(`${error.stack}\n`)
  process.stderr.write(`Error: ${firstLine(error)}\n`)
  process.exitCode = code
}

export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return (
    message
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? 'unknown error'
  )
}
