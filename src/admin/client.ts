import http from 'node:http'
import https from 'node:https'
import {createRequire} from 'node:module'
import type {Readable} from 'node:stream'

import type {AxiosError, AxiosStatic} from 'axios'

import {debugLog} from '../core/debug.js'
import {progress} from '../core/progress.js'
import {UserError} from '../core/errors.js'
import type {DumpRequest} from '../dump/request.js'
import type {Deadline} from '../core/deadline.js'
import {bomLength, skipSpace} from '../core/json.js'
import {type ByteStream, collect} from '../dump/input.js'
import {BodyReader} from './body.js'

let axiosLoading: Promise<AxiosStatic> | undefined
/**
 * axios (with the proxy agents and form-data it brings) is loaded on the first admin
 * request: a live command reaches the Kubernetes API, its first request, without it.
 * Its CommonJS build is one file where the ES modules are dozens: 70 ms to load
 * instead of 130, on the way to every admin request.
 */
function loadAxios(): Promise<AxiosStatic> {
  axiosLoading ??= Promise.resolve().then(() => createRequire(import.meta.url)('axios') as AxiosStatic)
  return axiosLoading
}

/** Where an Envoy admin endpoint is and how to talk about it in messages. */
export interface AdminEndpoint {
  /** `http://127.0.0.1:<tunnel port>` or the user's --admin-url, without a trailing slash. */
  baseUrl: string
  /** Names it in messages ("Envoy admin at …"): `pod productpage-v1-abc.default` or `http://127.0.0.1:15000`. */
  origin: string
  /**
   * A tunnel knows why a connection broke (pod gone, nothing on the admin port) when
   * the HTTP client only sees "socket hang up"; it is asked first.
   */
  explainBrokenConnection?: () => UserError | undefined
}

/** One Envoy admin endpoint, reached directly or through a port-forward. */
export interface AdminTarget {
  /** `productpage-v1-abc.default`, or the admin URL: the heading of its part of `log` output. */
  name: string
  /** Where its data came from, as dumps and messages name it: `pod productpage-v1-abc.default` or `admin http://127.0.0.1:15000`. */
  origin: string
  admin: AdminClient
}

interface Reply {
  status: number
  body: Buffer
}

/**
 * Envoy's admin API over plain HTTP. One connection per request: through a tunnel each
 * local connection is its own port-forward stream, and keeping none alive means
 * nothing lingers once the command is done.
 */
export class AdminClient {
  private readonly httpAgent = new http.Agent({keepAlive: false})
  private readonly httpsAgent = new https.Agent({keepAlive: false})

  constructor(
    private readonly endpoint: AdminEndpoint,
    private readonly deadline: Deadline,
    /** The most an answer may hold (--max-dump-size), and the error for one that holds more. */
    private readonly limit: {bytes: number; error: (origin: string) => UserError} = {bytes: Number.POSITIVE_INFINITY, error: () => new UserError('')},
  ) {}

  /**
   * Like `read`, but the body is handed on as it arrives, never buffered whole:
   * the config dump is scanned while it downloads.
   */
  async stream(request: DumpRequest): Promise<ByteStream> {
    if (request.kind === 'clusters') return this.streamed(await this.open('/clusters?format=json'))
    const eds = request.includeEds ? ['include_eds'] : []
    if (request.mask && request.mask.length > 0) {
      const narrowed = await this.open(withQuery('/config_dump', [`mask=${request.mask.join(',')}`, ...eds]), true)
      if (narrowed.status === 200) {
        const head = await narrowed.peek(256)
        if (looksLikeConfigDump(head)) return this.streamed(narrowed)
      }
      narrowed.body.destroy()
    }
    return this.streamed(await this.open(withQuery('/config_dump', eds)))
  }

  private streamed(answer: OpenAnswer): ByteStream {
    return {chunks: answer.chunks(), deadline: this.deadline}
  }

  /** A GET whose body is left unread; unless `anyStatus`, a status but 200 is an error, with the body's first line. */
  private async open(path: string, anyStatus = false): Promise<OpenAnswer> {
    const what = `${pathOnly(path)} from ${this.endpoint.origin}`
    this.deadline.check(what)
    const started = Date.now()
    progress.step(`waiting for ${what}`)
    let response: {status: number; headers: Record<string, unknown>; data: Readable}
    try {
      const axios = await loadAxios()
      response = await axios.request<Readable>({
        ...this.requestOptions('GET', path),
        responseType: 'stream',
        // The body is counted and capped as it streams; Content-Length alone can lie.
        decompress: false,
      })
    } catch (error) {
      debugLog(`GET ${this.endpoint.origin} ${path}: ${(error as AxiosError).code ?? ''} ${(error as Error).message}`)
      throw this.describe(error as AxiosError, what)
    }
    const declared = Number(response.headers['content-length'])
    const body = response.data
    if (Number.isFinite(declared) && declared > this.limit.bytes) {
      body.destroy()
      throw this.limit.error(`Envoy admin at ${this.endpoint.origin}: the answer for ${pathOnly(path)}`)
    }
    const answer = new OpenAnswer(response.status, body, {
      describe: (error) => this.describe(error as AxiosError, what),
      progress: (n) => progress.step(`downloading ${pathOnly(path)} from ${this.endpoint.origin} (${(n / 1e6).toFixed(1)} MB)`),
      done: (n) => debugLog(`GET ${this.endpoint.origin} ${path}: ${response.status}, ${n} bytes in ${Date.now() - started} ms`),
    })
    if (response.status !== 200 && !anyStatus) {
      const detail = firstLine((await answer.peek(4096)).toString('utf8'))
      body.destroy()
      throw new UserError(`Envoy admin at ${this.endpoint.origin} answered ${response.status} for ${path}${detail ? `: ${detail}` : ''}`)
    }
    answer.limit = {bytes: this.limit.bytes, error: () => this.limit.error(`Envoy admin at ${this.endpoint.origin}: the answer for ${pathOnly(path)}`)}
    return answer
  }

  /**
   * The narrowest request that answers `request`. Envoys that reject or ignore
   * `mask=` get the full dump instead, which every consumer can read just as well.
   */
  async read(request: DumpRequest): Promise<Buffer> {
    return collect((await this.stream(request)).chunks, `Envoy admin at ${this.endpoint.origin}`)
  }

  /** `POST /logging[?query]`: Envoy answers with the list of loggers and their levels. */
  async logging(query?: string): Promise<string> {
    const body = await this.fetch('POST', withQuery('/logging', query ? [query] : []))
    return body.toString('utf8')
  }

  /** A request whose only acceptable answer is 200. */
  async fetch(method: 'GET' | 'POST', path: string): Promise<Buffer> {
    const reply = await this.call(method, path)
    if (reply.status !== 200) {
      const detail = firstLine(reply.body.toString('utf8'))
      throw new UserError(`Envoy admin at ${this.endpoint.origin} answered ${reply.status} for ${path}${detail ? `: ${detail}` : ''}`)
    }
    return reply.body
  }

  close(): void {
    this.httpAgent.destroy()
    this.httpsAgent.destroy()
  }

  /** What every admin request shares: any status is an answer, the deadline aborts it, no redirects. */
  private requestOptions(method: 'GET' | 'POST', path: string) {
    return {
      method,
      url: this.endpoint.baseUrl + path,
      validateStatus: () => true,
      signal: this.deadline.signal,
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      // HTTP_PROXY must not capture a request to our own tunnel on 127.0.0.1.
      proxy: false as const,
      maxRedirects: 0,
    }
  }

  private async call(method: 'GET' | 'POST', path: string): Promise<Reply> {
    const what = `${pathOnly(path)} from ${this.endpoint.origin}`
    this.deadline.check(what)
    const started = Date.now()
    progress.step(`waiting for ${what}`)
    try {
      const axios = await loadAxios()
      const response = await axios.request<ArrayBuffer>({
        ...this.requestOptions(method, path),
        responseType: 'arraybuffer',
        onDownloadProgress: (e) => progress.step(`downloading ${pathOnly(path)} from ${this.endpoint.origin} (${(e.loaded / 1e6).toFixed(1)} MB)`),
      })
      const body = Buffer.from(response.data)
      debugLog(`${method} ${this.endpoint.origin} ${path}: ${response.status}, ${body.length} bytes in ${Date.now() - started} ms`)
      return {status: response.status, body}
    } catch (error) {
      debugLog(`${method} ${this.endpoint.origin} ${path}: ${(error as AxiosError).code ?? ''} ${(error as Error).message}`)
      throw this.describe(error as AxiosError, what)
    }
  }

  private describe(error: AxiosError, what: string): UserError {
    if (this.deadline.stopped) return this.deadline.failure(what)
    const explained = this.endpoint.explainBrokenConnection?.()
    if (explained) return explained
    if (error.code === 'ECONNREFUSED') return new UserError(`cannot reach Envoy admin at ${this.endpoint.origin}: connection refused`)
    if (error.code === 'ENOTFOUND') return new UserError(`cannot reach Envoy admin at ${this.endpoint.origin}: host not found`)
    return new UserError(`request for ${what} failed: ${error.message}`)
  }
}

function withQuery(path: string, params: readonly string[]): string {
  return params.length === 0 ? path : `${path}?${params.join('&')}`
}

function pathOnly(path: string): string {
  const q = path.indexOf('?')
  return q < 0 ? path : path.slice(0, q)
}

/**
 * What an Envoy that honoured `mask=` sends: a JSON object opening with its
 * `configs` list. Only the head is looked at: the body may be far larger than any
 * string (the full parse follows anyway and reports real damage precisely).
 */
function looksLikeConfigDump(body: Buffer): boolean {
  const head = body.subarray(0, 256)
  return /^\{\s*"configs"\s*:\s*\[/.test(head.toString('utf8', skipSpace(head, bomLength(head))))
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? ''
  )
}

/** An answer whose body is still arriving: its start can be looked at, then the whole body read as it streams. */
class OpenAnswer {
  private readonly head: Buffer[] = []
  private readonly reader: BodyReader
  limit: {bytes: number; error: () => UserError} | undefined

  constructor(
    readonly status: number,
    readonly body: Readable,
    private readonly on: {describe(error: unknown): UserError; progress(bytes: number): void; done(bytes: number): void},
  ) {
    this.reader = new BodyReader(body)
  }

  /** At least the first `bytes` bytes (fewer if the body is shorter), kept for `chunks`. */
  async peek(bytes: number): Promise<Buffer> {
    let have = this.head.reduce((n, b) => n + b.length, 0)
    while (have < bytes) {
      const next = await this.take()
      if (next === undefined) break
      // The reader reuses its buffer.
      this.head.push(Buffer.from(next))
      have += next.length
    }
    return Buffer.concat(this.head)
  }

  async *chunks(): AsyncGenerator<Buffer> {
    let total = 0
    try {
      for (let chunk = await this.next(); chunk !== undefined; chunk = await this.next()) {
        total += chunk.length
        if (this.limit && total > this.limit.bytes) throw this.limit.error()
        this.on.progress(total)
        yield chunk
      }
      this.on.done(total)
    } finally {
      this.body.destroy()
      progress.done()
    }
  }

  private async next(): Promise<Buffer | undefined> {
    return this.head.shift() ?? (await this.take())
  }

  private async take(): Promise<Buffer | undefined> {
    try {
      return await this.reader.take()
    } catch (error) {
      throw this.on.describe(error)
    }
  }
}
