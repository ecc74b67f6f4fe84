/**
 * The CLI's entry module, bundled together with oclif into dist/cli.cjs by
 * scripts/build.mjs: start-up time is dominated by loading modules, and one file
 * loads several times faster than a hundred. bin/run.js runs `run` from here, and
 * oclif finds the commands and the command_not_found hook here too (package.json's
 * oclif targets); `--help` and command lookup answer from oclif's manifest.
 * It lives beside the commands so that nothing under src/ imports from here.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {execute} from '@oclif/core/execute'
import {commandFirst, type FlagShape, valueFlagSpellings} from '../src/cli/argv.js'
import {oclifLogger} from '../src/cli/logger.js'
import commands from './index.js'

export {Config} from '@oclif/core/config'
export {commandNotFound} from '../src/cli/not-found.js'
export {commands}

/**
 * Runs one command line, `root` being where package.json lies. oclif is handed
 * package.json, which it would otherwise read twice (to find the root, then for
 * itself), and told there are no user plugins: no plugin manager is bundled to
 * install any, so it need not look for them.
 */
export function run(root: string, args: string[]): Promise<unknown> {
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  return execute({args, loadOptions: {root, pjson, logger: oclifLogger(), userPlugins: false}})
}

/** The command line with kubectl-style leading flags (`-n bookinfo cluster …`) moved after the command. */
export async function commandLine(argv: readonly string[]): Promise<string[]> {
  const word = argv.findIndex((a) => !a.startsWith('-') || a === '-')
  if (word <= 0) return [...argv]
  const flags = Object.values(commands).flatMap((c) => Object.entries({...c.baseFlags, ...c.flags} as Record<string, FlagShape>))
  return commandFirst(argv, valueFlagSpellings(flags))
}
