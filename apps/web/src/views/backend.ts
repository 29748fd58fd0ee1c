// The JS / WASM switch, the time per gradient on each, and a check that both
// engines give the same numbers at the current point. Each row is labelled by
// the backend the loaded program reports, not by which button was pressed.

import { formatDuration } from '@chainrule/core/measure'
import type { App, State } from '../app.ts'
import { BACKENDS, type BackendName, gradientAt, type Model, timeGradients, ulps } from '../core.ts'
import { byId, el } from '../dom.ts'
import { t } from '../i18n.ts'

/** Wait for typing or dragging to pause before spending ~0.1–0.2 s timing. */
const SETTLE_MS = 400

export function mountBackend(app: App): void {
  const radios = document.querySelectorAll<HTMLInputElement>('input[name="backend"]')
  const timing = byId('timing')
  const check = byId('backend-check')
  const times = new Map<BackendName, number>()
  let timed: Model | null = null
  let timer: ReturnType<typeof setTimeout> | undefined

  for (const radio of radios) {
    radio.addEventListener('change', () => {
      if (radio.checked) app.setBackend(radio.value as BackendName)
    })
  }

  app.subscribe((state, changed) => {
    if (changed.has('backend')) for (const r of radios) r.checked = r.value === state.backend
    // Re-timed on a switch too: the first numbers after a page load can still include WebAssembly tier-up.
    if (changed.has('model') || changed.has('backend')) {
      times.clear()
      clearTimeout(timer)
      timer = setTimeout(() => measure(app.state), SETTLE_MS)
    }
    if (changed.has('model') || changed.has('backend') || changed.has('lang')) renderTimes(state)
    if (changed.has('point') || changed.has('text') || changed.has('lang')) renderCheck(state)
  })
  for (const r of radios) r.checked = r.value === app.state.backend

  function measure(state: State): void {
    const { model, point } = state
    if (!model || state.problem) return
    const wasCompiled = model.programs.wasm.compiled
    const measured = timeGradients(model, point)
    for (const b of BACKENDS) times.set(b, measured[b])
    timed = model
    renderTimes(app.state)
    // Timing replays the tape thousands of times, so the WASM program starts
    // compiling it — asynchronously, on this main thread (docs/ARCHITECTURE.md §6) —
    // and switches when the module is ready: then the time shown is re-measured
    // once, on the compiled code.
    if (wasCompiled) return
    void model.programs.wasm.pendingCompile.then(() => {
      const now = app.state
      if (now.model === model && now.point === point && !now.problem && model.programs.wasm.compiled) {
        measure(now)
      }
    })
  }

  function renderTimes({ model, backend, lang }: State): void {
    timing.replaceChildren(el('span', { class: 'timing-label' }, `${t(lang, 'timing')}:`))
    if (!model) return
    // Which tier the WASM time was measured on: its tape compiled, or interpreted.
    timing.dataset.wasmCompiled = String(timed === model && model.programs.wasm.compiled)
    for (const b of BACKENDS) {
      const seconds = timed === model ? times.get(b) : undefined
      timing.append(
        el(
          'span',
          { class: b === backend ? 'timing-row active' : 'timing-row' },
          el('span', { class: 'timing-name' }, model.programs[b].backend.toUpperCase()),
          el(
            'output',
            { 'data-testid': `time-${b}` },
            seconds === undefined
              ? t(lang, 'measuring')
              : Number.isNaN(seconds)
                ? '–'
                : formatDuration(seconds),
          ),
        ),
      )
    }
  }

  function renderCheck({ model, point, problem, lang }: State): void {
    check.replaceChildren()
    if (!model || problem) return
    const [a, b] = BACKENDS.map((name) => {
      const r = gradientAt(model, name, point)
      return [r.value, ...r.gradient]
    })
    // The largest distance over f and each partial; 0 when bit-identical.
    const worst = Math.max(...a.map((v, i) => ulps(v, b[i])))
    check.append(worst === 0 ? t(lang, 'identical') : t(lang, 'differ', { ulps: worst }))
    check.dataset.ulps = String(worst)
  }
}
