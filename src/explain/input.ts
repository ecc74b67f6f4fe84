import {ExitCode, UserError} from '../core/errors.js'
import {parseIp} from './cidr.js'
import type {ExplainInput} from './explain.js'
import {parseTarget} from './url.js'

/** The request as the command line describes it, before anything is read from the proxy. */
export interface RequestOptions {
  headers: readonly string[]
  method: string
  inbound: boolean
  sourceIp?: string
  destIp?: string
}

/** `name=value` (or `name:value`); `:authority=x` names a pseudo-header, so its leading colon is not the separator. */
export function parseHeader(text: string): [string, string] {
  const sep = text.startsWith(':') ? text.indexOf('=') : text.search(/[=:]/)
  if (sep <= 0) throw new UserError(`--header "${text}": expected name=value`, ExitCode.usage)
  return [text.slice(0, sep).trim(), text.slice(sep + 1).trim()]
}

/** Checks the URL and the flags, refusing what cannot be explained with a usage error. */
export function explainInput(url: string | undefined, o: RequestOptions): ExplainInput {
  if (url === undefined) throw new UserError('explain requires a URL: proxy-config explain <pod> URL, or proxy-config explain -f dump.json URL', ExitCode.usage)
  for (const [flag, ip] of [
    ['--source-ip', o.sourceIp],
    ['--dest-ip', o.destIp],
  ] as const) {
    if (ip !== undefined && parseIp(ip) === undefined) throw new UserError(`${flag} "${ip}" is not an IP address`, ExitCode.usage)
  }
  return {
    url,
    target: parseTarget(url),
    direction: o.inbound ? 'inbound' : 'outbound',
    method: o.method,
    headers: o.headers.map(parseHeader),
    sourceIp: o.sourceIp,
    destIp: o.destIp,
  }
}
