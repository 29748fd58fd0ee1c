// Zoom and pan for a large graph: the SVG keeps its layout coordinates and
// only its viewBox moves. Drag (mouse, pen or touch) pans; Ctrl/⌘ + wheel or
// a trackpad pinch zooms about the pointer; the buttons zoom, and Fit shows
// the whole graph. It opens at the layout's own scale, where the boxes read
// as in a small graph, and follows the step-through to each step's node
// (zooming back in to that scale if the reader had zoomed out).

import { el } from '../dom.ts'
import { type Lang, t } from '../i18n.ts'
import type { Layout, NodeBox } from './graph-layout.ts'

export interface Viewport {
  readonly element: HTMLElement
  /** Centres the view on a box, zoomed in to at least the layout's own scale so its text reads. */
  focus(box: NodeBox): void
}

const MIN_SCALE = 0.1
const MAX_SCALE = 4

export function viewport(svg: SVGSVGElement, layout: Layout, lang: Lang): Viewport {
  const frame = el('div', { class: 'graph-viewport', 'data-testid': 'graph-viewport' })
  svg.classList.add('zoomable')
  svg.removeAttribute('width')
  svg.removeAttribute('height')
  svg.style.minWidth = ''
  svg.style.maxWidth = ''
  frame.append(svg)
  // Screen pixels per layout unit; 1 is the layout's own size.
  let scale = 1
  let cx = layout.width / 2
  let cy = layout.height / 2

  const size = () => ({ w: svg.clientWidth || 600, h: svg.clientHeight || 420 })
  function apply(): void {
    const { w, h } = size()
    const vw = w / scale
    const vh = h / scale
    svg.setAttribute('viewBox', `${cx - vw / 2} ${cy - vh / 2} ${vw} ${vh}`)
    svg.dataset.scale = scale.toFixed(3)
  }
  function zoom(by: number, at?: { x: number; y: number }): void {
    const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale * by))
    if (at) {
      // Keep the layout point under the pointer where it is.
      cx = at.x + (cx - at.x) * (scale / next)
      cy = at.y + (cy - at.y) * (scale / next)
    }
    scale = next
    apply()
  }
  function fit(): void {
    const { w, h } = size()
    scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, Math.min(w / layout.width, h / layout.height)))
    cx = layout.width / 2
    cy = layout.height / 2
    apply()
  }
  /** The layout point under a pointer event. */
  const pointAt = (e: { clientX: number; clientY: number }) => {
    const r = svg.getBoundingClientRect()
    const { w, h } = size()
    return { x: cx + (e.clientX - r.left - w / 2) / scale, y: cy + (e.clientY - r.top - h / 2) / scale }
  }

  let drag: { id: number; x: number; y: number } | null = null
  svg.addEventListener('pointerdown', (e) => {
    drag = { id: e.pointerId, x: e.clientX, y: e.clientY }
    svg.setPointerCapture(e.pointerId)
    svg.classList.add('dragging')
  })
  svg.addEventListener('pointermove', (e) => {
    if (!drag || drag.id !== e.pointerId) return
    cx -= (e.clientX - drag.x) / scale
    cy -= (e.clientY - drag.y) / scale
    drag = { id: e.pointerId, x: e.clientX, y: e.clientY }
    apply()
  })
  const end = () => {
    drag = null
    svg.classList.remove('dragging')
  }
  svg.addEventListener('pointerup', end)
  svg.addEventListener('pointercancel', end)
  svg.addEventListener(
    'wheel',
    (e) => {
      // A plain wheel scrolls the page as everywhere else; Ctrl/⌘ (and a pinch) zooms.
      if (!e.ctrlKey && !e.metaKey) return
      e.preventDefault()
      zoom(Math.exp(-e.deltaY / 300), pointAt(e))
    },
    { passive: false },
  )

  const button = (label: string, name: 'zoomIn' | 'zoomOut' | 'zoomFit', action: () => void) => {
    const b = el(
      'button',
      { type: 'button', 'data-testid': `graph-${name}`, 'aria-label': t(lang, name) },
      label,
    )
    b.addEventListener('click', action)
    return b
  }
  const tools = el(
    'div',
    { class: 'graph-tools' },
    button('+', 'zoomIn', () => zoom(1.25)),
    button('−', 'zoomOut', () => zoom(0.8)),
    button(t(lang, 'zoomFit'), 'zoomFit', fit),
    el('span', { class: 'hint' }, t(lang, 'zoomHint')),
  )
  const element = el('div', { class: 'graph-large' }, tools, frame)
  // The first view is set once the frame has a size (it is attached right after this returns).
  requestAnimationFrame(apply)
  new ResizeObserver(apply).observe(svg)
  return {
    element,
    focus(box) {
      cx = box.x
      cy = box.y
      scale = Math.max(scale, 1)
      apply()
    },
  }
}
