// Numbers and node formulas as the explanation prints them.
import { formatNumber } from '../format-number.js'
import { OP, type Typeset } from '../ops.js'
import type { GraphNode } from './unfold.js'

/** Integers exactly, others to 6 significant digits; ∞ and NaN by name. */
export function fmt(x: number): string {
  if (Number.isNaN(x)) return 'NaN'
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞'
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x)
  return formatNumber(x, { digits: 6, plain: [1e-6, 1e21] })
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

// A typeset operand or group that needs no parentheses around it: a label, a number, a name, or one
// parenthesised whole.
const ATOM = /^(?:[\w.′πσ√∛]+|\([^()]*\)|[\w√∛]+\([^()]*\))$/u

function wrapText(x: string): string {
  return ATOM.test(x) ? x : `(${x})`
}

/** A fraction's numerator or denominator: a power binds tighter than the slash, so "D/E^2" needs none. */
function wrapFrac(x: string): string {
  return /^[^\s^]+\^[^\s^]+$/.test(x) ? x : wrapText(x)
}

/** The op table's rules as plain text: "cos(C)", "1/(2 · √A)", "C^(D − 1)". */
export const TEXT: Typeset = {
  minus: '−',
  pi: 'π',
  frac: (n, d) => `${wrapFrac(n)}/${wrapFrac(d)}`,
  sqrt: (x) => `√${wrapText(x)}`,
  cbrt: (x) => `∛${wrapText(x)}`,
  pow: (base, e) => `${wrapText(base)}^${wrapText(e)}`,
  // An operand already in parentheses, (−0.5), is not wrapped twice: ln(−0.5), not ln((−0.5)).
  fn: (name, x) => (/^\([^()]*\)$/.test(x) ? `${name}${x}` : `${name}(${x})`),
  times: (a, b) => `${a} · ${b}`,
  ind: (c) => `[${c}]`,
  group: (x) => `(${x})`,
  half: '½',
}

const LATEX_NAMES: Readonly<Record<string, string>> = {
  cos: '\\cos',
  sin: '\\sin',
  tan: '\\tan',
  cosh: '\\cosh',
  sinh: '\\sinh',
  tanh: '\\tanh',
  ln: '\\ln',
  σ: '\\sigma',
}
const LATEX_ATOM = /^(?:[\w.]+|\\pi|\\left\((?:(?!\\left).)*\\right\))$/

/** The op table's rules as LaTeX for KaTeX: "\cos\left(C\right)", "\frac{1}{2 \cdot \sqrt{A}}". */
export const LATEX: Typeset = {
  minus: '-',
  pi: '\\pi',
  frac: (n, d) => `\\frac{${n}}{${d}}`,
  sqrt: (x) => `\\sqrt{${x}}`,
  cbrt: (x) => `\\sqrt[3]{${x}}`,
  pow: (base, e) => `${LATEX_ATOM.test(base) ? base : `\\left(${base}\\right)`}^{${e}}`,
  fn: (name, x) => `${LATEX_NAMES[name] ?? `\\operatorname{${name}}`}\\left(${x}\\right)`,
  times: (a, b) => `${a} \\cdot ${b}`,
  ind: (c) => `\\left[${c}\\right]`,
  group: (x) => `\\left(${x}\\right)`,
  half: '\\tfrac{1}{2}',
}

/** A number as an operand in text: negative or exponent form in parentheses, "(−0.5)". */
export function operand(x: number): string {
  const s = fmt(x)
  return /^-|e/.test(s) ? `(${s})` : s
}

/** A number as an operand in LaTeX. */
export function operandLatex(x: number): string {
  const s = fmtLatex(x)
  return /^-|\\times/.test(s) ? `\\left(${s}\\right)` : s
}

/**
 * What the output is called in ∂f/∂x: `f`, unless a variable has that name (then `g`, `h`, …), so a
 * derivative never reads ∂f/∂f.
 */
export function outputName(variables: readonly string[]): string {
  for (const name of ['f', 'g', 'h', 'F', 'G', 'H']) if (!variables.includes(name)) return name
  let i = 1
  while (variables.includes(`f${i}`)) i++
  return `f${i}`
}

/**
 * What a derivative of the output is called where its number is shown: `f′(2)` for a function of one
 * variable (at its point), `∂f/∂x` for each of several; `f` is `outputName`'s, so never ∂f/∂f.
 */
export function derivativeName(variables: readonly string[], j: number, at: number): string {
  const f = outputName(variables)
  return variables.length === 1 ? `${f}′(${fmt(at)})` : `∂${f}/∂${variables[j]}`
}

/** `derivativeName` in LaTeX: `f'(2)`, `\frac{\partial f}{\partial x}`. */
export function derivativeNameLatex(variables: readonly string[], j: number, at: number): string {
  const f = outputName(variables)
  return variables.length === 1
    ? `${f}'(${fmtLatex(at)})`
    : `\\frac{\\partial ${f}}{\\partial ${variables[j]}}`
}
