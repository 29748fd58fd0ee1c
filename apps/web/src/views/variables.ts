// A slider and a number field per variable. Both drive the same value; the
// number field accepts any finite number and the range widens to include it.

import type { App, State } from '../app.ts'
import { byId, el } from '../dom.ts'

const STEPS = 1000

export function mountVariables(app: App): void {
  const root = byId('variables')
  let rows: { slider: HTMLInputElement; field: HTMLInputElement }[] = []
  let names: readonly string[] = []

  function build(state: State): void {
    names = state.model?.variables ?? []
    rows = names.map((name, j) => {
      const id = `var-${j}`
      const slider = el('input', { type: 'range', id: `${id}-slider`, 'aria-label': name, 'data-var': name })
      const field = el('input', {
        type: 'number',
        id,
        step: 'any',
        inputmode: 'decimal',
        'data-var': name,
      })
      slider.addEventListener('input', () => app.setVariable(j, Number(slider.value)))
      field.addEventListener('input', () => {
        // Half-typed numbers ("-", "1e") are not values yet; wait for the next keystroke.
        if (field.value !== '' && field.validity.valid) app.setVariable(j, Number(field.value))
      })
      field.addEventListener('change', () => sync(app.state))
      root.append(el('div', { class: 'variable' }, el('label', { for: id }, name), slider, field))
      return { slider, field }
    })
  }

  function sync(state: State): void {
    rows.forEach(({ slider, field }, j) => {
      const [lo, hi] = state.ranges[j]
      slider.min = String(lo)
      slider.max = String(hi)
      slider.step = String((hi - lo) / STEPS)
      slider.value = String(state.point[j])
      // Do not rewrite the field under the user's cursor while they type in it.
      if (document.activeElement !== field || Number(field.value) !== state.point[j]) {
        field.value = String(state.point[j])
      }
    })
  }

  app.subscribe((state, changed) => {
    const vars = state.model?.variables ?? []
    if (changed.has('model') && (vars.length !== names.length || vars.some((v, j) => v !== names[j]))) {
      root.replaceChildren()
      build(state)
    }
    if (changed.has('model') || changed.has('point')) sync(state)
    root.classList.toggle('stale', state.problem !== null)
  })
}
