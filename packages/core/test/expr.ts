// Test support for the expression language: random syntax trees, a reference
// interpreter written with plain Math (independent of the tape and the op
// table), and a tree comparison that ignores spans.
import fc from 'fast-check'
import type { CallNode, Expression, Node } from '../src/expr/ast.js'
import { postOrder } from '../src/expr/ast.js'
import { FUNCTIONS } from '../src/expr/functions.js'
import { PRIMITIVES } from '../src/ops.js'
import { domainOf, SMOOTH_PRIMITIVES } from './domains.js'

/** The tree without spans, as nested plain data, for deep equality. */
export function shape(tree: Node | Expression): unknown {
  if ('outputs' in tree) return tree.outputs.map(shape)
  const done: unknown[] = []
  postOrder(tree, (n) => {
    if (n.kind === 'call') done.push({ call: n.name, args: done.splice(done.length - n.args.length) })
    else if (n.kind === 'number') done.push(n.value)
    else done.push({ [n.kind]: n.name })
  })
  return done[0]
}

/** Compact text of a tree for assertions: add(mul(x, x), x), numbers as JS prints them. */
export function sexpr(tree: Node): string {
  const done: string[] = []
  postOrder(tree, (n) => {
    if (n.kind === 'call') done.push(`${n.name}(${done.splice(done.length - n.args.length).join(', ')})`)
    else done.push(n.kind === 'number' ? String(n.value) : n.name)
  })
  return done[0]
}

const stable = {
  sigmoid: (a: number) => (a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a))),
  softplus: (a: number) => Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a))),
}

// An op with no plain-Math equivalent (erf, erfc) has only its table value as
// reference; its accuracy is checked against published values in its own test.
const fromTable = Object.fromEntries(
  PRIMITIVES.map((o) => [o.name, (a: number, b = 0) => o.fwd(a, b)] as const),
)

/**
 * Each function as plain Math, following the documented definitions (docs/ARCHITECTURE.md §4,
 * composites.ts), independent of the op table wherever Math has the function.
 */
export const REFERENCE: Readonly<Record<string, (...a: number[]) => number>> = {
  ...fromTable,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  neg: (a) => -a,
  pow: Math.pow,
  square: (a) => a * a,
  sqrt: Math.sqrt,
  cbrt: Math.cbrt,
  abs: Math.abs,
  sign: Math.sign,
  min: Math.min,
  max: Math.max,
  hypot: Math.hypot,
  atan2: Math.atan2,
  exp: Math.exp,
  expm1: Math.expm1,
  log: (a, base) => (base === undefined ? Math.log(a) : Math.log(a) / Math.log(base)),
  log1p: Math.log1p,
  log2: Math.log2,
  log10: Math.log10,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  sigmoid: stable.sigmoid,
  relu: (a) => Math.max(a, 0),
  softplus: stable.softplus,
  step: (a) => (Number.isNaN(a) ? a : a > 0 ? 1 : 0),
  floor: Math.floor,
  ceil: Math.ceil,
  round: Math.round,
  where: (c, a, b) => (c > 0 ? a : b),
  clamp: (x, lo, hi) => Math.min(Math.max(x, lo), hi),
  logsumexp: (...xs) => {
    let m = xs[0]
    for (const x of xs) m = Math.max(m, x)
    let s = 0
    for (const x of xs) s += Math.exp(x - m)
    return m + Math.log(s)
  },
  leakyRelu: (x, alpha = 0.01) => REFERENCE.relu(x) - alpha * REFERENCE.relu(-x),
  mse: (...v) => {
    const n = v.length / 2
    let s = 0
    for (let i = 0; i < n; i++) {
      const d = v[i] - v[i + n]
      s += d * d
    }
    return s / n
  },
}

/** Evaluates a tree with plain numbers: the reference the compiled tape must match. */
export function evaluate(tree: Node, at: Readonly<Record<string, number>>): number {
  const done: number[] = []
  postOrder(tree, (n) => {
    if (n.kind === 'number' || n.kind === 'constant') done.push(n.value)
    else if (n.kind === 'variable') done.push(at[n.name])
    else done.push(REFERENCE[n.name](...done.splice(done.length - n.args.length)))
  })
  return done[0]
}

export const VARIABLES = ['x', 'y', 'z', 'x2', '_t', 'Ab'] as const

/** Every (function, argument count) the language accepts, variadic ones up to 4 arguments. */
export const SIGNATURES: readonly (readonly [string, number])[] = [...FUNCTIONS.values()].flatMap((def) => {
  const counts: number[] = []
  for (let n = def.minArgs; n <= Math.min(def.maxArgs, def.minArgs + 3); n++) {
    if (!def.evenArgs || n % 2 === 0) counts.push(n)
  }
  return counts.map((n) => [def.name, n] as const)
})

const leafNumber = fc
  .oneof(
    fc.integer({ min: 0, max: 100 }),
    fc.double({ min: 0, max: 1e6, noNaN: true }),
    fc.constantFrom(0.5, 1e-7, 1e21, 1.5e300, 5e-324, Number.MAX_VALUE),
  )
  .filter((v) => Number.isFinite(v) && !Object.is(v, -0))
  .map((value): Node => ({ kind: 'number', value, start: 0, end: 0 }))

const leaf: fc.Arbitrary<Node> = fc.oneof(
  leafNumber,
  fc.constantFrom<Node>(
    { kind: 'constant', name: 'pi', value: Math.PI, start: 0, end: 0 },
    { kind: 'constant', name: 'e', value: Math.E, start: 0, end: 0 },
  ),
  fc.constantFrom(...VARIABLES).map((name): Node => ({ kind: 'variable', name, start: 0, end: 0 })),
)

const OPERATORS = SIGNATURES.filter(
  ([name, n]) => ['add', 'sub', 'mul', 'div', 'pow', 'neg'].includes(name) && n <= 2,
)

function treeOf(maxDepth: number) {
  const call = (
    tie: (key: string) => fc.Arbitrary<unknown>,
    signatures: readonly (readonly [string, number])[],
  ) =>
    fc
      .constantFrom(...signatures)
      .chain(([name, n]) =>
        fc
          .array(tie('node') as fc.Arbitrary<Node>, { minLength: n, maxLength: n })
          .map((args): CallNode => ({ kind: 'call', name, args, start: 0, end: 0 })),
      )
  // Operators are weighted up: their precedence and associativity are what printing can get wrong.
  return fc.letrec<{ node: Node }>((tie) => ({
    node: fc.oneof(
      { maxDepth, depthIdentifier: 'tree', depthSize: 'medium' },
      { arbitrary: leaf, weight: 2 },
      { arbitrary: call(tie, OPERATORS), weight: 3 },
      { arbitrary: call(tie, SIGNATURES), weight: 2 },
    ),
  })).node
}

/** Any tree the parser could produce (spans zero). */
export const anyTree: fc.Arbitrary<Node> = treeOf(6)

/** One to three outputs. */
export const anyOutputs = fc.array(anyTree, { minLength: 1, maxLength: 3 })

// Smooth everywhere on the sample box: every op of the table without a kink,
// each operand mapped smoothly into its row's domain (lo + (hi − lo)·(1 + tanh a)/2),
// so a new op is drawn without touching this file; then the language's own
// forms (operators, implicit products, composites, aliases, two-argument log).
type Wrap = (a: string, b: string) => string
const inside = ([lo, hi]: readonly [number, number], a: string) =>
  `(${(hi + lo) / 2} + ${(hi - lo) / 2}*tanh(${a}))`
const SMOOTH: readonly Wrap[] = [
  ...SMOOTH_PRIMITIVES.map((op): Wrap => {
    const [da, db] = domainOf(op)
    return op.arity === 1
      ? (a) => `${op.name}${inside(da, a)}`
      : (a, b) => `${op.name}(${inside(da, a)}, ${inside(db, b)})`
  }),
  (a, b) => `(${a}) + (${b})`,
  (a, b) => `(${a}) - (${b})`,
  (a, b) => `(${a})*(${b})`,
  (a, b) => `(${a})/(1 + square(${b}))`,
  (a) => `-(${a})`,
  (a) => `(${a})^2`,
  (a) => `ln(1 + square(${a}))`,
  (a, b) => `logsumexp(${a}, ${b}, 1)`,
  (a, b) => `log(3 + sin(${a}), 3 + cos(${b}))`,
  (a) => `2sin(${a})`,
]

/** Text of a random smooth expression in x, y and z. */
export const smoothText: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'smooth', depthSize: 'medium' },
    { arbitrary: fc.constantFrom('x', 'y', 'z', '0.5', 'pi', 'e', '2x'), weight: 1 },
    {
      arbitrary: fc.tuple(fc.constantFrom(...SMOOTH), tie('e'), tie('e')).map(([wrap, a, b]) => wrap(a, b)),
      weight: 2,
    },
  ),
})).e
