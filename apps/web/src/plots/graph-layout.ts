// The computational graph of `explain` laid out by dagre: leaves at the
// bottom, the output on top (as the origin text's figure and our DOT export
// draw it). Boxes are sized to their text, measured with the page's font.

import dagre from '@dagrejs/dagre'
import type { ExplainNode } from '../core.ts'

export interface NodeBox {
  readonly node: ExplainNode
  readonly lines: readonly string[]
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export interface EdgePath {
  readonly from: ExplainNode
  readonly to: ExplainNode
  /** ∂to/∂from; absent on an edge from a constant, which is not differentiated. */
  readonly local?: number
  readonly points: readonly { x: number; y: number }[]
  readonly label: { x: number; y: number }
}

export interface Layout {
  readonly width: number
  readonly height: number
  readonly nodes: readonly NodeBox[]
  readonly edges: readonly EdgePath[]
}

export const LINE_HEIGHT = 17
const PAD_X = 12
const PAD_Y = 9
const NODE_FONT = '600 14px system-ui, sans-serif'
const EDGE_FONT = '12px system-ui, sans-serif'

let canvas: CanvasRenderingContext2D | null = null

function textWidth(text: string, font: string): number {
  canvas ??= document.createElement('canvas').getContext('2d')
  if (!canvas) return text.length * 8
  canvas.font = font
  return canvas.measureText(text).width
}

/** `lines(node)` gives each box's text; `edgeLabel(local)` the text on an edge. */
export function layoutGraph(
  nodes: readonly ExplainNode[],
  lines: (n: ExplainNode) => string[],
  edgeLabel: (local: number | undefined) => string,
): Layout {
  const g = new dagre.graphlib.Graph({ multigraph: true })
  g.setGraph({ rankdir: 'BT', nodesep: 22, ranksep: 34, edgesep: 12, marginx: 6, marginy: 6 })
  const text = nodes.map(lines)
  nodes.forEach((n, i) => {
    const width = Math.max(...text[i].map((s) => textWidth(s, NODE_FONT))) + 2 * PAD_X
    g.setNode(String(n.id), { width: Math.ceil(width), height: text[i].length * LINE_HEIGHT + 2 * PAD_Y })
  })
  for (const n of nodes) {
    n.uses.forEach((use, k) => {
      const label = edgeLabel(n.locals[k])
      g.setEdge(
        String(n.id),
        String(use.parent),
        { width: Math.ceil(textWidth(label, EDGE_FONT)) + 8, height: 16, labelpos: 'c', local: n.locals[k] },
        `${n.id}:${use.slot}`,
      )
    })
  }
  // First operand left of the second, as the expression reads (dagre would otherwise pick either).
  const constraints = nodes.flatMap((n) =>
    n.operands.length === 2 && n.operands[0] !== n.operands[1]
      ? [{ left: String(n.operands[0]), right: String(n.operands[1]) }]
      : [],
  )
  dagre.layout(g, { constraints })
  const graph = g.graph()
  return {
    width: Math.ceil(graph.width ?? 0),
    height: Math.ceil(graph.height ?? 0),
    nodes: nodes.map((node, i) => {
      const box = g.node(String(node.id))
      return { node, lines: text[i], x: box.x!, y: box.y!, width: box.width, height: box.height }
    }),
    edges: g.edges().map((e) => {
      const label = g.edge(e)
      return {
        from: nodes[Number(e.v)],
        to: nodes[Number(e.w)],
        local: label.local as number | undefined,
        points: label.points ?? [],
        label: { x: label.x ?? 0, y: label.y ?? 0 },
      }
    }),
  }
}
