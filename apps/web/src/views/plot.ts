// The plot panel: a curve for one variable, contours for two or more, nothing
// for a constant. Redraws at most once per frame, and when its width changes.

import type { App, State } from '../app.ts'
import { byId, el, perFrame } from '../dom.ts'
import { type Lang, t } from '../i18n.ts'
import { drawContours } from '../plots/contour.ts'
import { curveLegend, drawCurve } from '../plots/curve.ts'
import { type LegendItem, legendList } from '../plots/legend.ts'
import type { Overlay } from '../plots/overlay.ts'

const pathLegend = (lang: Lang): LegendItem => ({ line: 'descent-path', label: t(lang, 'descentHeading') })

export interface PlotView {
  /** Called after every redraw with the new plot's overlay (null when nothing is plotted). */
  onRedraw(listener: (overlay: Overlay | null) => void): void
}

export function mountPlot(app: App): PlotView {
  const container = byId('plot')
  const caption = byId('plot-caption')
  const listeners: ((overlay: Overlay | null) => void)[] = []
  let width = 0
  const schedule = perFrame(() => render(app.state))
  app.subscribe((_, changed) => {
    if (changed.has('model') || changed.has('point') || changed.has('backend') || changed.has('lang'))
      schedule()
    if (changed.has('text')) container.classList.toggle('stale', app.state.problem !== null)
  })
  new ResizeObserver(() => {
    if (container.clientWidth !== width) schedule()
  }).observe(container)

  function render(state: State): void {
    width = container.clientWidth
    const { model, lang } = state
    let overlay: Overlay | null = null
    caption.replaceChildren()
    if (!model || model.variables.length === 0) {
      container.replaceChildren(el('p', { class: 'empty' }, t(lang, 'noPlot')))
    } else if (model.variables.length === 1) {
      caption.append(t(lang, 'plot1Legend'), legendList([...curveLegend(lang), pathLegend(lang)]))
      overlay = drawCurve(container, {
        model,
        backend: state.backend,
        range: state.ranges[0],
        x0: state.point[0],
        result: state.result,
        lang,
      })
    } else {
      caption.append(t(lang, 'plot2Legend'))
      if (model.variables.length > 2) {
        const [x, y] = model.variables
        caption.append(' ', t(lang, 'plotSlice', { x, y }))
      }
      caption.append(legendList([pathLegend(lang)]))
      overlay = drawContours(container, {
        model,
        backend: state.backend,
        ranges: state.ranges,
        point: state.point,
        result: state.result,
        lang,
      })
    }
    for (const listener of listeners) listener(overlay)
  }

  return { onRedraw: (listener) => listeners.push(listener) }
}
