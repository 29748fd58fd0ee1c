// Step-through of the reverse sweep: each press of Next applies one local
// partial, as the origin text writes it (typeset by KaTeX), then the
// partial's rule and its number (∂C/∂A = B = 2), with core's sentence
// beneath, and lights the node on the graph. After the last step the leaves
// of each variable are summed into its derivative.

import type { App } from '../app.ts'
import type { Explanation } from '../core.ts'
import { byId, el } from '../dom.ts'
import { type Lang, t } from '../i18n.ts'
import { renderMath } from '../math.ts'
import type { GraphView } from './graph.ts'
import { type StepButtons, showProgress, stepper } from './stepper.ts'

export interface StepsView {
  /** -1 before the first step, steps.length at the total. */
  index(): number
  /** Goes to step `i` once the current expression's steps are known (clamped to them). */
  goTo(i: number): void
}

export function mountSteps(app: App, graph: GraphView, onChange: () => void = () => {}): StepsView {
  const list = byId<HTMLOListElement>('step-list')
  const counter = byId('step-counter')
  const buttons = {
    prev: byId<HTMLButtonElement>('step-prev'),
    next: byId<HTMLButtonElement>('step-next'),
    play: byId<HTMLButtonElement>('step-play'),
  }
  let explanation: Explanation | null = null
  /** A step asked for (from the URL) before the steps were known. */
  let pending: number | null = null
  const steps = stepper(app, buttons, () => explanation?.steps.length ?? null, render)

  graph.onExplain((e, structureChanged) => {
    explanation = e
    if (structureChanged) steps.reset()
    // The step asked for, else the current one, clamped to the new steps; with no expression, only redrawn.
    if (e) {
      steps.go(pending ?? steps.index())
      pending = null
    } else render()
  })

  function render(): void {
    const index = steps.index()
    renderSteps({ list, counter, buttons }, explanation, index, app.state.lang)
    const all = explanation?.steps ?? []
    const step = index >= 0 && index < all.length ? all[index] : null
    graph.highlight(step, new Set(all.slice(0, Math.max(0, index)).map((s) => s.label)))
    // The list scrolls inside its panel; the page never jumps while a slider moves.
    list.scrollTop = list.scrollHeight
    onChange()
  }

  return {
    index: steps.index,
    goTo(i) {
      if (explanation) steps.go(i)
      else pending = i
    },
  }
}

interface StepsControls {
  readonly list: HTMLOListElement
  readonly counter: HTMLElement
  readonly buttons: StepButtons
}

/** The steps up to `index` (the last one current), then once past the last, each variable's total. */
function renderSteps(
  { list, counter, buttons }: StepsControls,
  explanation: Explanation | null,
  index: number,
  lang: Lang,
): void {
  list.replaceChildren()
  const steps = explanation?.steps ?? []
  // Three distinct states: not started, step i of n, and the sum after the last step.
  const n = steps.length
  showProgress(counter, buttons, index, explanation ? n : null, {
    idle: t(lang, 'stepIdle', { n }),
    step: t(lang, 'stepCounter', { i: index + 1, n }),
    done: t(lang, 'stepDone', { n }),
  })
  steps.slice(0, index + 1).forEach((step, i) => {
    const li = item(step.latex, step.text, {
      class: i === index ? 'step current' : 'step',
      'data-testid': 'step',
      'data-label': step.label,
    })
    // Each local partial by its rule, then its number (∂C/∂A = B = 2), typeset above the sentence.
    const rules = step.terms.map((term) => {
      const rule = el('div', { class: 'step-rule', 'data-testid': 'step-rule' })
      renderMath(term.ruleLatex, rule)
      return rule
    })
    li.querySelector('.step-math')?.after(...rules)
    list.append(li)
  })
  if (explanation && index >= steps.length) {
    const total = el('li', { class: 'step total current', 'data-testid': 'step-total' })
    total.append(el('strong', {}, t(lang, 'stepTotal')))
    for (const d of explanation.derivatives) total.append(item(d.latex, d.text, {}, 'div'))
    list.append(total)
  }
}

/** One typeset equation and the sentence that reads it. */
export function item(
  latex: string,
  text: string,
  attrs: Record<string, string>,
  tag: 'li' | 'div' = 'li',
): HTMLElement {
  const math = el('div', { class: 'step-math' })
  renderMath(latex, math)
  return el(tag, attrs, math, el('p', { class: 'step-text', 'data-testid': 'step-text' }, text))
}
