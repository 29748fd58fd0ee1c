// Why reverse mode for a gradient: a control that counts the sweeps a whole
// derivative of an n-input, m-output function takes. Reverse mode gets every
// input's partial of one output from one backward sweep (m sweeps in all);
// forward mode gets every output's partial along one input from one forward
// sweep (n in all). The sliders start at the current function's counts (core's
// `sweeps`), whose own sentence is shown beneath.

import type { App } from '../app.ts'
import type { Explanation } from '../core.ts'
import { byId, el } from '../dom.ts'
import { t } from '../i18n.ts'
import type { GraphView } from './graph.ts'

/** The sliders' largest value: enough to see the counts part, few enough to draw one mark per sweep. */
export const MAX_SWEEP_COUNT = 12

export interface SweepsView {
  counts(): { n: number; m: number }
  /** Sets the sliders (from the URL); values are clamped to 1…MAX_SWEEP_COUNT. */
  set(n: number, m: number): void
}

export function mountSweeps(app: App, graph: GraphView, onChange: () => void = () => {}): SweepsView {
  const inputs = byId<HTMLInputElement>('sweeps-n')
  const outputs = byId<HTMLInputElement>('sweeps-m')
  const inputsOut = byId('sweeps-n-value')
  const outputsOut = byId('sweeps-m-value')
  const result = byId('sweeps-result')
  const own = byId('sweeps-function')
  let explanation: Explanation | null = null
  let pending: { n: number; m: number } | null = null
  for (const s of [inputs, outputs]) {
    s.min = '1'
    s.max = String(MAX_SWEEP_COUNT)
    s.addEventListener('input', render)
  }

  graph.onExplain((e, structureChanged) => {
    explanation = e
    // A new function: the sliders show its counts (one output; as many inputs as it has variables).
    // Counts from a link win over the first function's, once.
    if (structureChanged && e) {
      const want = pending ?? { n: e.sweeps.forward, m: e.sweeps.reverse }
      pending = null
      set(want.n, want.m)
    } else render()
  })
  app.subscribe((_, changed) => {
    if (changed.has('lang')) render()
  })

  const clamp = (v: number) => Math.max(1, Math.min(MAX_SWEEP_COUNT, Math.round(v) || 1))

  function set(n: number, m: number): void {
    inputs.value = String(clamp(n))
    outputs.value = String(clamp(m))
    render()
  }

  function render(): void {
    const { lang } = app.state
    const n = clamp(Number(inputs.value))
    const m = clamp(Number(outputs.value))
    inputsOut.textContent = String(n)
    outputsOut.textContent = String(m)
    result.replaceChildren(
      bar('reverse', m, t(lang, 'sweepsReverse', { r: m })),
      bar('forward', n, t(lang, 'sweepsForward', { f: n })),
      el(
        'p',
        { class: 'sweeps-verdict', 'data-testid': 'sweeps-verdict' },
        t(lang, n > m ? 'sweepsReverseWins' : n < m ? 'sweepsForwardWins' : 'sweepsTie'),
      ),
    )
    own.textContent = explanation ? t(lang, 'sweepsThis', { text: explanation.sweeps.text }) : ''
    onChange()
  }

  return {
    counts: () => ({ n: clamp(Number(inputs.value)), m: clamp(Number(outputs.value)) }),
    set(n, m) {
      if (explanation) set(n, m)
      else pending = { n, m }
    },
  }
}

/** One row: a mark per sweep, and the sentence with the count. */
function bar(mode: 'reverse' | 'forward', count: number, text: string): HTMLElement {
  const marks = el('span', { class: 'sweeps-marks', 'aria-hidden': 'true' })
  for (let i = 0; i < count; i++) marks.append(el('span', { class: `sweeps-mark sweeps-${mode}` }))
  return el(
    'div',
    { class: 'sweeps-row', 'data-testid': `sweeps-${mode}`, 'data-count': String(count) },
    marks,
    el('span', { class: 'sweeps-text' }, text),
  )
}
