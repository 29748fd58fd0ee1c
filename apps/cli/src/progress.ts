// One self-overwriting status line on stderr, for long work on a terminal
// (minimize, bench, large point files). Off the terminal it writes nothing,
// so logs and pipes stay clean; updates are throttled so a fast loop does not
// spend its time redrawing.

import type { Stream } from './io.js'

export class Progress {
  private last = Number.NEGATIVE_INFINITY
  private shown = false

  constructor(
    private readonly stream: Stream,
    private readonly now: () => number,
    private readonly intervalMs = 80,
  ) {}

  get enabled(): boolean {
    return this.stream.isTTY
  }

  /** Redraws the line with `text()` unless it was drawn less than the interval ago. */
  update(text: () => string, force = false): void {
    if (!this.stream.isTTY) return
    const t = this.now()
    if (!force && t - this.last < this.intervalMs) return
    this.last = t
    this.shown = true
    // \r to the line start, \x1b[K clears what a longer previous line left behind.
    this.stream.write(`\r${text()}\x1b[K`)
  }

  /** Clears the line, so the final output starts on a clean row. */
  done(): void {
    if (!this.shown) return
    this.stream.write('\r\x1b[K')
    this.shown = false
  }
}
