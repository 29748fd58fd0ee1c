// The computational graph at the current point: core's `explain` gives the
// labelled nodes A, B, C, … with value and adjoint and the edges' local
// partials; dagre places them; this draws them and highlights the step of
// the reverse sweep the step-through is on.

import { curveBasis, line } from 'd3-shape'
import type { App, State } from '../app.ts'
import { type ExplainStep, type Explanation, explainAt, type ForwardStep } from '../core.ts'
import { byId, el, perFrame, svgEl } from '../dom.ts'
import { fmt } from '../format.ts'
import { t } from '../i18n.ts'
import { type Layout, LINE_HEIGHT, layoutGraph } from '../plots/graph-layout.ts'
import { type Viewport, viewport } from '../plots/viewport.ts'

/** Beyond this even a zoomed figure stops teaching (and dagre slows); the steps still list every node. */
const MAX_DRAWN = 400
/** From this many boxes the graph sits in a fixed-height viewport with zoom and pan, at readable scale. */
const LARGE = 24

export interface GraphView {
  /** Called with each new explanation (new expression, point, backend or language). */
  onExplain(listener: (e: Explanation | null, structureChanged: boolean) => void): void
  /** Marks the step the sweep is at and the steps already taken (by node label). */
  highlight(step: ExplainStep | null, done: ReadonlySet<string>): void
  /** Marks the node the forward sweep is at and the edges its tangent comes up (its operands). */
  highlightForward(step: ForwardStep | null): void
}

export function mountGraph(app: App): GraphView {
  const container = byId('graph')
  const unfolded = byId('graph-unfold')
  let view: Viewport | null = null
  const listeners: ((e: Explanation | null, structureChanged: boolean) => void)[] = []
  let explanation: Explanation | null = null
  let current: { step: ExplainStep | null; done: ReadonlySet<string> } = { step: null, done: new Set() }
  let forward: ForwardStep | null = null
  let changedModel = false
  const schedule = perFrame(() => update(app.state))

  app.subscribe((_, changed) => {
    changedModel ||= changed.has('model')
    if (changed.has('model') || changed.has('point') || changed.has('backend') || changed.has('lang'))
      schedule()
    if (changed.has('text')) container.classList.toggle('stale', app.state.problem !== null)
  })

  function update(state: State): void {
    const { model, point, backend, lang } = state
    explanation = model ? explainAt(model, backend, point, lang) : null
    const structureChanged = changedModel
    changedModel = false
    render(state)
    for (const listener of listeners) listener(explanation, structureChanged)
  }

  function render(state: State): void {
    const { lang } = state
    container.replaceChildren()
    unfolded.replaceChildren()
    view = null
    if (!explanation) return
    const nodes = explanation.nodes
    unfolded.append(unfoldSentence(state, explanation))
    if (nodes.length > MAX_DRAWN) {
      container.append(el('p', { class: 'empty' }, t(lang, 'graphTooBig', { n: nodes.length })))
      return
    }
    // Boxes are sized for the revealed adjoint, so a reveal never moves the layout.
    // A constant is not differentiated: its box has no adjoint line.
    const layout = layoutGraph(
      nodes,
      (n) => [
        n.formula,
        t(lang, 'nodeValue', { v: fmt(n.value) }),
        // A constant is not differentiated: no adjoint line.
        ...(n.adjoint === undefined ? [] : [t(lang, 'nodeAdjoint', { v: fmt(n.adjoint) })]),
      ],
      (local) => (local === undefined ? '' : `×${fmt(local)}`),
    )
    const svg = draw(layout, t(lang, 'nodeAdjoint', { v: '?' }))
    if (nodes.length >= LARGE) {
      // Too many boxes to shrink into the panel and still read: show them at their size, and let the reader move.
      view = viewport(svg, layout, lang)
      container.append(view.element)
      view.focus(layout.nodes[layout.nodes.length - 1])
    } else container.append(svg)
    boxes = new Map(layout.nodes.map((n) => [n.node.label, n]))
    applyHighlight()
  }
  let boxes = new Map<string, Layout['nodes'][number]>()

  function applyHighlight(): void {
    const { step, done } = current
    for (const g of container.querySelectorAll<SVGGElement>('.graph-node')) {
      const label = g.dataset.label ?? ''
      g.classList.toggle('current', step?.label === label)
      g.classList.toggle('done', done.has(label))
      // The sweep has reached a node once its step is taken or current: only then is its adjoint known.
      const reached = done.has(label) || step?.label === label
      g.classList.toggle('reached', reached)
      const adjoint = g.querySelector<SVGTextElement>('.node-adjoint')
      if (adjoint) adjoint.textContent = (reached ? adjoint.dataset.shown : adjoint.dataset.hidden) ?? ''
    }
    const parents = new Set(step?.terms.map((term) => term.parent) ?? [])
    const operands = new Set(forward?.terms.map((term) => term.operand) ?? [])
    for (const g of container.querySelectorAll<SVGGElement>('.graph-edge')) {
      g.classList.toggle('active', g.dataset.from === step?.label && parents.has(g.dataset.to ?? ''))
      g.classList.toggle(
        'forward-active',
        g.dataset.to === forward?.label && operands.has(g.dataset.from ?? ''),
      )
    }
    for (const g of container.querySelectorAll<SVGGElement>('.graph-node'))
      g.classList.toggle('forward-current', forward?.label === g.dataset.label)
  }

  return {
    onExplain: (listener) => listeners.push(listener),
    highlight(step, done) {
      current = { step, done }
      applyHighlight()
      // In a large graph the view follows the sweep to the node of the current step.
      const box = step ? boxes.get(step.label) : undefined
      if (view && box) view.focus(box)
    },
    highlightForward(step) {
      forward = step
      applyHighlight()
      const box = step ? boxes.get(step.label) : undefined
      if (view && box) view.focus(box)
    },
  }
}

/** `hidden` is the adjoint line of a node the sweep has not reached yet. */
/**
 * Why the figure has more boxes than the tape has nodes: the tape stores a
 * variable once, the graph draws one leaf per use (x*x + x: 3 tape nodes, 5 boxes).
 */
function unfoldSentence({ model, backend, lang }: State, e: Explanation): string {
  const tape = model?.programs[backend].size ?? 0
  const uses = new Map<string, number>()
  for (const n of e.nodes)
    if (n.kind === 'input' && n.variable) uses.set(n.variable, (uses.get(n.variable) ?? 0) + 1)
  const repeated = [...uses].filter(([, k]) => k > 1)
  if (repeated.length === 0) return t(lang, 'graphSame', { tape, boxes: e.nodes.length })
  return t(lang, 'graphUnfold', {
    tape,
    boxes: e.nodes.length,
    uses: repeated.map(([v, n]) => t(lang, 'leafUses', { v, n })).join(', '),
  })
}

function draw(layout: Layout, hidden: string): SVGSVGElement {
  const svg = svgEl('svg', {
    class: 'graph-svg',
    width: layout.width,
    height: layout.height,
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    role: 'img',
    'data-testid': 'graph',
    // A screen reader hears the graph as its node formulas and values, output last (adjoints come with the steps).
    'aria-label': layout.nodes.map((n) => n.lines.slice(0, 2).join(', ')).join('; '),
  })
  // Wider than the panel: shrink to fit, then scroll (the panel scrolls) rather than go unreadable.
  svg.style.minWidth = `${Math.min(layout.width, 520)}px`
  svg.style.maxWidth = `${layout.width}px`
  const path = line<{ x: number; y: number }>()
    .x((p) => p.x)
    .y((p) => p.y)
    .curve(curveBasis)
  for (const e of layout.edges) {
    const g = svgEl('g', { class: 'graph-edge', 'data-from': e.from.label, 'data-to': e.to.label })
    const title = svgEl('title')
    title.textContent = e.local === undefined ? '' : `∂${e.to.label}/∂${e.from.label} = ${fmt(e.local)}`
    g.append(title, svgEl('path', { d: path(e.points as { x: number; y: number }[]) ?? '' }))
    const tip = e.points[e.points.length - 1]
    const prev = e.points[e.points.length - 2] ?? tip
    g.append(arrowHead(prev, tip))
    // A constant is not differentiated: the sweep multiplies nothing along its edge, so it carries no label.
    if (e.local !== undefined) {
      const text = svgEl('text', {
        x: e.label.x,
        y: e.label.y + 4,
        'text-anchor': 'middle',
        class: 'edge-label',
      })
      text.textContent = `×${fmt(e.local)}`
      g.append(text)
    }
    svg.append(g)
  }
  for (const n of layout.nodes) {
    const { node } = n
    const g = svgEl('g', {
      class: `graph-node node-${node.kind}`,
      'data-label': node.label,
      transform: `translate(${n.x - n.width / 2},${n.y - n.height / 2})`,
    })
    g.append(svgEl('rect', { width: n.width, height: n.height, rx: node.kind === 'op' ? 7 : n.height / 2 }))
    n.lines.forEach((s, i) => {
      const adjoint = i === 2
      const text = svgEl('text', {
        x: n.width / 2,
        y: 9 + LINE_HEIGHT * (i + 0.75),
        'text-anchor': 'middle',
        class: i === 0 ? 'node-formula' : adjoint ? 'node-number node-adjoint' : 'node-number',
      })
      text.textContent = adjoint ? hidden : s
      if (adjoint) {
        text.dataset.shown = s
        text.dataset.hidden = hidden
      }
      g.append(text)
    })
    svg.append(g)
  }
  return svg
}

/** A filled triangle at `tip` pointing along prev → tip. */
function arrowHead(prev: { x: number; y: number }, tip: { x: number; y: number }): SVGPathElement {
  const d = Math.hypot(tip.x - prev.x, tip.y - prev.y) || 1
  const [ux, uy] = [(tip.x - prev.x) / d, (tip.y - prev.y) / d]
  const s = 7
  const bx = tip.x - ux * s
  const by = tip.y - uy * s
  return svgEl('path', {
    class: 'edge-head',
    d: `M${tip.x},${tip.y}L${bx - uy * s * 0.5},${by + ux * s * 0.5}L${bx + uy * s * 0.5},${by - ux * s * 0.5}Z`,
  })
}
