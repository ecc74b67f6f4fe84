/**
 * The whole CLI as one module, bundled together with oclif by scripts/build.mjs:
 * start-up time is dominated by loading modules, and one file loads several times
 * faster than a hundred. bin/run.js runs `execute` from here, and package.json
 * points oclif at `commands` in the same file, so both share one copy of oclif.
 */
export {Config, execute} from '@oclif/core'
export {default as commands} from '../../commands/index.js'
export {commandNotFound, initHook} from './not-found.js'
