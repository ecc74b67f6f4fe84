import {debugEnabled} from '../core/debug.js'
import {ExitCode, UserError, firstLine} from '../core/errors.js'
import {printLine, printLines} from '../core/terminal.js'

/**
 * How every command ends on an error: `Error: <first line>` on stderr (the stack
 * only with --debug) and the error's exit code, usage errors being 2.
 */
export function reportError(error: Error & {exitCode?: number}): void {
  const code = error instanceof UserError ? error.exitCode : (error.exitCode ?? ExitCode.failure)
  if (debugEnabled()) printLines(error.stack ?? '')
  printLine(firstLine(error), 'Error:')
  process.exitCode = code
}
