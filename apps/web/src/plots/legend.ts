// A plot's key as HTML beside the chart, not inside it, so it never covers
// data, wraps on a phone, and is read out by screen readers.
import { svgEl } from '../dom.ts'

export interface LegendItem {
  /** Class of the sample line (the series' own class, so it is drawn the same way). */
  readonly line: string
  readonly label: string
  /** Path data of the series' marker, if it has one. */
  readonly marker?: string
  /** Class of the wrapping group (for series coloured through `currentColor`). */
  readonly group?: string
  /** Attributes of the list item. */
  readonly attrs?: Readonly<Record<string, string>>
}

export function legendList(items: readonly LegendItem[]): HTMLUListElement {
  const list = document.createElement('ul')
  list.className = 'legend-list'
  for (const item of items) {
    const sample = svgEl('svg', { width: 30, height: 12, viewBox: '0 0 30 12', 'aria-hidden': 'true' })
    const g = svgEl('g', item.group ? { class: item.group } : {})
    g.append(svgEl('path', { class: item.line, d: 'M1,6H29' }))
    if (item.marker)
      g.append(svgEl('path', { class: 'marker', d: item.marker, transform: 'translate(15,6)' }))
    sample.append(g)
    const li = document.createElement('li')
    for (const [name, value] of Object.entries(item.attrs ?? {})) li.setAttribute(name, value)
    li.append(sample, item.label)
    list.append(li)
  }
  return list
}
