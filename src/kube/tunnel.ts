import http from 'node:http'
import net from 'node:net'
import {PassThrough, Writable} from 'node:stream'

import {debugLog} from '../core/debug.js'
import {UserError} from '../core/errors.js'
import {credentialsRejected} from './api.js'
import {KubeConfig, PortForward} from './client.js'
import {type KubeTarget, impersonate} from './config.js'
import type {PodRef} from './pods.js'

type WebSocket = Extract<Awaited<ReturnType<PortForward['portForward']>>, {terminate(): void}>

/**
 * The port-forward upgrades of one command, to any number of pods: one copy of the
 * kubeconfig, its credentials and TLS material read once, and one HTTP agent for
 * every WebSocket, so a fleet of pods costs one credential lookup and its TLS
 * sessions are resumed instead of negotiated afresh for each pod.
 */
export class PortForwarder {
  private readonly kc = new UpgradeOptionsCache()
  private readonly forwarder: PortForward

  constructor(readonly target: KubeTarget) {
    const source = target.config
    this.kc.loadFromOptions({clusters: source.getClusters(), users: source.getUsers(), contexts: source.getContexts(), currentContext: source.getCurrentContext()})
    if (target.impersonate) impersonate(this.kc, target.impersonate)
    this.forwarder = new PortForward(this.kc)
  }

  /** A local listener forwarding to `port` of `pod`, sharing this forwarder's credentials and agent. */
  tunnel(pod: PodRef, port: number): Promise<PortForwardTunnel> {
    return PortForwardTunnel.through(this, pod, port)
  }

  portForward(...args: Parameters<PortForward['portForward']>): ReturnType<PortForward['portForward']> {
    return this.forwarder.portForward(...args)
  }

  /** Aborts every upgrade still pending: only the agent behind them can. */
  close(): void {
    this.kc.close()
  }
}

/**
 * Works out the upgrade's options (headers, TLS files, agent) once and hands each
 * WebSocket a copy; the client library would otherwise re-read the credential files
 * and build a new agent for every connection.
 */
class UpgradeOptionsCache extends KubeConfig {
  private options: Promise<Record<string, unknown>> | undefined
  private agent: http.Agent | undefined
  private closed = false

  close(): void {
    this.closed = true
    this.agent?.destroy()
  }

  override async applyToHTTPSOptions(opts: Parameters<KubeConfig['applyToHTTPSOptions']>[0]): Promise<void> {
    this.options ??= this.firstOptions().catch((error: unknown) => {
      // A failed credential lookup (an exec plugin that timed out) is tried again by the next pod.
      this.options = undefined
      throw error
    })
    const options = await this.options
    // An upgrade that would start after close() could not be aborted any more.
    if (this.closed) throw new Error('the port-forward was closed')
    const headers = options.headers as Record<string, unknown> | undefined
    Object.assign(opts, options, headers ? {headers: {...headers}} : {})
  }

  private async firstOptions(): Promise<Record<string, unknown>> {
    const opts: Parameters<KubeConfig['applyToHTTPSOptions']>[0] = {}
    await super.applyToHTTPSOptions(opts)
    const {agent} = opts as {agent?: unknown}
    if (agent instanceof http.Agent) this.agent = agent
    return opts as Record<string, unknown>
  }
}

/**
 * `kubectl port-forward` for one pod port, as a local listener on 127.0.0.1. Every
 * accepted connection gets its own port-forward WebSocket through the API server.
 *
 * The client library's PortForward is used as is; what it gets wrong is handled
 * around it: an upgrade refused with 401/403/404 surfaces as a bare ErrorEvent, so it
 * is turned into a message here; it never ends the local socket when the WebSocket
 * closes, so we do; it closes the WebSocket as soon as its input ends, so the input is
 * a stream we end only once the local socket is fully closed; it attaches no error
 * handlers and ignores back-pressure, so both are added here; and retries are off,
 * because a retried stream keeps the next port prefix in the data.
 */
export class PortForwardTunnel {
  private readonly sockets = new Set<net.Socket>()
  private readonly webSockets = new Set<WebSocket>()
  private lastFailure: UserError | undefined
  private closed = false
  private ownsForwarder = false

  private constructor(
    private readonly server: net.Server,
    private readonly forwarder: PortForwarder,
    private readonly pod: PodRef,
    private readonly port: number,
  ) {
    server.on('connection', (socket) => this.forward(socket))
  }

  /** A tunnel with a forwarder of its own, closed with it. */
  static async open(target: KubeTarget, pod: PodRef, port: number): Promise<PortForwardTunnel> {
    const forwarder = new PortForwarder(target)
    try {
      const tunnel = await PortForwardTunnel.through(forwarder, pod, port)
      tunnel.ownsForwarder = true
      return tunnel
    } catch (error) {
      forwarder.close()
      throw error
    }
  }

  static async through(forwarder: PortForwarder, pod: PodRef, port: number): Promise<PortForwardTunnel> {
    // Half-open sockets let a client that ends its request side still read the answer.
    const server = net.createServer({allowHalfOpen: true})
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) => reject(new UserError(`cannot open a local port for the port-forward: ${error.message}`)))
      // Loopback only: the tunnel carries Envoy's admin API, which must not be reachable from other hosts.
      server.listen(0, '127.0.0.1', () => resolve())
    })
    return new PortForwardTunnel(server, forwarder, pod, port)
  }

  get localPort(): number {
    return (this.server.address() as net.AddressInfo).port
  }

  /** Why the latest forwarded connection broke, when the tunnel knows better than the HTTP client. */
  failure(): UserError | undefined {
    return this.lastFailure
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const ws of this.webSockets) ws.terminate()
    // A shared forwarder's pending upgrades end with the forwarder; one that opens later is terminated on arrival.
    if (this.ownsForwarder) this.forwarder.close()
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private forward(socket: net.Socket): void {
    this.lastFailure = undefined
    this.sockets.add(socket)
    // The HTTP client reports its own connection errors; the tunnel only has to survive them.
    socket.on('error', () => {})
    const input = new PassThrough()
    socket.pipe(input, {end: false})
    const errorChannel: Buffer[] = []
    const errors = new Writable({
      write(chunk: Buffer, _encoding, done) {
        errorChannel.push(chunk)
        done()
      },
    })
    let ws: WebSocket | undefined
    socket.on('close', () => {
      this.sockets.delete(socket)
      ws?.resume()
      input.end()
    })

    this.forwarder.portForward(this.pod.namespace, this.pod.name, [this.port], socket, errors, input, 0).then(
      (opened) => {
        ws = opened as WebSocket
        if (this.closed) {
          ws.terminate()
          return
        }
        this.track(ws, socket, errorChannel)
      },
      (error: unknown) => {
        debugLog(`port-forward to ${this.podName}:${this.port} refused: ${(error as {message?: string})?.message ?? String(error)}`)
        if (!this.closed) this.lastFailure = this.refused(error)
        socket.destroy()
      },
    )
  }

  private track(ws: WebSocket, socket: net.Socket, errorChannel: Buffer[]): void {
    this.webSockets.add(ws)
    debugLog(`port-forward to ${this.podName}:${this.port} open (${ws.protocol})`)
    ws.on('error', () => {})
    ws.on('close', (code: number) => {
      this.webSockets.delete(ws)
      const text = Buffer.concat(errorChannel).toString('utf8').trim()
      debugLog(`port-forward to ${this.podName}:${this.port} closed (${code})${text ? `: ${text}` : ''}`)
      if (text !== '') this.lastFailure = this.forwardingFailed(text)
      socket.end()
    })
    // The library writes each message to the socket regardless of its buffer; pausing the WebSocket until the socket drains bounds memory on large dumps.
    let paused = false
    ws.on('message', () => {
      if (paused || !socket.writableNeedDrain) return
      paused = true
      ws.pause()
      socket.once('drain', () => {
        paused = false
        ws.resume()
      })
    })
  }

  private get podName(): string {
    return `pod ${this.pod.name}.${this.pod.namespace}`
  }

  /** The upgrade was refused or never happened; the library only leaves `Unexpected server response: <code>`. */
  private refused(error: unknown): UserError {
    const message = (error as {message?: unknown})?.message
    const text = typeof message === 'string' ? message : String(error)
    const status = /Unexpected server response: (\d+)/.exec(text)?.[1]
    const {namespace} = this.pod
    switch (status) {
      case undefined:
        return new UserError(`cannot open a port-forward to ${this.podName} through ${this.forwarder.target.server}: ${text}`)
      case '401':
        return credentialsRejected(this.forwarder.target)
      case '403':
        return new UserError(
          `not allowed to port-forward to ${this.podName}: the API server answered 403 Forbidden; the user of context "${this.forwarder.target.context}" needs permission to "create pods/portforward" in namespace "${namespace}"`,
        )
      case '404':
        return new UserError(`port-forward to ${this.podName} failed: the API server answered 404 Not Found (was the pod just deleted?)`)
      default:
        return new UserError(`port-forward to ${this.podName} failed: the API server answered ${status}`)
    }
  }

  /** The kubelet reports a failed dial on the error channel, as plain text or as `{"message": …}`. */
  private forwardingFailed(text: string): UserError {
    const message = channelMessage(text)
    if (/connection refused/i.test(message)) {
      return new UserError(`nothing is listening on port ${this.port} in ${this.podName} (is this a pod with an Envoy sidecar? check --proxy-admin-port)`)
    }
    return new UserError(`port-forward to port ${this.port} of ${this.podName} failed: ${message.split('\n')[0]}`)
  }
}

function channelMessage(text: string): string {
  try {
    const value: unknown = JSON.parse(text)
    const message = (value as {message?: unknown} | null)?.message
    if (typeof message === 'string') return message
  } catch {
    // Older kubelets send the bare text.
  }
  return text
}
