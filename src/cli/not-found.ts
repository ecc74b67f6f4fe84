import type {Command, Hook, Interfaces} from '@oclif/core'

import {ExitCode} from '../core/errors.js'
import {closest} from '../core/suggest.js'
import {printLine} from '../core/terminal.js'

/**
 * Mistyped commands. On a terminal, @oclif/plugin-not-found asks "Did you mean
 * cluster?" and runs it on yes. Anywhere else (scripts, CI, pipes) a prompt would
 * wait for an answer that never comes, and that plugin then prints no suggestion
 * at all, so our `command_not_found` hook answers instead: one line with the
 * suggestion on stderr, exit 2 (a usage error, like every other one).
 *
 * oclif runs every plugin's `command_not_found` hook at once, so this `init` hook
 * (which runs before the command is looked up) leaves exactly one of them in place.
 */
export const initHook: Hook.Init = async ({config, id}) => {
  if (id === undefined || config.findCommand(id) !== undefined || config.findTopic(id) !== undefined) return
  const plugins = config.getPluginsList()
  // The plugin always offers the nearest command, however far: "xyzzy" would get "Did you mean all? (Y/n)".
  const prompting = interactive() && suggestion(config, id) !== undefined && plugins.some((p) => !p.isRoot && (p.hooks.command_not_found ?? []).length > 0)
  for (const plugin of plugins) {
    // On a terminal the plugin's prompt handles it; elsewhere ours does.
    if (plugin.isRoot === prompting) plugin.hooks.command_not_found = []
  }
}

export const commandNotFound: Hook.CommandNotFound = async function ({config, id}) {
  printLine(notFoundMessage(config, id), 'Error:')
  this.exit(ExitCode.usage)
}

/** The commands a user may type: not hidden, not an alias (oclif lists each alias as a command too), not a plugin's subcommand. */
export function visibleCommands(config: Interfaces.Config): Command.Loadable[] {
  const aliases = new Set(config.commands.flatMap((c) => c.aliases))
  return config.commands.filter((c) => !c.hidden && !c.id.includes(':') && !aliases.has(c.id))
}

/** A prompt needs someone to answer it: a terminal on stdin, and one on stdout to show it. */
function interactive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY)
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
