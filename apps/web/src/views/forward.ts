// Step-through of the forward sweep, beside the reverse one and for the same
// graph: core's `explain(…, { mode: 'forward' })` seeds one input's tangent
// with 1 (every other input's 0) and carries tangents up from the leaves as
// dual numbers do, Ċ = Ȧ·B + A·Ḃ = 1·2 + 2·1 = 4, until the output's tangent
// is the derivative along that input. A function of n inputs takes n such
// sweeps; the picker chooses which one is shown. The graph marks the node the
// sweep is at (dashed) and the edges its tangent comes up.

import type { App } from '../app.ts'
import type { Explanation, ForwardSweep } from '../core.ts'
import { byId, el } from '../dom.ts'
import { t } from '../i18n.ts'
import type { GraphView } from './graph.ts'
import { showProgress, stepper } from './stepper.ts'
import { item } from './steps.ts'

export interface ForwardView {
  /** -1 before the first step, the sweep's steps.length at its result. */
  index(): number
  /** Which input's sweep is shown. */
  seed(): number
  /** Restores a step and sweep (from the URL) once the steps are known. */
  goTo(step: number, seed: number): void
}

export function mountForward(app: App, graph: GraphView, onChange: () => void = () => {}): ForwardView {
  const list = byId<HTMLOListElement>('forward-list')
  const counter = byId('forward-counter')
  const seedLabel = byId('forward-seed-label')
  const seedPicker = byId<HTMLSelectElement>('forward-seed')
  const seedSentence = byId('forward-seed-text')
  const buttons = {
    prev: byId<HTMLButtonElement>('forward-prev'),
    next: byId<HTMLButtonElement>('forward-next'),
    play: byId<HTMLButtonElement>('forward-play'),
  }
  let explanation: Explanation | null = null
  let seed = 0
  let pending: { step: number; seed: number } | null = null
  const sweep = (): ForwardSweep | null => explanation?.forward?.[seed] ?? null
  const steps = stepper(app, buttons, () => sweep()?.steps.length ?? null, render)

  graph.onExplain((e, structureChanged) => {
    explanation = e
    const n = e?.forward?.length ?? 0
    if (structureChanged) {
      steps.reset()
      seed = 0
      seedPicker.replaceChildren(
        ...(e?.forward ?? []).map((s, j) => el('option', { value: String(j) }, s.variable)),
      )
    }
    // One input has one sweep: nothing to pick.
    seedLabel.hidden = n < 2
    if (pending && e) {
      seed = Math.max(0, Math.min(pending.seed, n - 1))
      seedPicker.value = String(seed)
    }
    if (e) {
      steps.go(pending?.step ?? steps.index())
      pending = null
    } else render()
  })

  seedPicker.addEventListener('change', () => {
    seed = Number(seedPicker.value) || 0
    // Another input is another sweep: it starts from its own seed.
    steps.reset()
    render()
  })

  function render(): void {
    const { lang } = app.state
    const s = sweep()
    const index = steps.index()
    const n = s?.steps.length ?? 0
    const sweeps = explanation?.forward?.length ?? 0
    list.replaceChildren()
    seedSentence.replaceChildren()
    if (s) {
      seedSentence.append(s.seed)
      if (sweeps > 1) seedSentence.append(' ', t(lang, 'forwardSweepOf', { k: seed + 1, n: sweeps }))
    }
    showProgress(counter, buttons, index, s ? n : null, {
      idle: t(lang, 'forwardIdle', { n }),
      step: t(lang, 'stepCounter', { i: index + 1, n }),
      done: t(lang, 'forwardDone', { n }),
    })
    s?.steps.slice(0, index + 1).forEach((step, i) => {
      list.append(
        item(step.latex, step.text, {
          class: i === index ? 'step current' : 'step',
          'data-testid': 'forward-step',
          'data-label': step.label,
        }),
      )
    })
    if (s && index >= n) {
      const total = el('li', { class: 'step total current', 'data-testid': 'forward-total' })
      total.append(el('strong', {}, t(lang, 'forwardTotal')), item(s.latex, s.text, {}, 'div'))
      list.append(total)
    }
    graph.highlightForward(s && index >= 0 && index < n ? s.steps[index] : null)
    list.scrollTop = list.scrollHeight
    onChange()
  }

  return {
    index: steps.index,
    seed: () => seed,
    goTo(step, to) {
      if (explanation) {
        seed = Math.max(0, Math.min(to, (explanation.forward?.length ?? 1) - 1))
        seedPicker.value = String(seed)
        steps.go(step)
      } else pending = { step, seed: to }
    },
  }
}
