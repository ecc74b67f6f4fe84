import {ExitCode, UserError} from './errors.js'
import {escapeUnsafe} from './safe-text.js'

/**
 * A port number typed on the command line. Only the syntax is checked: istioctl's
 * filters take any integer (a negative `--port` simply matches nothing).
 */
export function parsePortNumber(text: string, flag: string): number {
  if (!/^[+-]?\d+$/.test(text.trim())) throw new UserError(`invalid port number "${escapeUnsafe(text)}" for ${flag}: expected an integer such as 9080`, ExitCode.usage)
  return Number(text)
}

/** istioctl checks the Envoy admin port before anything else, whatever the source (`-f` included). */
export function checkAdminPort(port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`port number ${port} must be in the range 1..65535`, ExitCode.usage)
  return port
}
