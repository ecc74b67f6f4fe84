import {debugEnabled} from '../core/debug.js'
import {ExitCode, UserError, firstLine} from '../core/errors.js'
import {escapeUnsafe} from '../core/safe-text.js'
import {closest} from '../core/suggest.js'
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

/**
 * oclif's parser complaints as one line that says what to do: an unknown flag
 * with the nearest real one, a bad value with the reason its parser gave.
 * `flags` are the command's flag names; `command` names it for `--help`.
 */
export function parseErrorMessage(error: unknown, flags: readonly string[], command: string): string {
  const unknown = (error as {flags?: unknown}).flags
  if (Array.isArray(unknown) && unknown.length > 0 && firstLine(error).startsWith('Nonexistent flag')) {
    const typed = String(unknown[0])
    const near = typed.startsWith('--') ? closest(typed.slice(2), flags) : undefined
    const hint = near === undefined ? `see ${command} --help` : `did you mean --${near}?`
    return `unknown flag: ${escapeUnsafe(typed)} (${hint})`
  }
  const message = error instanceof Error ? error.message : String(error)
  // oclif wraps what a flag's parser threw as "Parsing --port \n\t<reason>"; our parsers' reasons name the flag already.
  const parsing = /^Parsing (--[\w-]+) *\n\t(.*)/.exec(message)
  if (parsing) return error instanceof UserError ? parsing[2] : `invalid value for ${parsing[1]}: ${parsing[2]}`
  return firstLine(error)
}
