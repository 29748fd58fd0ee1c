// Small DOM helpers: build elements without innerHTML (nothing typed by the
// user is ever parsed as markup), and fill the page's static labels.
import { type Key, type Lang, t } from './i18n.ts'

type Child = Node | string | null | undefined | false

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value)
  for (const child of children) if (child) node.append(child)
  return node
}

/** A function that runs `fn` once on the next animation frame however often it is called before then. */
export function perFrame(fn: () => void): () => void {
  let frame = 0
  return () => {
    if (frame !== 0) return
    frame = requestAnimationFrame(() => {
      frame = 0
      fn()
    })
  }
}

const SVG = 'http://www.w3.org/2000/svg'

export function svgEl<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag)
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value))
  return node
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id)
  if (node === null) throw new Error(`index.html has no #${id}`)
  return node as T
}

/** Fills every `data-i18n` element's text and `data-i18n-label` element's aria-label. */
export function applyLabels(lang: Lang): void {
  document.documentElement.lang = lang
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    node.textContent = t(lang, node.dataset.i18n as Key)
  }
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    node.setAttribute('aria-label', t(lang, node.dataset.i18nLabel as Key))
  }
}
