// Gradient descent from the current point, animated on the plot. core's
// `minimize` runs the whole descent (it stops on convergence, divergence or
// the iteration cap); the animation then reveals its trajectory iterate by
// iterate and ends with minimize's own verdict.

import type { App, State } from '../app.ts'
import { DEFAULT_LR, DESCENT_MAX_ITER, type DescentOptions, descend, type MinimizeResult } from '../core.ts'
import { byId } from '../dom.ts'
import { fmt, fmtPoint } from '../format.ts'
import { type Lang, t } from '../i18n.ts'
import type { Overlay } from '../plots/overlay.ts'
import type { PlotView } from './plot.ts'

/** Whatever its length, a run plays in about three seconds. */
const PLAY_FRAMES = 180

interface DescentControls {
  readonly method: HTMLSelectElement
  readonly rate: HTMLInputElement
  readonly iterations: HTMLInputElement
  readonly stepButton: HTMLButtonElement
  readonly playButton: HTMLButtonElement
  readonly resetButton: HTMLButtonElement
  readonly status: HTMLElement
}

export function mountDescent(app: App, plot: PlotView): void {
  const controls: DescentControls = {
    method: byId<HTMLSelectElement>('descent-method'),
    rate: byId<HTMLInputElement>('descent-lr'),
    iterations: byId<HTMLInputElement>('descent-iter'),
    stepButton: byId<HTMLButtonElement>('descent-step'),
    playButton: byId<HTMLButtonElement>('descent-play'),
    resetButton: byId<HTMLButtonElement>('descent-reset'),
    status: byId('descent-status'),
  }
  const descent = new Descent(app, controls)
  plot.onRedraw((overlay) => descent.attach(overlay))
  controls.stepButton.addEventListener('click', () => descent.step())
  controls.playButton.addEventListener('click', () => descent.togglePlay())
  controls.resetButton.addEventListener('click', () => descent.reset())
  // A new start point or new settings make a new run.
  controls.iterations.max = String(DESCENT_MAX_ITER)
  // Until the rate is typed, each method starts at its own rate that converges on the shown examples.
  let rateTyped = false
  controls.method.addEventListener('change', () => {
    if (!rateTyped)
      controls.rate.value = String(DEFAULT_LR[controls.method.value as DescentOptions['method']])
    descent.reset()
  })
  controls.rate.addEventListener('input', () => {
    rateTyped = true
    descent.reset()
  })
  controls.iterations.addEventListener('input', () => descent.reset())
  app.subscribe((state, changed) => {
    if (changed.has('model') || changed.has('point') || changed.has('backend')) descent.reset()
    if (changed.has('lang')) descent.relabel(state)
  })
}

/** One descent run and how much of its trajectory is shown; null until the first step or play. */
class Descent {
  private run: MinimizeResult | null = null
  private shown = 0
  private overlay: Overlay | null = null
  /** The pending animation frame's id, 0 when not playing. */
  private playing = 0

  constructor(
    private readonly app: App,
    private readonly controls: DescentControls,
  ) {}

  attach(overlay: Overlay | null): void {
    this.overlay = overlay
    this.draw()
  }

  step(): void {
    this.stop()
    this.advance(1)
  }

  togglePlay(): void {
    if (this.playing) {
      this.stop()
      return
    }
    if (!this.ensureRun()) return
    if (this.shown >= this.last()) this.shown = 0
    const stride = Math.max(1, Math.ceil(this.last() / PLAY_FRAMES))
    this.labelPlay('pause', 'true')
    const tick = () => {
      this.advance(stride)
      if (this.playing) this.playing = requestAnimationFrame(tick)
    }
    this.playing = requestAnimationFrame(tick)
  }

  reset(): void {
    this.stop()
    this.run = null
    this.shown = 0
    this.draw()
  }

  /** The language changed: the play button's label and the status follow it. */
  relabel(state: State): void {
    this.controls.playButton.textContent = t(state.lang, this.playing ? 'pause' : 'play')
    this.renderStatus(state)
  }

  /** Runs minimize from the current point if there is no run yet; false when it cannot start. */
  private ensureRun(): boolean {
    const { model, problem, point, backend } = this.app.state
    if (this.run) return true
    if (!model || problem || model.variables.length === 0) return false
    const opts = readOptions(this.controls)
    if (typeof opts === 'string') {
      this.controls.status.textContent = t(this.app.state.lang, opts)
      return false
    }
    this.run = descend(model, backend, point, opts)
    this.shown = 0
    return true
  }

  private last(): number {
    return this.run ? this.run.trajectory.length - 1 : 0
  }

  private advance(by: number): void {
    if (!this.ensureRun()) {
      this.stop()
      return
    }
    this.shown = Math.min(this.shown + by, this.last())
    this.draw()
    if (this.shown >= this.last()) this.stop()
  }

  private stop(): void {
    cancelAnimationFrame(this.playing)
    this.playing = 0
    this.labelPlay('play', 'false')
  }

  private labelPlay(label: 'play' | 'pause', pressed: 'true' | 'false'): void {
    this.controls.playButton.textContent = t(this.app.state.lang, label)
    this.controls.playButton.setAttribute('aria-pressed', pressed)
  }

  private draw(): void {
    this.overlay?.draw(this.run?.trajectory ?? [], this.run ? this.shown : -1)
    this.renderStatus(this.app.state)
  }

  private renderStatus({ lang, model }: State): void {
    const { status } = this.controls
    status.replaceChildren()
    delete status.dataset.status
    if (!this.run || !model) return
    const it = this.run.trajectory[this.shown]
    status.dataset.x = it.x.join(',')
    if (this.shown >= this.last()) status.dataset.status = this.run.status
    status.textContent = statusText(
      this.run,
      this.shown,
      this.last(),
      lang,
      fmtPoint(model.variables, it.x),
      Number(this.controls.rate.value),
    )
  }
}

/** The settings as typed, or which of them is not a usable number. */
function readOptions({
  method,
  rate,
  iterations,
}: DescentControls): DescentOptions | 'badRate' | 'badIterations' {
  const lr = Number(rate.value)
  if (rate.value === '' || !(lr > 0) || !Number.isFinite(lr)) return 'badRate'
  const maxIter = Number(iterations.value)
  if (iterations.value === '' || !Number.isInteger(maxIter) || maxIter < 1 || maxIter > DESCENT_MAX_ITER)
    return 'badIterations'
  return { method: method.value as DescentOptions['method'], lr, maxIter }
}

/** The iterate shown, or once the whole trajectory is shown, minimize's verdict. */
function statusText(
  run: MinimizeResult,
  shown: number,
  last: number,
  lang: Lang,
  point: string,
  lr: number,
): string {
  const value = fmt(run.trajectory[shown].value)
  if (shown < last) return t(lang, 'descentIteration', { i: shown, value, point })
  const n = run.iterations
  return run.status === 'converged'
    ? t(lang, 'descentConverged', { n, value, point })
    : run.status === 'diverged'
      ? t(lang, 'descentDiverged', { n: n + 1, smaller: fmt(Number((lr / 10).toPrecision(3))) })
      : run.status === 'line-search-failed'
        ? t(lang, 'descentLineSearch', { n, value, point })
        : t(lang, 'descentMaxIter', { n, value, point })
}
