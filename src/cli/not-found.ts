import type {Command, Hook, Interfaces} from '@oclif/core'

import {ExitCode} from '../core/errors.js'
import {closest} from '../core/suggest.js'
import {askYesNo, printLine} from '../core/terminal.js'

/**
 * Mistyped commands. On a terminal we ask "Did you mean cluster? (Y/n)" and run it
 * on yes. Anywhere else (scripts, CI, pipes) a prompt would wait for an answer that
 * never comes, so the suggestion is one line on stderr. Either way a command that
 * does not run is a usage error: exit 2.
 */
export const commandNotFound: Hook.CommandNotFound = async function ({argv, config, id}) {
  const nearest = suggestion(config, id)
  if (nearest !== undefined && interactive()) {
    const word = id.split(':')[0]
    if (await askYesNo(`${word} is not a ${config.bin} command. Did you mean ${nearest}? (Y/n) `)) {
      return config.runCommand(nearest, argv?.length ? argv : id.split(':').slice(1))
    }
  }
  printLine(notFoundMessage(config, id), 'Error:')
  this.exit(ExitCode.usage)
}

/** The commands a user may type: not hidden, not an alias (oclif lists each alias as a command too), not a plugin's subcommand. */
export function visibleCommands(config: Interfaces.Config): Command.Loadable[] {
  const aliases = new Set(config.commands.flatMap((c) => c.aliases))
  return config.commands.filter((c) => !c.hidden && !c.id.includes(':') && !aliases.has(c.id))
}

/** A prompt needs someone to answer it: a terminal on stdin, and one on stderr (where it is asked) to show it. */
function interactive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY)
}

/** The one-line complaint about `id` (oclif joins the words it could not match with `:`). */
export function notFoundMessage(config: Interfaces.Config, id: string): string {
  const {bin} = config
  const word = id.split(':')[0]
  const list = `commands: ${visibleCommands(config)
    .map((c) => c.id)
    .sort()
    .join(', ')}; see ${bin} --help`
  if (word.startsWith('-')) return `a command must come before ${JSON.stringify(word)} (${list})`
  const nearest = suggestion(config, id)
  if (nearest === undefined) return `unknown command ${JSON.stringify(word)} for "${bin}" (${list})`
  return `unknown command ${JSON.stringify(word)} for "${bin}"; did you mean ${JSON.stringify(nearest)}? (see ${bin} --help)`
}

/** The command (or alias) the user probably meant by the first word of `id`, if any is close enough. */
function suggestion(config: Interfaces.Config, id: string): string | undefined {
  const word = id.split(':')[0]
  if (word.startsWith('-')) return undefined
  return closest(
    word,
    visibleCommands(config).flatMap((c) => [c.id, ...c.aliases]),
  )
}
