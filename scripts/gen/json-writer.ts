import {once} from 'node:events'
import type {Writable} from 'node:stream'

/**
 * Streaming JSON writer. Containers are opened and closed explicitly; leaf values
 * (whole resources) go through JSON.stringify, re-indented to their depth, which
 * reproduces JSON.stringify(whole, null, indent) byte for byte: Envoy's layout with
 * indent 1, minified with indent 0.
 */
export class JsonStreamWriter {
  /** Bytes handed to the stream so far. */
  bytes = 0
  private readonly newline: string
  private readonly colon: string
  private buf = ''
  /** Members written so far in each open container, outermost first. */
  private readonly counts = [0]
  private readonly pads = ['']

  constructor(
    private readonly out: Writable,
    private readonly indent: number,
  ) {
    this.newline = indent ? '\n' : ''
    this.colon = indent ? ': ' : ':'
  }

  open(key: string | undefined, bracket: '{' | '['): void {
    this.member(key)
    this.buf += bracket
    this.counts.push(0)
  }

  close(bracket: '}' | ']'): void {
    const n = this.counts.pop()
    this.buf += (n ? this.newline + this.pad(this.counts.length - 1) : '') + bracket
  }

  value(key: string | undefined, v: unknown): void {
    this.member(key)
    const depth = this.counts.length - 1
    const text = this.indent ? JSON.stringify(v, null, this.indent) : JSON.stringify(v)
    this.buf += this.indent && depth ? text.replaceAll('\n', `\n${this.pad(depth)}`) : text
  }

  /**
   * Called between resources: hands ~1 MiB chunks to the stream and waits when
   * the stream's buffer is full.
   */
  async flush(force = false): Promise<void> {
    if (!force && this.buf.length < 1 << 20) return
    const chunk = this.buf
    this.buf = ''
    this.bytes += Buffer.byteLength(chunk)
    if (!this.out.write(chunk)) await once(this.out, 'drain')
  }

  async end(): Promise<void> {
    this.buf += this.newline
    await this.flush(true)
  }

  private pad(depth: number): string {
    this.pads[depth] ??= ' '.repeat(depth * this.indent)
    return this.pads[depth]
  }

  private member(key: string | undefined): void {
    const depth = this.counts.length - 1
    if (depth === 0) return
    const n = this.counts[depth]++
    this.buf += (n ? ',' : '') + this.newline + this.pad(depth) + (key === undefined ? '' : JSON.stringify(key) + this.colon)
  }
}
