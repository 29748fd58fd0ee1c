// Step-through of the reverse sweep: each press of Next applies one local
// partial, as the origin text writes it (typeset by KaTeX) with core's
// sentence beneath, and lights the node on the graph. After the last step the
// leaves of each variable are summed into its derivative.

import type { App } from '../app.ts'
import type { Explanation } from '../core.ts'
import { byId, el } from '../dom.ts'
import { type Lang, t } from '../i18n.ts'
import { renderMath } from '../math.ts'
import type { GraphView } from './graph.ts'

const PLAY_MS = 1100

export interface StepsView {
  /** -1 before the first step, steps.length at the total. */
  index(): number
  /** Goes to step `i` once the current expression's steps are known (clamped to them). */
  goTo(i: number): void
}

export function mountSteps(app: App, graph: GraphView, onChange: () => void = () => {}): StepsView {
  const list = byId<HTMLOListElement>('step-list')
  const counter = byId('step-counter')
  const prev = byId<HTMLButtonElement>('step-prev')
  const next = byId<HTMLButtonElement>('step-next')
  const playButton = byId<HTMLButtonElement>('step-play')
  let explanation: Explanation | null = null
  /** -1 before the first step; steps.length once the total is shown. */
  let index = -1
  let timer: ReturnType<typeof setInterval> | undefined
  /** A step asked for (from the URL) before the steps were known. */
  let pending: number | null = null

  graph.onExplain((e, structureChanged) => {
    explanation = e
    if (structureChanged) {
      stop()
      index = -1
    }
    if (pending !== null && e) {
      index = Math.max(-1, Math.min(pending, e.steps.length))
      pending = null
    }
    index = Math.min(index, e ? e.steps.length : -1)
    render()
  })

  const go = (to: number) => {
    if (!explanation) return
    index = Math.max(-1, Math.min(to, explanation.steps.length))
    render()
  }

  function play(): void {
    if (timer !== undefined) {
      stop()
      return
    }
    if (!explanation) return
    if (index >= explanation.steps.length) index = -1
    playButton.textContent = t(app.state.lang, 'pause')
    playButton.setAttribute('aria-pressed', 'true')
    const tick = () => {
      go(index + 1)
      if (explanation && index >= explanation.steps.length) stop()
    }
    tick()
    timer = setInterval(tick, PLAY_MS)
  }

  function stop(): void {
    clearInterval(timer)
    timer = undefined
    playButton.textContent = t(app.state.lang, 'play')
    playButton.setAttribute('aria-pressed', 'false')
  }

  function render(): void {
    renderSteps({ list, counter, prev, next }, explanation, index, app.state.lang)
    const steps = explanation?.steps ?? []
    const step = index >= 0 && index < steps.length ? steps[index] : null
    graph.highlight(step, new Set(steps.slice(0, Math.max(0, index)).map((s) => s.label)))
    // The list scrolls inside its panel; the page never jumps while a slider moves.
    list.scrollTop = list.scrollHeight
    onChange()
  }

  prev.addEventListener('click', () => {
    stop()
    go(index - 1)
  })
  next.addEventListener('click', () => {
    stop()
    go(index + 1)
  })
  playButton.addEventListener('click', play)
  app.subscribe((state, changed) => {
    if (changed.has('lang')) playButton.textContent = t(state.lang, timer !== undefined ? 'pause' : 'play')
  })
  return {
    index: () => index,
    goTo(i) {
      if (explanation) go(i)
      else pending = i
    },
  }
}

interface StepsControls {
  readonly list: HTMLOListElement
  readonly counter: HTMLElement
  readonly prev: HTMLButtonElement
  readonly next: HTMLButtonElement
}

/** The steps up to `index` (the last one current), then once past the last, each variable's total. */
function renderSteps(
  { list, counter, prev, next }: StepsControls,
  explanation: Explanation | null,
  index: number,
  lang: Lang,
): void {
  list.replaceChildren()
  const steps = explanation?.steps ?? []
  prev.disabled = index < 0
  next.disabled = !explanation || index >= steps.length
  // Three distinct states: not started, step i of n, and the sum after the last step.
  counter.textContent =
    index < 0
      ? t(lang, 'stepIdle', { n: steps.length })
      : index < steps.length
        ? t(lang, 'stepCounter', { i: index + 1, n: steps.length })
        : t(lang, 'stepDone', { n: steps.length })
  counter.dataset.state = index < 0 ? 'idle' : index < steps.length ? 'step' : 'done'
  steps.slice(0, index + 1).forEach((step, i) => {
    list.append(
      item(step.latex, step.text, {
        class: i === index ? 'step current' : 'step',
        'data-testid': 'step',
        'data-label': step.label,
      }),
    )
  })
  if (explanation && index >= steps.length) {
    const total = el('li', { class: 'step total current', 'data-testid': 'step-total' })
    total.append(el('strong', {}, t(lang, 'stepTotal')))
    for (const d of explanation.derivatives) total.append(item(d.latex, d.text, {}, 'div'))
    list.append(total)
  }
}

/** One typeset equation and the sentence that reads it. */
function item(
  latex: string,
  text: string,
  attrs: Record<string, string>,
  tag: 'li' | 'div' = 'li',
): HTMLElement {
  const math = el('div', { class: 'step-math' })
  renderMath(latex, math)
  return el(tag, attrs, math, el('p', { class: 'step-text', 'data-testid': 'step-text' }, text))
}
