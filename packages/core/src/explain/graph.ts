// Graph export: the unfolded graph of explain, with each node's value and
// adjoint, as Graphviz DOT, Mermaid, or plain JSON.

import type { Program } from '../backend.js'
import { type ExplainNode, type ExplainOptions, explainProgram } from './explain.js'
import { fmt } from './format.js'

export interface GraphOptions extends ExplainOptions {
  /** Point for values and adjoints; default the point the tape was recorded at. */
  at?: ArrayLike<number>
}

export interface GraphJSON {
  readonly output: string
  readonly value: number
  readonly nodes: readonly {
    id: number
    label: string
    node: number
    kind: ExplainNode['kind']
    op: string
    formula: string
    variable?: string
    value: number
    /** Absent for a constant, which is not differentiated. */
    adjoint?: number
    /** [start, end) in the expression text, when compiled from one. */
    span?: [number, number]
  }[]
  /** Operand → result, with ∂result/∂operand (none from a constant). */
  readonly edges: readonly { from: number; to: number; slot: number; local?: number }[]
}

function recordedPoint(p: Program): number[] {
  return Array.from(p.tape.inputs, (i) => p.tape.val[i])
}

export function toJSONGraph(p: Program, opts: GraphOptions = {}): GraphJSON {
  const e = explainProgram(p, opts.at ?? recordedPoint(p), opts)
  const spans = p.tape.spans
  return {
    output: e.output,
    value: e.value,
    nodes: e.nodes.map((n) => ({
      id: n.id,
      label: n.label,
      node: n.node,
      kind: n.kind,
      op: n.op,
      formula: n.formula,
      ...(n.variable !== undefined ? { variable: n.variable } : {}),
      value: n.value,
      ...(n.adjoint !== undefined ? { adjoint: n.adjoint } : {}),
      ...(spans && spans[2 * n.node] >= 0
        ? { span: [spans[2 * n.node], spans[2 * n.node + 1]] as [number, number] }
        : {}),
    })),
    edges: e.nodes.flatMap((n) =>
      n.uses.map((u, k) => ({
        from: n.id,
        to: u.parent,
        slot: u.slot,
        ...(n.kind === 'const' ? {} : { local: n.locals[k] }),
      })),
    ),
  }
}

// A node's label words, in the options' language (explain's table uses the same).
const WORDS = { en: { value: 'value', adjoint: 'adjoint' }, ko: { value: '값', adjoint: '수반값' } } as const

const lines = (n: GraphJSON['nodes'][number], lang: GraphOptions['lang']) => {
  const w = WORDS[lang ?? 'en']
  return [
    n.formula,
    `${w.value} ${fmt(n.value)}`,
    ...(n.adjoint === undefined ? [] : [`${w.adjoint} ${fmt(n.adjoint)}`]),
  ]
}

export function toDotGraph(p: Program, opts: GraphOptions = {}): string {
  const g = toJSONGraph(p, opts)
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')
  const out = [
    'digraph chainrule {',
    '  rankdir=BT;',
    '  node [shape=box, style=rounded, fontname="Helvetica"];',
  ]
  for (const n of g.nodes) {
    const shape = n.kind === 'op' ? '' : ', shape=ellipse'
    out.push(`  n${n.id} [label="${lines(n, opts.lang).map(esc).join('\\n')}"${shape}];`)
  }
  for (const e of g.edges) out.push(`  n${e.from} -> n${e.to};`)
  out.push('}')
  return `${out.join('\n')}\n`
}

export function toMermaidGraph(p: Program, opts: GraphOptions = {}): string {
  const g = toJSONGraph(p, opts)
  const esc = (s: string) =>
    s.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;')
  const out = ['flowchart BT']
  for (const n of g.nodes) {
    const [open, close] = n.kind === 'op' ? ['["', '"]'] : ['(["', '"])']
    out.push(`  n${n.id}${open}${lines(n, opts.lang).map(esc).join('<br/>')}${close}`)
  }
  for (const e of g.edges) out.push(`  n${e.from} --> n${e.to}`)
  return `${out.join('\n')}\n`
}
