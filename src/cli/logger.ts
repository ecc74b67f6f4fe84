import type {Logger} from '@oclif/core/interfaces'

const silent = (): void => {}

function quiet(namespace: string): Logger {
  return {namespace, child: (ns) => quiet(`${namespace}:${ns}`), debug: silent, error: silent, info: silent, trace: silent, warn: silent}
}

/**
 * The logger oclif is handed. oclif's own logs through the `debug` package, which it
 * loads on every start (with tty, net and supports-color: several milliseconds, a
 * large part of a short command's start-up) although it prints only when DEBUG names
 * it. Without DEBUG in the environment, a logger that prints nothing either stands in;
 * with it, undefined leaves oclif its own.
 */
export function oclifLogger(env: NodeJS.ProcessEnv = process.env): Logger | undefined {
  return env.DEBUG ? undefined : quiet('oclif')
}
