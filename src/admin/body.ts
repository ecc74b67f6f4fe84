import {type Readable, finished} from 'node:stream'

/**
 * Received bytes held beyond this pause the socket until the reader has taken them:
 * TCP then holds the sender back, so a slow reader never makes the body pile up here.
 */
const QUEUE_LIMIT = 4 * 1024 * 1024

/**
 * A response body taken as it arrives, all that is waiting at once. Async iteration
 * over the response costs a few promises per socket chunk (16-64 KiB) and
 * concatenates the chunks that queued meanwhile into a fresh buffer: on a config dump
 * of hundreds of MB that was the largest cost of a live fetch besides the scan itself.
 * Here the socket's chunks are queued by 'data' events and handed on as they are.
 */
export class BodyReader {
  private readonly queue: Buffer[] = []
  private queued = 0
  private ended: {error: unknown} | undefined
  private wake: (() => void) | undefined

  constructor(private readonly body: Readable) {
    body.on('data', (chunk: Buffer) => {
      this.queue.push(chunk)
      this.queued += chunk.length
      if (this.queued >= QUEUE_LIMIT) body.pause()
      this.notify()
    })
    // Reports a connection that broke before the end too, which 'end' alone never would.
    finished(body, (error) => {
      this.ended = {error}
      this.notify()
    })
  }

  /**
   * The chunks that arrived since the last call, in order, at least one; none once the
   * body has ended. A body that broke throws, after the chunks that came before.
   */
  async take(): Promise<Buffer[]> {
    while (this.queue.length === 0 && this.ended === undefined) await new Promise<void>((resolve) => (this.wake = resolve))
    if (this.queue.length === 0) {
      if (this.ended?.error) throw this.ended.error
      return []
    }
    const taken = this.queue.splice(0)
    this.queued = 0
    if (this.body.isPaused()) this.body.resume()
    return taken
  }

  private notify(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }
}
