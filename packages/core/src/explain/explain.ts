// explain: the reverse sweep of one output as ordered steps, each applying
// one local partial, then each variable's leaves summed into its derivative.
// For x*x + x at 2 this is the origin text's walkthrough: dE/dE = 1,
// dE/dC = 1, dE/dD = 1, dE/dA = 2, dE/dB = 2, f′(2) = 2 + 2 + 1 = 5.

import type { Program } from '../backend.js'
import { OPS } from '../ops.js'
import {
  derivativeName,
  derivativeNameLatex,
  fmt,
  fmtLatex,
  formula,
  formulaLatex,
  LATEX,
  operand,
  operandLatex,
  outputName,
  TEXT,
} from './format.js'
import { type Lang, MESSAGES, type Messages } from './messages.js'
import { type GraphNode, unfold } from './unfold.js'

export interface ExplainOptions {
  lang?: Lang
  /**
   * `reverse` (default): the backward sweep of adjoints, one sweep for the whole gradient.
   * `forward`: also the forward sweeps of tangents (dual numbers), one per input, in `forward`.
   */
  mode?: 'reverse' | 'forward'
  /** Which output to explain (default 0). */
  output?: number
}

export interface ExplainNode extends GraphNode {
  readonly value: number
  /** d(output)/d(this node); absent for a constant, which is not differentiated. */
  readonly adjoint?: number
  /** ∂parent/∂this for each of `uses`; empty for a constant. */
  readonly locals: readonly number[]
  /** "C = A · B" */
  readonly formula: string
  readonly latex: string
}

export interface ExplainTerm {
  /** Label of the node whose rule is applied. */
  readonly parent: string
  readonly parentAdjoint: number
  /** ∂parent/∂this at the point. */
  readonly local: number
  /** The local partial by its rule, then its number: "∂C/∂A = B = 2", "∂D/∂C = cos(C) = cos(2) = -0.416147". */
  readonly rule: string
  /** The same in LaTeX. */
  readonly ruleLatex: string
}

export interface ExplainStep {
  /** Tape node. */
  readonly node: number
  readonly label: string
  /** ∂parent/∂this (1 for the output's own seed; for a node used several times, of its last use). */
  readonly local: number
  readonly adjoint: number
  readonly terms: readonly ExplainTerm[]
  readonly text: string
  readonly latex: string
  /** The notes (kinks, domains) of the nodes whose partials this step applies. */
  readonly notes?: readonly ExplainNote[]
}

export interface ExplainDerivative {
  readonly variable: string
  readonly leaves: readonly string[]
  readonly value: number
  readonly text: string
  readonly latex: string
}

/** Something at this point a reader should know where the number is shown. */
export interface ExplainNote {
  /**
   * `kink`: an op exactly at its kink, its derivative pinned by convention; `domain`: NaN from outside
   * an op's domain; `name`: how a name of the expression was read (`e` as Euler's number, `xy` as one variable).
   */
  readonly kind: 'kink' | 'domain' | 'name'
  /** The node it concerns. */
  readonly label: string
  readonly node: number
  readonly op: string
  /** For a partial's note, the operand it is the partial by: it is said at that operand's step. */
  readonly operand?: string
  readonly text: string
}

/** One term of a forward step: ∂this/∂operand times the operand's tangent. */
export interface ForwardTerm {
  readonly operand: string
  readonly operandTangent: number
  /** ∂this/∂operand at the point. */
  readonly local: number
}

/** A node's tangent in one forward sweep: Ċ = Ȧ·B + A·Ḃ. */
export interface ForwardStep {
  readonly node: number
  readonly label: string
  /** d(this)/d(the sweep's variable). */
  readonly tangent: number
  readonly terms: readonly ForwardTerm[]
  readonly text: string
  readonly latex: string
}

/** The forward sweep seeded at one variable: its tangent 1, every other input's 0. */
export interface ForwardSweep {
  readonly variable: string
  /** "Seed ẋ = 1 …" */
  readonly seed: string
  readonly steps: readonly ForwardStep[]
  /** The output's tangent: ∂f/∂variable. */
  readonly value: number
  readonly text: string
  readonly latex: string
}

/** How many sweeps each mode needs for this function's whole gradient. */
export interface SweepCount {
  /** One backward sweep gives every input's partial of one output. */
  readonly reverse: number
  /** One forward sweep per input. */
  readonly forward: number
  readonly text: string
}

export interface Explanation {
  readonly mode: 'reverse' | 'forward'
  readonly point: readonly number[]
  readonly value: number
  readonly output: string
  readonly nodes: readonly ExplainNode[]
  readonly steps: readonly ExplainStep[]
  readonly derivatives: readonly ExplainDerivative[]
  /** Kinks and domain errors met at this point, in node order. */
  readonly notes: readonly ExplainNote[]
  /** Reverse needs 1 sweep for the whole gradient, forward one per input. */
  readonly sweeps: SweepCount
  /** With `mode: 'forward'`: one forward sweep per input. */
  readonly forward?: readonly ForwardSweep[]
}

export function explainProgram(p: Program, x: ArrayLike<number>, opts: ExplainOptions = {}): Explanation {
  const msg = MESSAGES[opts.lang ?? 'en']
  const output = opts.output ?? 0
  if (!(output >= 0 && output < p.outputs)) throw new RangeError(`explain: no output ${output}`)
  const w = new Float64Array(p.outputs)
  w[output] = 1
  const { vjp: gradient } = p.vjp(x, w)
  const nodes = explainNodes(p, unfold(p.tape, output, p.variables))
  const root = nodes[nodes.length - 1]
  const notation = notationFor(root.label)
  const notes = [...nameNotes(p, nodes, msg), ...nodeNotes(nodes, msg)]
  const mode = opts.mode ?? 'reverse'
  const n = p.variables.length
  return {
    mode,
    point: Array.from(x),
    value: root.value,
    output: root.label,
    nodes,
    steps: sweepSteps(nodes, notation, msg, notes),
    derivatives: variableDerivatives(p.variables, nodes, x, gradient, notation, msg),
    notes,
    sweeps: { reverse: 1, forward: n, text: msg.sweeps(n) },
    ...(mode === 'forward'
      ? { forward: p.variables.map((v) => forwardSweep(v, nodes, x, msg, outputName(p.variables))) }
      : {}),
  }
}

/** The unfolded graph with each node's value, adjoint and local partials, read off the program's last sweeps. */
function explainNodes(p: Program, graph: readonly GraphNode[]): ExplainNode[] {
  const tape = p.tape
  const v = p.nodeValues()
  const g = p.nodeAdjoints()
  const local = (use: { parent: number; slot: number }) => {
    const i = graph[use.parent].node
    const def = OPS[tape.op[i]]
    const va = v[tape.a[i]]
    const vb = tape.b[i] < 0 ? 0 : v[tape.b[i]]
    return use.slot === 0 ? def.da(va, vb, v[i]) : def.db(va, vb, v[i])
  }
  // A leaf's adjoint is its one use's share; an interior node's is the tape's total. A constant
  // has none: it is not differentiated, and its partial may be NaN (∂(a^b)/∂b at a < 0) for no fault.
  const adjointOf = (n: GraphNode) =>
    n.kind === 'const'
      ? undefined
      : n.kind === 'op' || n.uses.length === 0
        ? g[n.node]
        : g[graph[n.uses[0].parent].node] * local(n.uses[0])
  // Properties spelled out, not spread: a spread copy was the slowest line of explain.
  return graph.map((n) => ({
    id: n.id,
    label: n.label,
    node: n.node,
    kind: n.kind,
    op: n.op,
    operands: n.operands,
    uses: n.uses,
    variable: n.variable,
    value: v[n.node],
    ...(n.kind === 'const' ? {} : { adjoint: adjointOf(n) }),
    locals: n.kind === 'const' ? [] : n.uses.map(local),
    formula: formula(n, graph, v[n.node]),
    latex: formulaLatex(n, graph),
  }))
}

/** The adjoint of a node that has one (every node but a constant). */
function adjointOf(n: ExplainNode): number {
  return n.adjoint ?? Number.NaN
}

/** How "d(output)/d(label)" is written, as text and as LaTeX. */
interface Notation {
  readonly out: string
  readonly d: (label: string) => string
  readonly dl: (label: string) => string
}

function notationFor(out: string): Notation {
  return {
    out,
    d: (label) => `d${out}/d${label}`,
    dl: (label) => `\\frac{\\partial ${out}}{\\partial ${label}}`,
  }
}

/** The output's seed, then op nodes from the output down; a node's step comes when its last use is applied. */
function sweepSteps(
  nodes: readonly ExplainNode[],
  notation: Notation,
  msg: Messages,
  notes: readonly ExplainNote[],
): ExplainStep[] {
  const noteOf = new Map<string, ExplainNote[]>()
  for (const n of notes) noteOf.set(n.label, [...(noteOf.get(n.label) ?? []), n])
  const root = nodes[nodes.length - 1]
  const steps: ExplainStep[] = [
    {
      node: root.node,
      label: notation.out,
      local: 1,
      adjoint: 1,
      terms: [],
      text: msg.seed(notation.out),
      latex: `${notation.dl(notation.out)} = 1`,
    },
  ]
  const remaining = nodes.map((n) => n.uses.length)
  // A node's note is said at the first step that applies its partials, not again at each operand's.
  const said = new Set<ExplainNote>()
  for (let id = nodes.length - 1; id >= 0; id--) {
    const n = nodes[id]
    if (n.kind !== 'op') continue
    for (const operand of n.operands) {
      const child = nodes[operand]
      if (--remaining[operand] > 0 || child.kind === 'const') continue
      steps.push(stepFor(child, nodes, notation, msg, noteOf, said))
    }
  }
  return steps
}

/** One node's adjoint as the sum over its uses of parent adjoint × local partial. */
function stepFor(
  n: ExplainNode,
  nodes: readonly ExplainNode[],
  { d, dl }: Notation,
  msg: Messages,
  noteOf: ReadonlyMap<string, readonly ExplainNote[]>,
  said: Set<ExplainNote>,
): ExplainStep {
  const terms: ExplainTerm[] = n.uses
    .map((u, k) => {
      const parent = nodes[u.parent]
      const local = n.locals[k]
      return {
        parent: parent.label,
        parentAdjoint: adjointOf(parent),
        local,
        ...ruleOf(parent, u.slot, n.label, local, nodes, msg),
      }
    })
    .reverse()
  const chain = terms.map((t) => `${d(t.parent)} · ∂${t.parent}/∂${n.label}`).join(' + ')
  const nums = terms.map((t) => `${fmt(t.parentAdjoint)} × ${operand(t.local)}`).join(' + ')
  const last = terms[terms.length - 1]
  // Why each local partial is what it is; a node used twice by one parent (t·t) says it once.
  const why = [
    ...new Set(
      n.uses
        .slice()
        .reverse()
        .map((u, k) => msg.because(nodes[u.parent].formula, terms[k].rule)),
    ),
  ].join(' ')
  const notes = [...new Set(terms.flatMap((t) => noteOf.get(t.parent) ?? []))].filter(
    (x) => !said.has(x) && (x.operand === undefined || x.operand === n.label),
  )
  for (const x of notes) said.add(x)
  const chainL = terms
    .map((t) => `${dl(t.parent)} \\cdot \\frac{\\partial ${t.parent}}{\\partial ${n.label}}`)
    .join(' + ')
  const numsL = terms.map((t) => `${fmtLatex(t.parentAdjoint)} \\times ${operandLatex(t.local)}`).join(' + ')
  return {
    node: n.node,
    label: n.label,
    local: last.local,
    adjoint: adjointOf(n),
    terms,
    text: [
      `${d(n.label)} = ${chain} = ${nums} = ${fmt(adjointOf(n))}.`,
      why,
      ...notes.map((x) => x.text),
    ].join(' '),
    latex: `${dl(n.label)} = ${chainL} = ${numsL} = ${fmtLatex(adjointOf(n))}`,
    ...(notes.length > 0 ? { notes } : {}),
  }
}

// A dot over a label (a combining dot, composed where a letter has one: Ȧ, Ḃ, Ċ, ẋ).
const dot = (label: string) => `${label}\u0307`.normalize('NFC')
const dotL = (label: string) => `\\dot{${label}}`

/**
 * The tangents of one forward sweep: every leaf of `variable` seeded with 1, other leaves 0, then
 * each op node in post-order as the sum over its operands of ∂node/∂operand times their tangent.
 */
function forwardSweep(
  variable: string,
  nodes: readonly ExplainNode[],
  x: ArrayLike<number>,
  msg: Messages,
  f: string,
): ForwardSweep {
  const tangent = new Float64Array(nodes.length)
  const steps: ForwardStep[] = []
  for (const n of nodes) {
    if (n.kind === 'const') continue
    if (n.kind === 'input') {
      tangent[n.id] = n.variable === variable ? 1 : 0
      const t = fmt(tangent[n.id])
      const v = dot(n.variable ?? '')
      steps.push({
        node: n.node,
        label: n.label,
        tangent: tangent[n.id],
        terms: [],
        text: `${dot(n.label)} = ${v} = ${t}`,
        latex: `${dotL(n.label)} = \\dot{${n.variable ?? ''}} = ${t}`,
      })
      continue
    }
    const def = OPS[opCode(n)]
    const operands = n.operands.map((id) => nodes[id])
    const [a, b] = operands
    const va = a.value
    const vb = b?.value ?? 0
    const terms: ForwardTerm[] = []
    const sym: string[] = []
    const num: string[] = []
    const symL: string[] = []
    const numL: string[] = []
    operands.forEach((o, slot) => {
      // A constant's tangent is 0 and it is not differentiated: no term.
      if (o.kind === 'const') return
      const local = (slot === 0 ? def.da : def.db)(va, vb, n.value)
      terms.push({ operand: o.label, operandTangent: tangent[o.id], local })
      const rule = def.rule?.[slot]
      const r = rule ? rule(a.label, b?.label ?? '', TEXT) : fmt(local)
      const rn = rule ? rule(operand(va), b ? operand(vb) : '', TEXT) : operand(local)
      const rL = rule ? rule(a.label, b?.label ?? '', LATEX) : fmtLatex(local)
      const rnL = rule ? rule(operandLatex(va), b ? operandLatex(vb) : '', LATEX) : operandLatex(local)
      const t = operand(tangent[o.id])
      const tL = operandLatex(tangent[o.id])
      // The product rule reads Ȧ·B + A·Ḃ: a label rule of the first operand goes after its tangent.
      const after = slot === 0 && /^[A-Z]+$/.test(r)
      const one = r === '1' || r === '−1'
      const wrap = (x: string, latex: boolean) =>
        /\s/.test(x) && !/^\(.*\)$/.test(x) ? (latex ? LATEX.group(x) : TEXT.group(x)) : x
      const join = (rule: string, tan: string, sep: string, latex: boolean) =>
        one ? tan : after ? `${tan}${sep}${rule}` : `${wrap(rule, latex)}${sep}${tan}`
      // Add's and sub's ±1 are the sign of the term.
      const sign = sym.length === 0 ? (r === '−1' ? '−' : '') : r === '−1' ? ' − ' : ' + '
      const signL = sym.length === 0 ? (r === '−1' ? '-' : '') : r === '−1' ? ' - ' : ' + '
      sym.push(sign + join(r, dot(o.label), '·', false))
      num.push(sign + join(rn, t, '·', false))
      symL.push(signL + join(rL, dotL(o.label), ' \\cdot ', true))
      numL.push(signL + join(rnL, tL, ' \\cdot ', true))
    })
    // Exactly what the tangent sweep does: a zero tangent contributes nothing, even times NaN.
    const value = terms.reduce((s, t) => (t.operandTangent === 0 ? s : s + t.local * t.operandTangent), 0)
    tangent[n.id] = value
    const head = `${dot(n.label)}`
    const parts = terms.length === 0 ? ['0'] : [sym.join(''), num.join(''), fmt(value)]
    const partsL = terms.length === 0 ? ['0'] : [symL.join(''), numL.join(''), fmtLatex(value)]
    const dedupe = (xs: string[]) => xs.filter((s, i) => i === 0 || s !== xs[i - 1])
    steps.push({
      node: n.node,
      label: n.label,
      tangent: value,
      terms,
      text: `${head} = ${dedupe(parts).join(' = ')}`,
      latex: `${dotL(n.label)} = ${dedupe(partsL).join(' = ')}`,
    })
  }
  const root = nodes[nodes.length - 1]
  const value = root.kind === 'const' ? 0 : tangent[root.id]
  const at = Array.from(x, (v) => fmt(v)).join(', ')
  return {
    variable,
    seed: msg.seed_forward(variable),
    steps,
    value,
    text: msg.forwardResult(`∂${f}/∂${variable}`, `${dot(root.label)} = ${fmt(value)}`, at),
    latex: `\\frac{\\partial ${f}}{\\partial ${variable}} = ${dotL(root.label)} = ${fmtLatex(value)}`,
  }
}

/** How the expression's names were read, said once per name, at its first leaf. */
function nameNotes(p: Program, nodes: readonly ExplainNode[], msg: Messages): ExplainNote[] {
  const { source, spans } = p.tape
  const notes: ExplainNote[] = []
  const said = new Set<string>()
  for (const n of nodes) {
    let text: string | undefined
    let name: string | undefined
    if (n.kind === 'const' && source !== undefined && spans && spans[2 * n.node] >= 0) {
      name = source.slice(spans[2 * n.node], spans[2 * n.node + 1])
      if (name === 'e') text = msg.euler(fmt(n.value))
    } else if (n.kind === 'input' && n.variable !== undefined && /^[a-z]{2,3}$/i.test(n.variable)) {
      name = n.variable
      text = msg.oneVariable(name, [...name].join('*'))
    }
    if (text === undefined || name === undefined || said.has(name)) continue
    said.add(name)
    notes.push({ kind: 'name', label: n.label, node: n.node, op: n.op, text })
  }
  return notes
}

/** Each op node at its kink, or NaN from operands that are not NaN (outside its domain). */
function nodeNotes(nodes: readonly ExplainNode[], msg: Messages): ExplainNote[] {
  const notes: ExplainNote[] = []
  for (const n of nodes) {
    if (n.kind !== 'op') continue
    const def = OPS[opCode(n)]
    const operands = n.operands.map((id) => nodes[id])
    const [va, vb] = [operands[0].value, operands[1]?.value ?? 0]
    const base = { label: n.label, node: n.node, op: n.op }
    if (Number.isNaN(n.value) && operands.every((o) => !Number.isNaN(o.value))) {
      const call = `${n.op}(${operands.map((o) => fmt(o.value)).join(', ')})`
      notes.push({ kind: 'domain', ...base, text: msg.domain(call, n.op, n.label) })
    } else if (!def.kink?.(va, vb)) {
      // A value that is not NaN whose partial is (x^y's ln(x) at x < 0): the rule leaves its domain, not the op.
      const at = operands.map((o) => `${o.label} = ${fmt(o.value)}`).join(', ')
      operands.forEach((o, slot) => {
        if (Number.isNaN(n.value) || !Number.isNaN((slot === 0 ? def.da : def.db)(va, vb, n.value))) return
        // A constant is not differentiated: (x−3)^2's exponent has no partial worth a note.
        if (o.kind === 'const' || operands.some((x) => Number.isNaN(x.value))) return
        const rule = def.rule?.[slot]
        const partial = `∂${n.label}/∂${o.label}`
        const typed = rule
          ? `${partial} = ${rule(operands[0].label, operands[1]?.label ?? '', TEXT)}`
          : partial
        notes.push({ kind: 'domain', ...base, operand: o.label, text: msg.partialDomain(typed, at, partial) })
      })
    } else {
      const at = operands.map((o) => `${o.label} = ${fmt(o.value)}`).join(', ')
      const partials = operands
        .map((o, slot) => {
          const local = (slot === 0 ? def.da : def.db)(va, vb, n.value)
          return `∂${n.label}/∂${o.label} = ${fmt(local)}`
        })
        .join(', ')
      notes.push({ kind: 'kink', ...base, text: msg.kink(n.op, at, partials) })
    }
  }
  return notes
}

/** "∂P/∂C = rule(labels) = rule(values) = number", each form once (add's 1 is just "1"). */
function ruleOf(
  parent: ExplainNode,
  slot: number,
  child: string,
  local: number,
  nodes: readonly ExplainNode[],
  msg: Messages,
): { rule: string; ruleLatex: string } {
  const rule = OPS[parent.kind === 'op' ? opCode(parent) : 0].rule?.[slot]
  const [a, b] = parent.operands.map((id) => nodes[id])
  // Outside the op's domain its value and partial are NaN whatever the rule gives at these numbers
  // (1/(−1) is −1, not NaN): say so instead of an equation that evaluates falsely.
  const outside =
    parent.kind === 'op' &&
    Number.isNaN(local) &&
    [a, b].every((o) => o === undefined || !Number.isNaN(o.value))
  const forms = (t: typeof TEXT, num: (x: number) => string, value: string, partial: string): string => {
    if (rule && outside) {
      const why = msg.undefinedHere(Number.isNaN(parent.value) ? parent.op : undefined)
      return `${partial} = ${rule(a.label, b?.label ?? '', t)}, ${t === LATEX ? `\\text{${why}}` : why} = ${value}`
    }
    const parts = rule
      ? [rule(a.label, b?.label ?? '', t), rule(num(a.value), b ? num(b.value) : '', t), value]
      : [value]
    // "−1 = -1" says one thing twice: the rule's minus and the number's are compared as one.
    const same = (u: string, v: string) => u.replaceAll('−', '-') === v.replaceAll('−', '-')
    return [partial, ...parts.filter((x, i) => i === 0 || !same(x, parts[i - 1]))].join(' = ')
  }
  return {
    rule: forms(TEXT, operand, fmt(local), `∂${parent.label}/∂${child}`),
    ruleLatex: forms(
      LATEX,
      operandLatex,
      fmtLatex(local),
      `\\frac{\\partial ${parent.label}}{\\partial ${child}}`,
    ),
  }
}

const CODES: ReadonlyMap<string, number> = new Map(OPS.map((o) => [o.name, o.code]))

function opCode(n: ExplainNode): number {
  return CODES.get(n.op) ?? 0
}

/** Each variable's derivative as the sum of its leaves' adjoints. */
function variableDerivatives(
  variables: readonly string[],
  nodes: readonly ExplainNode[],
  x: ArrayLike<number>,
  gradient: ArrayLike<number>,
  { d, dl }: Notation,
  msg: Messages,
): ExplainDerivative[] {
  return variables.map((variable, j) => {
    const leaves = nodes.filter((n) => n.kind === 'input' && n.variable === variable)
    const name = derivativeName(variables, j, x[0])
    const nameL = derivativeNameLatex(variables, j, x[0])
    const sum = leaves.map((l) => d(l.label)).join(' + ') || '0'
    const nums = leaves.map((l, i) => (i === 0 ? fmt : operand)(adjointOf(l))).join(' + ') || '0'
    // One leaf: its adjoint is the derivative, said once.
    const eq =
      leaves.length === 1
        ? `${name} = ${sum} = ${fmt(gradient[j])}`
        : `${name} = ${sum} = ${nums} = ${fmt(gradient[j])}`
    const sumL = leaves.map((l) => dl(l.label)).join(' + ') || '0'
    const numsL = leaves.map((l, i) => (i === 0 ? fmtLatex : operandLatex)(adjointOf(l))).join(' + ') || '0'
    return {
      variable,
      leaves: leaves.map((l) => l.label),
      value: gradient[j],
      text: msg.sum(
        variable,
        leaves.map((l) => l.label),
        eq,
      ),
      latex:
        leaves.length === 1
          ? `${nameL} = ${sumL} = ${fmtLatex(gradient[j])}`
          : `${nameL} = ${sumL} = ${numsL} = ${fmtLatex(gradient[j])}`,
    }
  })
}
