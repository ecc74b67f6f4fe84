import {type Readable, finished} from 'node:stream'

/** The reader is woken once this much has arrived (or the body ended): socket chunks are only 16-64 KiB. */
const BATCH_BYTES = 1024 * 1024

/**
 * Received bytes held beyond this pause the socket until the reader has taken them:
 * TCP then holds the sender back, so a slow reader never makes the body pile up here.
 */
const QUEUE_LIMIT = 4 * 1024 * 1024

/**
 * A response body taken as it arrives, about a megabyte at a time. Async iteration
 * over the response costs a few promises per socket chunk (16-64 KiB) and
 * concatenates the chunks that queued meanwhile into a fresh buffer; a scan fed
 * chunk by chunk pays its own fixed cost per chunk too. On a config dump of hundreds
 * of MB those were the largest costs of a live fetch besides the scan itself. Here
 * 'data' events queue the socket's chunks and the reader is woken once a batch has
 * arrived, which is copied into one buffer that is reused for the next batch.
 */
export class BodyReader {
  private readonly queue: Buffer[] = []
  private queued = 0
  private ended: {error: unknown} | undefined
  private wake: (() => void) | undefined
  private batch = Buffer.alloc(0)

  constructor(private readonly body: Readable) {
    body.on('data', (chunk: Buffer) => {
      this.queue.push(chunk)
      this.queued += chunk.length
      if (this.queued >= QUEUE_LIMIT) body.pause()
      if (this.queued >= BATCH_BYTES) this.notify()
    })
    // Reports a connection that broke before the end too, which 'end' alone never would.
    finished(body, (error) => {
      this.ended = {error}
      this.notify()
    })
  }

  /**
   * The bytes that arrived since the last call, in order: at least a batch, unless
   * the body ended first; undefined once it has ended. Valid until the next call (the
   * buffer is reused). A body that broke throws, after the bytes that came before.
   */
  async take(): Promise<Buffer | undefined> {
    while (this.queued < BATCH_BYTES && this.ended === undefined) await new Promise<void>((resolve) => (this.wake = resolve))
    if (this.queue.length === 0) {
      if (this.ended?.error) throw this.ended.error
      return undefined
    }
    const taken = this.queue.length === 1 ? this.queue[0] : this.joined()
    this.queue.length = 0
    this.queued = 0
    if (this.body.isPaused()) this.body.resume()
    return taken
  }

  private joined(): Buffer {
    if (this.batch.length < this.queued) this.batch = Buffer.allocUnsafe(Math.max(this.queued, BATCH_BYTES))
    let at = 0
    for (const chunk of this.queue) at += chunk.copy(this.batch, at)
    return this.batch.subarray(0, at)
  }

  private notify(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }
}
