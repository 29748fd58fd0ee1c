// The numerical-vs-automatic panel: core's errorSweep at the current point
// along the chosen variable, its chart, and each method's best step in words.

import type { App, State } from '../app.ts'
import { errorSweep } from '../core.ts'
import { byId, el, perFrame } from '../dom.ts'
import { fmt, formatNumber, SCIENTIFIC } from '../format.ts'
import { type Key, t } from '../i18n.ts'
import { domainSentence, notesAt, pinnedOf } from '../notes.ts'
import { drawErrors, errorLegend, METHODS } from '../plots/errors.ts'
import { legendList } from '../plots/legend.ts'

const KINK_SIDE: Partial<Record<(typeof METHODS)[number], Key>> = {
  central: 'kinkCentral',
  forward: 'kinkForward',
}

export function mountNumeric(app: App): void {
  const chart = byId('numeric-chart')
  const summary = byId('numeric-summary')
  const select = byId<HTMLSelectElement>('numeric-var')
  let width = 0
  const schedule = perFrame(() => render(app.state))
  select.addEventListener('change', schedule)
  app.subscribe((state, changed) => {
    if (changed.has('model')) {
      const vars = state.model?.variables ?? []
      const keep = Math.max(0, vars.indexOf(select.selectedOptions[0]?.textContent ?? ''))
      select.replaceChildren(...vars.map((v, j) => el('option', { value: String(j) }, v)))
      select.value = String(keep)
      select.disabled = vars.length < 2
    }
    if (changed.has('model') || changed.has('point') || changed.has('backend') || changed.has('lang'))
      schedule()
    if (changed.has('text')) chart.classList.toggle('stale', state.problem !== null)
  })
  new ResizeObserver(() => {
    if (chart.clientWidth !== width) schedule()
  }).observe(chart)

  function render(state: State): void {
    width = chart.clientWidth
    const { model, point, backend, lang } = state
    chart.replaceChildren()
    summary.replaceChildren()
    if (!model || model.variables.length === 0) return
    const notes = notesAt(model, backend, point)
    if (notes.domain) {
      // Not a blank chart: say why there is nothing to compare.
      chart.append(
        el(
          'p',
          { class: 'note note-domain', 'data-testid': 'numeric-domain' },
          domainSentence(lang, notes.domain),
        ),
      )
      return
    }
    const sweep = errorSweep(model, backend, point, Number(select.value) || 0)
    if (!Number.isFinite(sweep.ad) || METHODS.every((m) => sweep.best[m] === null)) {
      summary.append(el('p', {}, t(lang, 'numericNone')))
      return
    }
    const kink = notes.kinks[0]
    drawErrors(chart, sweep, lang)
    summary.append(el('p', { class: 'numeric-ad' }, t(lang, 'numericAd', { value: fmt(sweep.ad) })))
    // The key doubles as the result: each method's line and marker, then its best step.
    const items = errorLegend(lang).flatMap((item, k) => {
      const m = METHODS[k]
      const best = sweep.best[m]
      if (!best) return []
      // At a kink each difference is labelled by the side it samples, so its error is not read as AD's.
      const side = kink ? KINK_SIDE[m] : undefined
      const label =
        t(lang, 'numericBest', {
          method: t(lang, m),
          h: formatNumber(best.h, SCIENTIFIC),
          error: formatNumber(best.absError, SCIENTIFIC),
        }) + (side ? ` (${t(lang, side)})` : '')
      return [
        {
          ...item,
          label,
          attrs: { class: `series-${m}`, 'data-testid': `best-${m}`, 'data-h': String(best.h) },
        },
      ]
    })
    const list = legendList(items)
    list.classList.add('numeric-best')
    summary.append(list)
    // A quadratic (the default x*x + x) has f‴ = 0: central differences have no truncation error to show.
    const largest = sweep.rows[0]?.central.absError ?? Number.NaN
    if (!kink && largest <= 1e-9 * Math.max(1, Math.abs(sweep.ad)))
      summary.append(
        el('p', { class: 'note', 'data-testid': 'numeric-exact-central' }, t(lang, 'numericExactCentral')),
      )
    if (kink)
      summary.append(
        el(
          'p',
          { class: 'note note-kink', 'data-testid': 'numeric-kink' },
          t(lang, 'numericKink', { source: kink.source, pinned: pinnedOf(kink) }),
        ),
      )
  }
}
