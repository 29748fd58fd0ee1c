// The demo page: wire the views to the app state, then record the origin
// text's example, f(x) = x² + x at x = 2.
import 'katex/dist/katex.min.css'
import './style.css'
import { App, DEFAULT_TEXT } from './app.ts'
import { applyLabels } from './dom.ts'
import type { Lang } from './i18n.ts'
import { mountBackend } from './views/backend.ts'
import { mountCost } from './views/cost.ts'
import { mountDescent } from './views/descent.ts'
import { mountExpression } from './views/expression.ts'
import { mountGraph } from './views/graph.ts'
import { mountNumeric } from './views/numeric.ts'
import { mountPlot } from './views/plot.ts'
import { mountReadout } from './views/readout.ts'
import { mountSteps } from './views/steps.ts'
import { mountVariables } from './views/variables.ts'

const app = new App()

const langRadios = document.querySelectorAll<HTMLInputElement>('input[name="lang"]')
for (const radio of langRadios) {
  radio.addEventListener('change', () => {
    if (radio.checked) app.setLang(radio.value as Lang)
  })
}
const showLang = (lang: Lang) => {
  applyLabels(lang)
  for (const radio of langRadios) radio.checked = radio.value === lang
}
app.subscribe((state, changed) => {
  if (changed.has('lang')) showLang(state.lang)
})

mountExpression(app)
mountVariables(app)
mountReadout(app)
mountBackend(app)
const plot = mountPlot(app)
mountDescent(app, plot)
mountSteps(app, mountGraph(app))
mountNumeric(app)
mountCost(app)

showLang(app.state.lang)
app.setText(DEFAULT_TEXT)
document.body.dataset.ready = 'true'
