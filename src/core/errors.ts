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

export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return (
    message
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? 'unknown error'
  )
}
