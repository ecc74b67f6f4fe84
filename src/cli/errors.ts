import {debugEnabled} from '../core/debug.js'
import {ExitCode, UserError, firstLine} from '../core/errors.js'

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
