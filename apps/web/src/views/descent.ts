// Gradient descent from the current point, animated on the plot. core's
// `minimize` runs the whole descent (it stops on convergence, divergence or
// the iteration cap); the animation then reveals its trajectory iterate by
// iterate and ends with minimize's own verdict.

import type { App, State } from '../app.ts'
import { type DescentOptions, descend, type MinimizeResult } from '../core.ts'
import { byId } from '../dom.ts'
import { fmt, fmtPoint } from '../format.ts'
import { t } from '../i18n.ts'
import type { Overlay } from '../plots/overlay.ts'
import type { PlotView } from './plot.ts'

/** Whatever its length, a run plays in about three seconds. */
const PLAY_FRAMES = 180

export function mountDescent(app: App, plot: PlotView): void {
  const method = byId<HTMLSelectElement>('descent-method')
  const rate = byId<HTMLInputElement>('descent-lr')
  const stepButton = byId<HTMLButtonElement>('descent-step')
  const playButton = byId<HTMLButtonElement>('descent-play')
  const resetButton = byId<HTMLButtonElement>('descent-reset')
  const status = byId('descent-status')
  let run: MinimizeResult | null = null
  let shown = 0
  let overlay: Overlay | null = null
  let playing = 0

  plot.onRedraw((o) => {
    overlay = o
    draw()
  })

  const options = (): DescentOptions | null => {
    const lr = Number(rate.value)
    if (rate.value === '' || !(lr > 0) || !Number.isFinite(lr)) return null
    return { method: method.value as DescentOptions['method'], lr }
  }

  /** Runs minimize from the current point if there is no run yet; false when it cannot start. */
  const ensureRun = (): boolean => {
    const { model, problem, point, backend } = app.state
    if (run) return true
    if (!model || problem || model.variables.length === 0) return false
    const opts = options()
    if (!opts) {
      status.textContent = t(app.state.lang, 'badRate')
      return false
    }
    run = descend(model, backend, point, opts)
    shown = 0
    return true
  }

  const last = () => (run ? run.trajectory.length - 1 : 0)

  const advance = (by: number) => {
    if (!ensureRun()) {
      stop()
      return
    }
    shown = Math.min(shown + by, last())
    draw()
    if (shown >= last()) stop()
  }

  function play(): void {
    if (playing) {
      stop()
      return
    }
    if (!ensureRun()) return
    if (shown >= last()) shown = 0
    const stride = Math.max(1, Math.ceil(last() / PLAY_FRAMES))
    playButton.textContent = t(app.state.lang, 'pause')
    playButton.setAttribute('aria-pressed', 'true')
    const tick = () => {
      advance(stride)
      if (playing) playing = requestAnimationFrame(tick)
    }
    playing = requestAnimationFrame(tick)
  }

  function stop(): void {
    cancelAnimationFrame(playing)
    playing = 0
    playButton.textContent = t(app.state.lang, 'play')
    playButton.setAttribute('aria-pressed', 'false')
  }

  function reset(): void {
    stop()
    run = null
    shown = 0
    draw()
  }

  function draw(): void {
    overlay?.draw(run?.trajectory ?? [], run ? shown : -1)
    renderStatus(app.state)
  }

  function renderStatus({ lang, model }: State): void {
    status.replaceChildren()
    delete status.dataset.status
    if (!run || !model) return
    const it = run.trajectory[shown]
    const point = fmtPoint(model.variables, it.x)
    const value = fmt(it.value)
    status.dataset.x = it.x.join(',')
    if (shown < last()) {
      status.textContent = t(lang, 'descentIteration', { i: shown, value, point })
      return
    }
    status.dataset.status = run.status
    const n = run.iterations
    status.textContent =
      run.status === 'converged'
        ? t(lang, 'descentConverged', { n, value, point })
        : run.status === 'diverged'
          ? t(lang, 'descentDiverged', { n: n + 1 })
          : run.status === 'line-search-failed'
            ? t(lang, 'descentLineSearch', { n, value, point })
            : t(lang, 'descentMaxIter', { n, value, point })
  }

  stepButton.addEventListener('click', () => {
    stop()
    advance(1)
  })
  playButton.addEventListener('click', play)
  resetButton.addEventListener('click', reset)
  // A new start point or new settings make a new run.
  method.addEventListener('change', reset)
  rate.addEventListener('input', reset)
  app.subscribe((state, changed) => {
    if (changed.has('model') || changed.has('point') || changed.has('backend')) reset()
    if (changed.has('lang')) {
      playButton.textContent = t(state.lang, playing ? 'pause' : 'play')
      renderStatus(state)
    }
  })
}
