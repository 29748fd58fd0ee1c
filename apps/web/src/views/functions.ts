// Every function the expression language accepts, generated from core's
// allow-list (the op table's primitives and the composites), so a new row of
// the op table appears here by itself: each with its call forms, its
// derivative rule from the op table (typeset by KaTeX when the list is first
// opened, so a first visit loads no math fonts), and a mark where the op has
// a kink whose derivative is pinned by convention.

import type { App } from '../app.ts'
import { ALIASES, CONSTANTS, FUNCTIONS, type FunctionDef, typesetLatex } from '../core.ts'
import { byId, el } from '../dom.ts'
import { type Key, type Lang, t } from '../i18n.ts'
import { renderMath } from '../math.ts'

/** Composites whose definition is a sentence, said in the page's language; the others' is a formula. */
const DEFINED_IN_WORDS: Readonly<Record<string, Key>> = { where: 'fnWhere', leakyRelu: 'fnLeakyRelu' }

export function mountFunctions(app: App): void {
  const details = byId<HTMLDetailsElement>('functions')
  const summary = byId('functions-summary')
  const body = byId('functions-body')
  let drawn: Lang | null = null

  const render = () => {
    const lang = app.state.lang
    summary.textContent = t(lang, 'functionsSummary', { n: FUNCTIONS.size })
    // The list (and KaTeX's fonts) only once someone opens it.
    if (!details.open || drawn === lang) return
    drawn = lang
    body.replaceChildren(
      el(
        'p',
        { class: 'hint' },
        t(lang, 'functionsIntro', { constants: constantsText(), aliases: aliasesText() }),
      ),
      table(lang),
    )
  }
  details.addEventListener('toggle', render)
  app.subscribe((_, changed) => {
    if (changed.has('lang')) render()
  })
  render()
}

const constantsText = () => [...CONSTANTS].map(([name, v]) => `${name} = ${v}`).join(', ')
const aliasesText = () => [...ALIASES].map(([alias, name]) => `${alias} = ${name}`).join(', ')

function table(lang: Lang): HTMLTableElement {
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col' }, t(lang, 'functionsCall')),
    el('th', { scope: 'col' }, t(lang, 'functionsRule')),
  )
  const rows = [...FUNCTIONS.values()].map((def) => {
    const rule = el('td', {})
    const latex = ruleLatex(def)
    if (latex) {
      // Its own element: KaTeX replaces the children of the element it renders into.
      const math = el('span', { class: 'rule-math' })
      rule.append(math)
      renderMath(latex, math)
    } else if (def.kind !== 'primitive') rule.append(definition(def, lang))
    if (def.op?.kink)
      rule.append(
        ' ',
        el('span', { class: 'badge', title: t(lang, 'functionsKinkTitle') }, t(lang, 'functionsKink')),
      )
    return el(
      'tr',
      { 'data-testid': 'function', 'data-name': def.name },
      el('td', {}, el('code', {}, callForms(def))),
      rule,
    )
  })
  return el('table', { class: 'functions-table' }, el('thead', {}, head), el('tbody', {}, ...rows))
}

/** log(x), log(x, base); sin(x); add(x, y) · x + y; clamp(x, lo, hi). */
function callForms(def: FunctionDef): string {
  if (def.kind !== 'primitive') return def.usage.split(' = ')[0].replace(' or ', ', ')
  const op = def.op
  const forms =
    def.name === 'log' ? ['log(x)', 'log(x, base)'] : [`${def.name}(${op?.arity === 2 ? 'x, y' : 'x'})`]
  if (op?.symbol) forms.push(op.arity === 2 ? `x ${op.symbol} y` : `${op.symbol}x`)
  return forms.join(', ')
}

/** The derivative as the op table states it: d/dx sin x = cos x; ∂/∂x and ∂/∂y for a binary op. */
function ruleLatex(def: FunctionDef): string | null {
  const op = def.op
  if (!op?.rule) return null
  const f = op.latex('x', 'y')
  const [da, db] = op.rule
  if (op.arity === 1) return `\\frac{d}{dx}\\, ${f} = ${da('x', 'y', typesetLatex)}`
  return `\\frac{\\partial}{\\partial x}\\left(${f}\\right) = ${da('x', 'y', typesetLatex)},\\quad \\frac{\\partial}{\\partial y}\\left(${f}\\right) = ${db ? db('x', 'y', typesetLatex) : '0'}`
}

/** A composite's definition: its formula, or for the few defined in words, the sentence in `lang`. */
function definition(def: FunctionDef, lang: Lang): string {
  const key = DEFINED_IN_WORDS[def.name]
  return key ? t(lang, key) : `= ${def.usage.split(' = ').slice(1).join(' = ')}`
}
