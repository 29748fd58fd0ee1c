// f and its gradient at the current point, and what the tape did to get them:
// recorded once per expression, replayed on every move.

import type { App, State } from '../app.ts'
import { derivativeName, outputName } from '../core.ts'
import { byId, el } from '../dom.ts'
import { fmt } from '../format.ts'
import { t } from '../i18n.ts'
import { domainSentence, kinkSentence, notesAt } from '../notes.ts'

export function mountReadout(app: App): void {
  const root = byId('readout')
  const stats = byId('tape-stats')

  app.subscribe((state, changed) => {
    if (changed.has('point') || changed.has('text') || changed.has('lang') || changed.has('backend'))
      render(state)
  })

  function render(state: State): void {
    const { model, result, lang, point } = state
    root.replaceChildren()
    stats.replaceChildren()
    root.classList.toggle('stale', result === null)
    if (!model) return
    const vars = model.variables
    const value = result ? fmt(result.value) : '—'
    if (vars.length === 0 && result) {
      root.append(el('p', {}, t(lang, 'noVariables', { value })))
    }
    // The output's name and its derivatives' labels are explain's (g when a variable is called f).
    const f = outputName(vars)
    root.append(
      row(t(lang, 'value'), vars.length > 0 ? `${f}(${point.map(fmt).join(', ')})` : f, value, 'value'),
    )
    if (vars.length > 0) {
      const name = vars.length === 1 ? derivativeName(vars, 0, point[0]) : `∇${f}`
      const g = result ? result.gradient.map(fmt) : vars.map(() => '—')
      root.append(row(t(lang, 'gradient'), name, g.length === 1 ? g[0] : `(${g.join(', ')})`, 'gradient'))
      if (vars.length > 1 && result) {
        root.append(
          el(
            'p',
            { class: 'partials' },
            vars
              .map((_, j) => `${derivativeName(vars, j, point[0])} = ${fmt(result.gradient[j])}`)
              .join(' · '),
          ),
        )
      }
    }
    // Where the numbers stand on special ground, say so next to them.
    if (result && !state.problem) {
      const notes = notesAt(model, state.backend, point)
      if (notes.domain)
        root.append(
          el(
            'p',
            { class: 'note note-domain', 'data-testid': 'note-domain' },
            domainSentence(lang, notes.domain),
          ),
        )
      for (const k of notes.kinks)
        root.append(el('p', { class: 'note note-kink', 'data-testid': 'note-kink' }, kinkSentence(lang, k)))
    }
    const program = model.programs[state.backend]
    stats.append(
      t(lang, 'tapeStats', { nodes: program.size, recorded: program.recordings, replayed: state.replays }),
    )
  }
}

function row(label: string, name: string, value: string, testid: string): HTMLElement {
  return el(
    'div',
    { class: 'readout-row' },
    el('span', { class: 'readout-label' }, label),
    el('span', { class: 'readout-name' }, `${name} =`),
    el('output', { class: 'readout-value', 'data-testid': testid }, value),
  )
}
