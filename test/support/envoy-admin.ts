import {readFileSync} from 'node:fs'
import http from 'node:http'
import type {AddressInfo, Socket} from 'node:net'

/**
 * How the stand-in treats `/config_dump?mask=…`: like a current Envoy, like an old one
 * that does not know the parameter, with a 400 as for a mask it cannot apply, or
 * with a body that is not a config dump (as a broken proxy in between might send).
 */
export type MaskMode = 'honour' | 'ignore' | 'reject' | 'garbage'

export interface EnvoyAdminOptions {
  /** A saved `/config_dump?include_eds` (every section, EDS included). */
  configDump: string
  /** A saved `/clusters?format=json`. */
  clusters: string
  mask?: MaskMode
  /** Accept requests and never answer them. */
  hang?: boolean
  /** Answer every request this long after it arrived, as an Envoy behind a real API server and kubelet would. */
  latencyMs?: number
}

const ENDPOINTS_DUMP = 'type.googleapis.com/envoy.admin.v3.EndpointsConfigDump'
const LEVELS = new Set(['trace', 'debug', 'info', 'warning', 'error', 'critical', 'off'])

/**
 * An Envoy admin server over plain HTTP, serving saved dumps the way Envoy narrows
 * them (`mask=`, `resource=`, `include_eds`), `/clusters?format=json` and `/logging`,
 * and recording every request so tests can check what was asked.
 */
export class EnvoyAdminStandIn {
  /** Every request, with the body it was answered with (none while hanging). */
  readonly requests: Array<{method: string; url: string; body?: Buffer}> = []
  readonly loggers = new Map<string, string>(['admin', 'connection', 'http', 'http2', 'router', 'upstream'].map((n) => [n, 'warning']))
  mask: MaskMode
  hang: boolean
  latencyMs: number
  /** Answer 403 to every attempt to change a level, as an admin behind a read-only filter would. */
  readOnly = false
  /** Answer every request with this status and plain-text body (a failing, or hostile, proxy). */
  failure: {status: number; body: string} | undefined
  private readonly sockets = new Set<Socket>()
  private readonly dumpBody: Buffer
  private readonly dump: {configs: Array<Record<string, unknown>>}
  private readonly clustersBody: Buffer

  private constructor(
    private readonly server: http.Server,
    opts: EnvoyAdminOptions,
  ) {
    this.dumpBody = readFileSync(opts.configDump)
    this.dump = JSON.parse(this.dumpBody.toString('utf8'))
    this.clustersBody = readFileSync(opts.clusters)
    this.mask = opts.mask ?? 'honour'
    this.hang = opts.hang ?? false
    this.latencyMs = opts.latencyMs ?? 0
    server.on('connection', (s) => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
    })
    server.on('request', (req, res) => this.handle(req, res))
  }

  static async start(opts: EnvoyAdminOptions): Promise<EnvoyAdminStandIn> {
    const server = http.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return new EnvoyAdminStandIn(server, opts)
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** The request targets seen so far, e.g. `GET /config_dump?mask=…`. */
  paths(): string[] {
    return this.requests.map((r) => `${r.method} ${r.url}`)
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise((resolve) => this.server.close(resolve))
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const record: {method: string; url: string; body?: Buffer} = {method: req.method ?? '', url: req.url ?? ''}
    this.requests.push(record)
    if (this.hang) return
    const reply = this.answer(record.method, new URL(record.url, 'http://envoy'))
    const body = Buffer.from(reply.body)
    record.body = body
    const send = () => {
      res.writeHead(reply.status, {'content-type': reply.type, 'content-length': body.length})
      res.end(body)
    }
    if (this.latencyMs > 0) setTimeout(send, this.latencyMs)
    else send()
  }

  private answer(method: string, url: URL): Reply {
    if (this.failure) return text(this.failure.status, this.failure.body)
    switch (url.pathname) {
      case '/config_dump':
        return this.configDump(url.searchParams)
      case '/clusters':
        if (url.searchParams.get('format') === 'json') return {status: 200, type: 'application/json', body: this.clustersBody}
        return text(200, 'outbound|9080||reviews.default.svc.cluster.local::observability_name::reviews\n')
      case '/logging':
        return this.logging(method, url.searchParams)
      default:
        return text(404, 'invalid path. admin commands are:\n  /config_dump: dump current Envoy configs\n')
    }
  }

  private configDump(params: URLSearchParams): Reply {
    // The saved file is exactly what Envoy sent for this request, byte for byte.
    if (params.has('include_eds') && !params.has('mask') && !params.has('resource')) return {status: 200, type: 'application/json', body: this.dumpBody}
    let configs = this.dump.configs
    if (!params.has('include_eds')) configs = configs.filter((c) => c['@type'] !== ENDPOINTS_DUMP)
    const resource = params.get('resource')
    if (resource) return json({configs: configs.flatMap((c) => (Array.isArray(c[resource]) ? (c[resource] as unknown[]) : []))})
    const mask = params.get('mask')
    if (mask && this.mask !== 'ignore') {
      if (this.mask === 'reject') return text(400, `FieldMask paths: "${mask}" could not be successfully used.\n`)
      if (this.mask === 'garbage') return {status: 200, type: 'text/html', body: '<html><body>upstream connect error</body></html>\n'}
      const fields = mask.split(',')
      // Envoy applies the mask to every section (dropping last_updated too) and keeps the type of each.
      return json({configs: configs.map((c) => Object.fromEntries(Object.entries(c).filter(([k]) => k === '@type' || fields.includes(k))))})
    }
    return json({configs})
  }

  private logging(method: string, params: URLSearchParams): Reply {
    if (method !== 'POST' && [...params].length > 0) return text(400, 'This endpoint requires POST to change levels.\n')
    if (this.readOnly && [...params].length > 0) return text(403, 'admin is read-only\n')
    for (const [name, level] of params) {
      if (!LEVELS.has(level)) return text(400, `error: unknown logging level "${level}"\n`)
      if (name === 'level') for (const n of this.loggers.keys()) this.loggers.set(n, level)
      else if (this.loggers.has(name)) this.loggers.set(name, level)
      else return text(404, `error: unknown logger name "${name}"\n`)
    }
    const lines = [...this.loggers].sort(([a], [b]) => a.localeCompare(b)).map(([n, l]) => `  ${n}: ${l}\n`)
    return text(200, `active loggers:\n${lines.join('')}`)
  }
}

interface Reply {
  status: number
  type: string
  body: string | Buffer
}

function text(status: number, body: string): Reply {
  return {status, type: 'text/plain', body}
}

function json(value: unknown): Reply {
  return {status: 200, type: 'application/json', body: `${JSON.stringify(value, null, 1)}\n`}
}
