/**
 * The whole CLI as one module, bundled together with oclif by scripts/build.mjs:
 * start-up time is dominated by loading modules, and one file loads several times
 * faster than a hundred. bin/run.js runs `execute` from here, and package.json
 * points oclif at `commands` in the same file, so both share one copy of oclif.
 * It lives beside the commands so that nothing under src/ imports from here.
 */
import {type FlagShape, commandFirst, valueFlagSpellings} from '../src/cli/argv.js'
import commands from './index.js'

export {Config, execute} from '@oclif/core'
export {commandNotFound} from '../src/cli/not-found.js'
export {default as commands} from './index.js'

/** The command line with kubectl-style leading flags (`-n bookinfo cluster …`) moved after the command. */
export function commandLine(argv: readonly string[]): string[] {
  const flags = Object.values(commands).flatMap((c) => Object.entries({...c.baseFlags, ...c.flags} as Record<string, FlagShape>))
  return commandFirst(argv, valueFlagSpellings(flags))
}
