import {ExitCode, UserError} from '../core/errors.js'

/** The request to explain, from the URL the user gave. */
export interface Target {
  scheme: 'http' | 'https' | 'tcp'
  /** Lowercased host name or IP literal (IPv6 without brackets). */
  host: string
  port: number
  /** Whether the URL named the port; clients leave a default port out of :authority. */
  explicitPort: boolean
  /** Path with query string, as sent in `:path`. */
  path: string
  /** `:authority` as a client sends it: host, plus the port when it is not the scheme's default. */
  authority: string
}

const DEFAULT_PORTS: Record<string, number> = {http: 80, https: 443}

export function parseTarget(text: string): Target {
  const match = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)
  const scheme = match?.[1].toLowerCase()
  if (scheme !== 'http' && scheme !== 'https' && scheme !== 'tcp') {
    throw new UserError(`invalid URL "${text}": expected http://host[:port]/path, https://host[:port]/path or tcp://host:port`, ExitCode.usage)
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new UserError(`invalid URL "${text}"`, ExitCode.usage)
  }
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1')
  if (host === '') throw new UserError(`invalid URL "${text}": no host`, ExitCode.usage)
  const explicitPort = url.port !== ''
  if (scheme === 'tcp' && !explicitPort) throw new UserError(`invalid URL "${text}": tcp:// needs a port (tcp://host:port)`, ExitCode.usage)
  const port = explicitPort ? Number(url.port) : DEFAULT_PORTS[scheme]
  const hostPart = host.includes(':') ? `[${host}]` : host
  return {
    scheme,
    host,
    port,
    explicitPort,
    path: scheme === 'tcp' ? '' : `${url.pathname || '/'}${url.search}`,
    authority: explicitPort ? `${hostPart}:${port}` : hostPart,
  }
}
