// The demo page: wire the views to the app state, then record the origin
// text's example, f(x) = x² + x at x = 2.
import 'katex/dist/katex.min.css'
import './style.css'
import { App, DEFAULT_TEXT } from './app.ts'
import { applyLabels, byId, perFrame } from './dom.ts'
import type { Lang } from './i18n.ts'
import { readUrl, writeUrl } from './url.ts'
import { mountBackend } from './views/backend.ts'
import { mountCost } from './views/cost.ts'
import { mountDescent } from './views/descent.ts'
import { mountExpression } from './views/expression.ts'
import { mountForward } from './views/forward.ts'
import { mountFunctions } from './views/functions.ts'
import { mountGraph } from './views/graph.ts'
import { mountNumeric } from './views/numeric.ts'
import { mountPlot } from './views/plot.ts'
import { mountReadout } from './views/readout.ts'
import { mountSteps } from './views/steps.ts'
import { mountSweeps } from './views/sweeps.ts'
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
mountFunctions(app)
mountVariables(app)
mountReadout(app)
mountBackend(app)
const plot = mountPlot(app)
mountDescent(app, plot)
const saveUrl = perFrame(() => {
  const { text, model, point, lang, backend, problem } = app.state
  writeUrl({
    text,
    point: model && !problem ? point : undefined,
    lang,
    backend,
    numericVar: Number(numericVar.value) || 0,
    step: steps.index(),
    forwardStep: forward.index(),
    seed: forward.seed(),
    sweeps: [sweeps.counts().n, sweeps.counts().m],
    method: descentMethod.value,
    lr: descentRate.value,
    iterations: descentIterations.value,
  })
})
const graph = mountGraph(app)
const steps = mountSteps(app, graph, saveUrl)
const forward = mountForward(app, graph, saveUrl)
const sweeps = mountSweeps(app, graph, saveUrl)
mountNumeric(app)
mountCost(app)

// A link (or a reload) restores the page it was made from; panels' controls are set before the first draw.
const numericVar = byId<HTMLSelectElement>('numeric-var')
const descentMethod = byId<HTMLSelectElement>('descent-method')
const descentRate = byId<HTMLInputElement>('descent-lr')
const descentIterations = byId<HTMLInputElement>('descent-iter')
const fromUrl = readUrl()
if (fromUrl.lang) app.setLang(fromUrl.lang)
if (fromUrl.backend) app.setBackend(fromUrl.backend)
if (fromUrl.method && [...descentMethod.options].some((o) => o.value === fromUrl.method)) {
  descentMethod.value = fromUrl.method
  descentMethod.dispatchEvent(new Event('change'))
}
// A rate equal to the method's default is not a typed one: the method's default still follows the method.
if (fromUrl.lr && fromUrl.lr !== descentRate.value) {
  descentRate.value = fromUrl.lr
  descentRate.dispatchEvent(new Event('input'))
}
if (fromUrl.iterations) descentIterations.value = fromUrl.iterations
showLang(app.state.lang)
app.setText(fromUrl.text ?? DEFAULT_TEXT)
const n = app.state.model?.variables.length ?? 0
for (const [j, v] of (fromUrl.point ?? []).slice(0, n).entries()) app.setVariable(j, v)
if (fromUrl.numericVar !== undefined && fromUrl.numericVar < numericVar.options.length) {
  numericVar.value = String(fromUrl.numericVar)
  numericVar.dispatchEvent(new Event('change'))
}
if (fromUrl.step !== undefined) steps.goTo(fromUrl.step)
if (fromUrl.forwardStep !== undefined || fromUrl.seed !== undefined)
  forward.goTo(fromUrl.forwardStep ?? -1, fromUrl.seed ?? 0)
if (fromUrl.sweeps) sweeps.set(...fromUrl.sweeps)
app.subscribe(saveUrl)
for (const type of ['input', 'change']) document.addEventListener(type, saveUrl, true)
saveUrl()
// A link pasted into this tab changes only the fragment: load the page it describes.
window.addEventListener('hashchange', () => location.reload())
document.body.dataset.ready = 'true'
// The load test reads this: from navigation start to a page that shows the example and answers input.
performance.mark('chainrule-ready')
