// Numbers and node formulas as the explanation prints them.
import { OP } from '../ops.js'
import type { GraphNode } from './unfold.js'

/** Integers exactly, others to 6 significant digits; ∞ and NaN by name. */
export function fmt(x: number): string {
  if (Number.isNaN(x)) return 'NaN'
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞'
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x)
  return String(Number(x.toPrecision(6)))
}

export function fmtLatex(x: number): string {
  if (Number.isNaN(x)) return '\\text{NaN}'
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty'
  const s = fmt(x)
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(s)
  return m ? `${m[1]} \\times 10^{${Number(m[2])}}` : s
}

// The op table's symbols (ASCII, as formulas are typed) as explanations print them.
const TYPESET: Readonly<Record<string, string>> = { '-': '−', '*': '·' }

/** What a node computes, in terms of its operands' labels: "C = A · B", "F = sin(C)", "A = x". */
export function formula(n: GraphNode, nodes: readonly GraphNode[], constant?: number): string {
  if (n.kind === 'input') return `${n.label} = ${n.variable}`
  if (n.kind === 'const') return `${n.label} = ${fmt(constant ?? Number.NaN)}`
  const [a, b] = n.operands.map((id) => nodes[id].label)
  const { symbol, arity } = OP[n.op as keyof typeof OP]
  if (symbol !== undefined) {
    const s = TYPESET[symbol] ?? symbol
    return arity === 2 ? `${n.label} = ${a} ${s} ${b}` : `${n.label} = ${s}${a}`
  }
  return `${n.label} = ${n.op}(${b === undefined ? a : `${a}, ${b}`})`
}

/** LaTeX of what a node computes, using the op table's printing. */
export function formulaLatex(n: GraphNode, nodes: readonly GraphNode[]): string {
  if (n.kind !== 'op') return n.label
  const [a, b] = n.operands.map((id) => nodes[id].label)
  return OP[n.op as keyof typeof OP].latex(a, b ?? '')
}
