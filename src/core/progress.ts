import {clearStatus, drawStatus} from './terminal.js'

/**
 * A one-line spinner on stderr saying what a live fetch is waiting for. Only for a
 * person watching: stderr must be a terminal and NO_COLOR unset (stdout may be a
 * pipe: `proxy-config cluster pod | grep reviews` still shows what it waits for),
 * and a step must have taken longer than 300 ms, so quick commands never flicker.
 */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
const DELAY_MS = 300
const FRAME_MS = 80

class Progress {
  private text = ''
  private since = 0
  private frame = 0
  private shown = false
  private timer: NodeJS.Timeout | undefined

  private get enabled(): boolean {
    return progressWanted(process.stderr, process.env)
  }

  /** Says what we are waiting for now; the same text again only refreshes it (download counters). */
  step(text: string): void {
    if (!this.enabled) return
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.draw(), FRAME_MS)
      // The spinner alone must never keep the process alive.
      this.timer.unref()
    }
    if (!text.startsWith(this.text.split(' (')[0]) || this.text === '') this.since = Date.now()
    this.text = text
  }

  done(): void {
    if (this.timer !== undefined) clearInterval(this.timer)
    this.timer = undefined
    if (this.shown) clearStatus()
    this.shown = false
    this.text = ''
  }

  private draw(): void {
    if (this.text === '' || Date.now() - this.since < DELAY_MS) return
    this.frame = (this.frame + 1) % FRAMES.length
    // The last column stays free: a full line would wrap, and the next redraw could not clear it.
    // A terminal that reports no size (0 columns) gets the usual 80.
    const width = (process.stderr.columns || 80) - 1
    drawStatus(`${FRAMES[this.frame]} ${this.text}`, width)
    this.shown = true
  }
}

/** Whether someone can see a spinner on `stderr`; whatever stdout is connected to does not matter. */
export function progressWanted(stderr: {isTTY?: boolean}, env: NodeJS.ProcessEnv): boolean {
  return stderr.isTTY === true && !env.NO_COLOR
}

export const progress = new Progress()
