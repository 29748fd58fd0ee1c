// The controls both step-throughs share (the reverse sweep's and the forward
// sweep's): Previous, Next, and Play, which presses Next on a timer until the
// last step. The index runs from -1 (not started) through the steps to
// `count` (the total shown after the last step).

import type { App } from '../app.ts'
import { t } from '../i18n.ts'

const PLAY_MS = 1100

export interface StepButtons {
  readonly prev: HTMLButtonElement
  readonly next: HTMLButtonElement
  readonly play: HTMLButtonElement
}

export interface Stepper {
  /** -1 before the first step, count() at the total. */
  index(): number
  /** Goes to step `i`, clamped to [-1, count()], and redraws. */
  go(i: number): void
  /** Back to before the first step (a new expression), without redrawing. */
  reset(): void
  stop(): void
}

/** `count` is the number of steps, null while there are none to take (no expression). */
export function stepper(app: App, b: StepButtons, count: () => number | null, render: () => void): Stepper {
  let index = -1
  let timer: ReturnType<typeof setInterval> | undefined

  const go = (to: number) => {
    const n = count()
    if (n === null) return
    index = Math.max(-1, Math.min(to, n))
    render()
  }

  function stop(): void {
    clearInterval(timer)
    timer = undefined
    b.play.textContent = t(app.state.lang, 'play')
    b.play.setAttribute('aria-pressed', 'false')
  }

  function play(): void {
    if (timer !== undefined) {
      stop()
      return
    }
    const n = count()
    if (n === null) return
    if (index >= n) index = -1
    b.play.textContent = t(app.state.lang, 'pause')
    b.play.setAttribute('aria-pressed', 'true')
    const tick = () => {
      go(index + 1)
      if (index >= (count() ?? -1)) stop()
    }
    tick()
    timer = setInterval(tick, PLAY_MS)
  }

  b.prev.addEventListener('click', () => {
    stop()
    go(index - 1)
  })
  b.next.addEventListener('click', () => {
    stop()
    go(index + 1)
  })
  b.play.addEventListener('click', play)
  app.subscribe((state, changed) => {
    if (changed.has('lang')) b.play.textContent = t(state.lang, timer !== undefined ? 'pause' : 'play')
  })
  return {
    index: () => index,
    go,
    reset() {
      stop()
      index = -1
    },
    stop,
  }
}

/** Disables Previous before the first step and Next at the total; says which of the three states it is. */
export function showProgress(
  counter: HTMLElement,
  b: StepButtons,
  index: number,
  n: number | null,
  say: { idle: string; step: string; done: string },
): void {
  const steps = n ?? 0
  b.prev.disabled = index < 0
  b.next.disabled = n === null || index >= steps
  counter.textContent = index < 0 ? say.idle : index < steps ? say.step : say.done
  counter.dataset.state = index < 0 ? 'idle' : index < steps ? 'step' : 'done'
}
