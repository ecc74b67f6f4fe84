/**
 * The CLI's entry module, bundled together with oclif by scripts/build.mjs: start-up
 * time is dominated by loading modules, and one file loads several times faster than a
 * hundred. bin/run.js runs `execute` from here. The commands are a second entry
 * (dist/commands.js, package.json's oclif target) sharing this one's copy of oclif: oclif
 * loads them only to run one, so `--help` and command lookup answer from the manifest
 * without compiling any command code.
 * It lives beside the commands so that nothing under src/ imports from here.
 */
import {commandFirst, valueFlagSpellings, type FlagShape} from '../src/cli/argv.js'

export {Config, execute} from '@oclif/core'
export {commandNotFound} from '../src/cli/not-found.js'

/** The command line with kubectl-style leading flags (`-n bookinfo cluster …`) moved after the command. */
export async function commandLine(argv: readonly string[]): Promise<string[]> {
  // Only flags before a command word need the flag definitions; `cluster …` and `--help` do not load the commands.
  const word = argv.findIndex((a) => !a.startsWith('-') || a === '-')
  if (word <= 0) return [...argv]
  const {default: commands} = await import('./index.js')
  const flags = Object.values(commands).flatMap((c) => Object.entries({...c.baseFlags, ...c.flags} as Record<string, FlagShape>))
  return commandFirst(argv, valueFlagSpellings(flags))
}
