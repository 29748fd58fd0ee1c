// biome-ignore-all format: one row per op reads better than the formatter's layout
// The op table: every primitive chainrule differentiates, declared once.
//
// Each row gives the value `fwd(a, b)`, the local partials `da`/`db` (the sweep
// multiplies them by the adjoint), the second partials the tangent-of-adjoint
// sweep (hvp) needs, where the op has a kink, and how it prints. `y` is the
// node's own value, passed so a rule can reuse it (exp' = exp). Opcodes are
// explicit and append-only: never renumber or reuse one, since tapes are data
// that outlive the code that recorded them, and the AssemblyScript sweeps use
// constants generated from this table (scripts/gen-opcodes).
//
// Kink conventions (a derivative that does not exist is pinned, never thrown):
// relu'(0) = 0, abs'(0) = 0, sign' = step' = floor' = ceil' = round' = 0,
// min/max at a tie give ½ to each side, sqrt'(0) = cbrt'(0) = +∞, hypot and
// atan2 have zero partials at the origin; d/dy x^y = x^y·ln x for x > 0, 0 for
// x = 0 and y > 0, NaN otherwise. Outside a domain the value and both partials
// are NaN (log′(−1) is NaN, not −1), so a NaN value never has a finite slope.

type Fn2 = (a: number, b: number) => number
type Fn3 = (a: number, b: number, y: number) => number

/** A closed interval [lo, hi]. */
export type Interval = readonly [number, number]

export interface OpDef {
  readonly name: string
  readonly code: number
  readonly arity: 0 | 1 | 2
  /** Value. */
  readonly fwd: Fn2
  /** ∂y/∂a and ∂y/∂b at (a, b) with y = fwd(a, b). */
  readonly da: Fn3
  readonly db: Fn3
  /** Second partials ∂²y/∂a², ∂²y/∂a∂b, ∂²y/∂b², for the tangent-of-adjoint sweep. */
  readonly daa: Fn3
  readonly dab: Fn3
  readonly dbb: Fn3
  /** True exactly where the op is not differentiable (the sweep reports `kink`). */
  readonly kink?: (a: number, b: number) => boolean
  /** Infix symbol for binary ops (`+`), prefix for `neg`; otherwise printed as `name(…)`. */
  readonly symbol?: string
  /** Binding strength of the infix symbol, for printing with minimal parentheses. */
  readonly precedence?: number
  /** LaTeX of the op applied to already-typeset operands. */
  readonly latex: (a: string, b: string) => string
  /**
   * Where the op is sampled to test it: an interval per operand inside which the
   * value and partials are finite and smooth enough for finite differences
   * (omitted: [-2, 2]). Test points, the property tests' random trees and the
   * domain checks all read it, so a new op with a restricted domain states it here.
   */
  readonly domain?: readonly [Interval, Interval?]
  /**
   * ∂y/∂a and ∂y/∂b in terms of the operands, for `explain`: typeset as LaTeX or as text by `t`,
   * given the operands' labels ("cos(C)") or their values ("cos(2)"). Every primitive has one per operand.
   */
  readonly rule?: readonly [Rule] | readonly [Rule, Rule]
}

/** One local partial's formula; `a` and `b` are typeset operands (labels or numbers). */
export type Rule = (a: string, b: string, t: Typeset) => string

/** The few constructions the rules need, so one rule prints as LaTeX (for KaTeX) and as plain text. */
export interface Typeset {
  readonly minus: string
  readonly pi: string
  frac(num: string, den: string): string
  sqrt(x: string): string
  cbrt(x: string): string
  pow(base: string, exponent: string): string
  /** A named function applied: cos, sin, tan, sinh, cosh, tanh, ln, σ, sign, hypot. */
  fn(name: string, x: string): string
  times(a: string, b: string): string
  /** 1 where the condition holds, else 0 (Iverson bracket). */
  ind(condition: string): string
  /** A parenthesised group. */
  group(x: string): string
  /** One half, as a coefficient: "½", "\\tfrac{1}{2}". */
  readonly half: string
}

const zero: Fn3 = () => 0
const one: Fn3 = () => 1
const LN2 = Math.LN2
const LN10 = Math.LN10

function sigmoid(a: number): number {
  // exp of a non-positive number never overflows.
  if (a >= 0) return 1 / (1 + Math.exp(-a))
  const e = Math.exp(a)
  return e / (1 + e)
}

function powDb(a: number, b: number, y: number): number {
  if (a > 0) return y * Math.log(a)
  if (a === 0 && b > 0) return 0
  return Number.NaN
}

function minDa(a: number, b: number): number {
  return a < b ? 1 : a > b ? 0 : a === b ? 0.5 : Number.NaN
}

// erf and erfc are not in Math, so they are written here, in + − × ÷, floor and
// Math.exp only: the rule generator translates these functions for the WASM
// backend too, and the two round identically. Relative error ≤ 1e-15 (tested
// against 22-digit values); erfc has no cancellation in its tail.
const TWO_OVER_SQRT_PI = 1.1283791670955126
const ONE_OVER_SQRT_PI = 0.5641895835477563

/** erf(x) for |x| ≤ ½: the Taylor series x·Σ(−x²)ⁿ/(n!(2n+1)), 17 terms (the next is < 1e-23). */
function erfSeries(x: number): number {
  const x2 = x * x
  let term = 1
  let p = 1
  let n = 1
  while (n <= 16) {
    term = (-term * x2) / n
    p = p + term / (2 * n + 1)
    n = n + 1
  }
  return TWO_OVER_SQRT_PI * (x * p)
}

/**
 * erfc(x) for x ≥ ½: Laplace's continued fraction e^{−x²}/√π / (x + ½/(x + 1/(x + (3/2)/(x + …)))),
 * evaluated backwards from 240/x² + 10 terms (about 200/x² reach 1e-17). e^{−x²} is
 * e^{−s²}·e^{−(x−s)(x+s)} with s = ⌊16x⌋/16, so that s² is exact and x² is not rounded.
 * Beyond 27.3 erfc is below the smallest double (and x = ∞ needs no fraction).
 */
function erfcFraction(x: number): number {
  if (x >= 27.3) return 0
  let t = x
  let k = Math.floor(240 / (x * x)) + 10
  while (k >= 1) {
    t = x + (k * 0.5) / t
    k = k - 1
  }
  const s = Math.floor(x * 16) / 16
  return (ONE_OVER_SQRT_PI * Math.exp(-s * s) * Math.exp(-(x - s) * (x + s))) / t
}

/** Gaussian error function; odd, so erf(−0) = −0. */
function erf(x: number): number {
  if (x > 0.5) return 1 - erfcFraction(x)
  if (x < -0.5) return erfcFraction(-x) - 1
  return erfSeries(x)
}

/** Complementary error function 1 − erf(x), accurate where it is tiny. */
function erfc(x: number): number {
  if (x >= 0.5) return erfcFraction(x)
  if (x <= -0.5) return 2 - erfcFraction(-x)
  return 1 - erfSeries(x)
}

// A row states every rule its arity needs — a partial that is zero is written
// `zero` — so a forgotten rule is a type error here and an error naming the op
// when the table loads, never a silent 0 in some sweep. A unary op has no b, so
// its ∂/∂b rules are zero by construction; leaves have no operands at all.
interface BaseRow extends Pick<OpDef, 'name' | 'code' | 'kink' | 'symbol' | 'precedence' | 'domain'> {
  readonly latex?: OpDef['latex']
}
interface LeafRow extends BaseRow { readonly arity: 0; readonly fwd: Fn2 }
interface UnaryRow extends BaseRow, Pick<OpDef, 'fwd' | 'da' | 'daa'> { readonly arity: 1; readonly rule: readonly [Rule] }
interface BinaryRow extends BaseRow, Pick<OpDef, 'fwd' | 'da' | 'db' | 'daa' | 'dab' | 'dbb'> {
  readonly arity: 2
  readonly rule: readonly [Rule, Rule]
}
export type Row = LeafRow | UnaryRow | BinaryRow

/** The rules a row of each arity must state, in the order the sweeps use them. */
export const RULES_BY_ARITY = {
  0: ['fwd'],
  1: ['fwd', 'da', 'daa'],
  2: ['fwd', 'da', 'db', 'daa', 'dab', 'dbb'],
} as const satisfies Record<0 | 1 | 2, readonly (keyof OpDef)[]>

// min/max's rule with its tie convention stated, so a tie's ½ reads true: "[A > B] + ½[A = B]".
const tie = (strict: string, a: string, b: string, t: Typeset) => `${strict} + ${t.half}${t.ind(`${a} = ${b}`)}`

const fn = (name: string) => (a: string) => `\\operatorname{${name}}\\left(${a}\\right)`

const rows = [
  // Leaves: an INPUT holds its recorded value until a sweep overwrites it; a CONST never changes.
  { name: 'input', code: 0, arity: 0, fwd: () => Number.NaN, latex: (a) => a },
  { name: 'const', code: 1, arity: 0, fwd: () => Number.NaN, latex: (a) => a },

  // Arithmetic.
  { name: 'add', code: 2, arity: 2, fwd: (a, b) => a + b, da: one, db: one, daa: zero, dab: zero, dbb: zero,
    symbol: '+', precedence: 1, latex: (a, b) => `${a} + ${b}`, rule: [() => '1', () => '1'] },
  { name: 'sub', code: 3, arity: 2, fwd: (a, b) => a - b, da: one, db: () => -1, daa: zero, dab: zero, dbb: zero,
    symbol: '-', precedence: 1, latex: (a, b) => `${a} - ${b}`, rule: [() => '1', (_, __, t) => `${t.minus}1`] },
  { name: 'mul', code: 4, arity: 2, fwd: (a, b) => a * b, da: (_, b) => b, db: (a) => a, daa: zero, dab: one, dbb: zero,
    symbol: '*', precedence: 2, latex: (a, b) => `${a} \\cdot ${b}`, rule: [(_, b) => b, (a) => a] },
  { name: 'div', code: 5, arity: 2, domain: [[-2, 2], [0.5, 2]], fwd: (a, b) => a / b, da: (_, b) => 1 / b, db: (_, b, y) => -y / b, daa: zero,
    dab: (_, b) => -1 / (b * b), dbb: (_, b, y) => (2 * y) / (b * b),
    symbol: '/', precedence: 2, latex: (a, b) => `\\frac{${a}}{${b}}`,
    rule: [(_, b, t) => t.frac('1', b), (a, b, t) => `${t.minus}${t.frac(a, t.pow(b, '2'))}`] },
  { name: 'neg', code: 6, arity: 1, fwd: (a) => -a, da: () => -1, daa: zero,
    symbol: '-', precedence: 3, latex: (a) => `-${a}`, rule: [(_, __, t) => `${t.minus}1`] },
  // pow(a, b) = a^b with both arguments differentiable; b = 0 has slope 0 in a even at a = 0.
  { name: 'pow', code: 7, arity: 2, domain: [[0.3, 2.5], [-2, 2]], fwd: Math.pow,
    da: (a, b) => (b === 0 ? 0 : b * a ** (b - 1)), db: powDb,
    daa: (a, b) => (b === 0 || b === 1 ? 0 : b * (b - 1) * a ** (b - 2)),
    dab: (a, b) => (a > 0 ? a ** (b - 1) * (1 + b * Math.log(a)) : a === 0 && b > 1 ? 0 : Number.NaN),
    dbb: (a, b, y) => (a > 0 ? y * Math.log(a) ** 2 : a === 0 && b > 0 ? 0 : Number.NaN),
    symbol: '^', precedence: 4, latex: (a, b) => `${a}^{${b}}`,
    rule: [(a, b, t) => t.times(b, t.pow(a, `${b} ${t.minus} 1`)), (a, b, t) => t.times(t.pow(a, b), t.fn('ln', a))] },
  { name: 'square', code: 8, arity: 1, fwd: (a) => a * a, da: (a) => 2 * a, daa: () => 2,
    latex: (a) => `${a}^{2}`, rule: [(a, _, t) => t.times('2', a)] },
  // sqrt'(0) = cbrt'(0) = +∞ (the one-sided limit), so 0·∞ = NaN flags a product through 0.
  { name: 'sqrt', code: 9, arity: 1, domain: [[0.1, 4]], fwd: Math.sqrt, da: (_, __, y) => 0.5 / y, daa: (_, __, y) => -0.25 / (y * y * y),
    latex: (a) => `\\sqrt{${a}}`, rule: [(a, _, t) => t.frac('1', t.times('2', t.sqrt(a)))] },
  { name: 'cbrt', code: 10, arity: 1, domain: [[0.1, 4]], fwd: Math.cbrt, da: (_, __, y) => 1 / (3 * y * y),
    daa: (_, __, y) => -2 / (9 * y ** 5), latex: (a) => `\\sqrt[3]{${a}}`, rule: [(a, _, t) => t.frac('1', t.times('3', t.pow(t.cbrt(a), '2')))] },
  // abs'(0) = 0.
  { name: 'abs', code: 11, arity: 1, fwd: Math.abs, da: (a) => (a > 0 ? 1 : a < 0 ? -1 : a === 0 ? 0 : Number.NaN), daa: zero,
    kink: (a) => a === 0, latex: (a) => `\\left|${a}\\right|`, rule: [(a, _, t) => t.fn('sign', a)] },
  { name: 'sign', code: 12, arity: 1, fwd: Math.sign, da: zero, daa: zero, kink: (a) => a === 0, latex: fn('sign'), rule: [() => '0'] },
  // min/max: a tie splits the adjoint evenly.
  { name: 'min', code: 13, arity: 2, fwd: Math.min, da: minDa, db: (a, b) => minDa(b, a), daa: zero, dab: zero, dbb: zero,
    kink: (a, b) => a === b, latex: (a, b) => `\\min\\left(${a}, ${b}\\right)`,
    rule: [(a, b, t) => tie(t.ind(`${a} < ${b}`), a, b, t), (a, b, t) => tie(t.ind(`${b} < ${a}`), b, a, t)] },
  { name: 'max', code: 14, arity: 2, fwd: Math.max, da: (a, b) => minDa(b, a), db: minDa, daa: zero, dab: zero, dbb: zero,
    kink: (a, b) => a === b, latex: (a, b) => `\\max\\left(${a}, ${b}\\right)`,
    rule: [(a, b, t) => tie(t.ind(`${a} > ${b}`), a, b, t), (a, b, t) => tie(t.ind(`${b} > ${a}`), b, a, t)] },
  { name: 'hypot', code: 15, arity: 2, domain: [[0.2, 2], [-2, 2]], fwd: Math.hypot, da: (a, _, y) => (y === 0 ? 0 : a / y),
    db: (_, b, y) => (y === 0 ? 0 : b / y), daa: (_, b, y) => (y === 0 ? 0 : (b * b) / (y * y * y)),
    dab: (a, b, y) => (y === 0 ? 0 : (-a * b) / (y * y * y)), dbb: (a, _, y) => (y === 0 ? 0 : (a * a) / (y * y * y)),
    kink: (a, b) => a === 0 && b === 0, latex: fn('hypot'),
    rule: [(a, b, t) => t.frac(a, t.fn('hypot', `${a}, ${b}`)), (a, b, t) => t.frac(b, t.fn('hypot', `${a}, ${b}`))] },
  // atan2(a, b) is the angle of the point (x = b, y = a).
  { name: 'atan2', code: 16, arity: 2, domain: [[0.2, 2], [-2, 2]], fwd: Math.atan2,
    da: (a, b) => { const r = a * a + b * b; return r === 0 ? 0 : b / r },
    db: (a, b) => { const r = a * a + b * b; return r === 0 ? 0 : -a / r },
    daa: (a, b) => { const r = a * a + b * b; return r === 0 ? 0 : (-2 * a * b) / (r * r) },
    dab: (a, b) => { const r = a * a + b * b; return r === 0 ? 0 : (a * a - b * b) / (r * r) },
    dbb: (a, b) => { const r = a * a + b * b; return r === 0 ? 0 : (2 * a * b) / (r * r) },
    kink: (a, b) => a === 0 && b === 0, latex: fn('atan2'),
    rule: [
      (a, b, t) => t.frac(b, `${t.pow(a, '2')} + ${t.pow(b, '2')}`),
      (a, b, t) => `${t.minus}${t.frac(a, `${t.pow(a, '2')} + ${t.pow(b, '2')}`)}`,
    ] },

  // Exponentials and logarithms.
  { name: 'exp', code: 17, arity: 1, fwd: Math.exp, da: (_, __, y) => y, daa: (_, __, y) => y,
    latex: (a) => `e^{${a}}`, rule: [(a, _, t) => t.pow('e', a)] },
  { name: 'expm1', code: 18, arity: 1, fwd: Math.expm1, da: (_, __, y) => y + 1, daa: (_, __, y) => y + 1,
    latex: (a) => `e^{${a}} - 1`, rule: [(a, _, t) => t.pow('e', a)] },
  { name: 'log', code: 19, arity: 1, domain: [[0.1, 4]], fwd: Math.log, da: (a) => (a < 0 ? Number.NaN : 1 / a), daa: (a) => (a < 0 ? Number.NaN : -1 / (a * a)),
    latex: (a) => `\\ln ${a}`, rule: [(a, _, t) => t.frac('1', a)] },
  { name: 'log1p', code: 20, arity: 1, domain: [[-0.8, 3]], fwd: Math.log1p, da: (a) => (a < -1 ? Number.NaN : 1 / (1 + a)),
    daa: (a) => (a < -1 ? Number.NaN : -1 / ((1 + a) * (1 + a))),
    latex: (a) => `\\ln\\left(1 + ${a}\\right)`, rule: [(a, _, t) => t.frac('1', `1 + ${a}`)] },
  { name: 'log2', code: 21, arity: 1, domain: [[0.1, 4]], fwd: Math.log2, da: (a) => (a < 0 ? Number.NaN : 1 / (a * LN2)),
    daa: (a) => (a < 0 ? Number.NaN : -1 / (a * a * LN2)),
    latex: (a) => `\\log_2 ${a}`, rule: [(a, _, t) => t.frac('1', t.times(a, t.fn('ln', '2')))] },
  { name: 'log10', code: 22, arity: 1, domain: [[0.1, 4]], fwd: Math.log10, da: (a) => (a < 0 ? Number.NaN : 1 / (a * LN10)),
    daa: (a) => (a < 0 ? Number.NaN : -1 / (a * a * LN10)),
    latex: (a) => `\\log_{10} ${a}`, rule: [(a, _, t) => t.frac('1', t.times(a, t.fn('ln', '10')))] },

  // Trigonometric.
  { name: 'sin', code: 23, arity: 1, fwd: Math.sin, da: Math.cos, daa: (_, __, y) => -y,
    latex: (a) => `\\sin ${a}`, rule: [(a, _, t) => t.fn('cos', a)] },
  { name: 'cos', code: 24, arity: 1, fwd: Math.cos, da: (a) => -Math.sin(a), daa: (_, __, y) => -y,
    latex: (a) => `\\cos ${a}`, rule: [(a, _, t) => `${t.minus}${t.fn('sin', a)}`] },
  { name: 'tan', code: 25, arity: 1, domain: [[-1.2, 1.2]], fwd: Math.tan, da: (_, __, y) => 1 + y * y, daa: (_, __, y) => 2 * y * (1 + y * y),
    latex: (a) => `\\tan ${a}`, rule: [(a, _, t) => `1 + ${t.pow(t.fn('tan', a), '2')}`] },
  { name: 'asin', code: 26, arity: 1, domain: [[-0.9, 0.9]], fwd: Math.asin, da: (a) => 1 / Math.sqrt(1 - a * a),
    daa: (a) => a / (1 - a * a) ** 1.5, latex: (a) => `\\arcsin ${a}`, rule: [(a, _, t) => t.frac('1', t.sqrt(`1 ${t.minus} ${t.pow(a, '2')}`))] },
  { name: 'acos', code: 27, arity: 1, domain: [[-0.9, 0.9]], fwd: Math.acos, da: (a) => -1 / Math.sqrt(1 - a * a),
    daa: (a) => -a / (1 - a * a) ** 1.5, latex: (a) => `\\arccos ${a}`, rule: [(a, _, t) => `${t.minus}${t.frac('1', t.sqrt(`1 ${t.minus} ${t.pow(a, '2')}`))}`] },
  { name: 'atan', code: 28, arity: 1, fwd: Math.atan, da: (a) => 1 / (1 + a * a),
    daa: (a) => (-2 * a) / ((1 + a * a) * (1 + a * a)), latex: (a) => `\\arctan ${a}`, rule: [(a, _, t) => t.frac('1', `1 + ${t.pow(a, '2')}`)] },

  // Hyperbolic.
  { name: 'sinh', code: 29, arity: 1, fwd: Math.sinh, da: Math.cosh, daa: (_, __, y) => y,
    latex: (a) => `\\sinh ${a}`, rule: [(a, _, t) => t.fn('cosh', a)] },
  { name: 'cosh', code: 30, arity: 1, fwd: Math.cosh, da: Math.sinh, daa: (_, __, y) => y,
    latex: (a) => `\\cosh ${a}`, rule: [(a, _, t) => t.fn('sinh', a)] },
  { name: 'tanh', code: 31, arity: 1, fwd: Math.tanh, da: (_, __, y) => 1 - y * y, daa: (_, __, y) => -2 * y * (1 - y * y),
    latex: (a) => `\\tanh ${a}`, rule: [(a, _, t) => `1 ${t.minus} ${t.pow(t.fn('tanh', a), '2')}`] },
  { name: 'asinh', code: 32, arity: 1, fwd: Math.asinh, da: (a) => 1 / Math.sqrt(a * a + 1),
    daa: (a) => -a / (a * a + 1) ** 1.5, latex: fn('arsinh'), rule: [(a, _, t) => t.frac('1', t.sqrt(`${t.pow(a, '2')} + 1`))] },
  { name: 'acosh', code: 33, arity: 1, domain: [[1.1, 4]], fwd: Math.acosh, da: (a) => 1 / Math.sqrt(a * a - 1),
    daa: (a) => -a / (a * a - 1) ** 1.5, latex: fn('arcosh'), rule: [(a, _, t) => t.frac('1', t.sqrt(`${t.pow(a, '2')} ${t.minus} 1`))] },
  { name: 'atanh', code: 34, arity: 1, domain: [[-0.9, 0.9]], fwd: Math.atanh, da: (a) => (Math.abs(a) > 1 ? Number.NaN : 1 / (1 - a * a)),
    daa: (a) => (Math.abs(a) > 1 ? Number.NaN : (2 * a) / ((1 - a * a) * (1 - a * a))), latex: fn('artanh'), rule: [(a, _, t) => t.frac('1', `1 ${t.minus} ${t.pow(a, '2')}`)] },

  // Machine-learning activations, written to be stable for large |a|.
  { name: 'sigmoid', code: 35, arity: 1, fwd: sigmoid, da: (_, __, y) => y * (1 - y),
    daa: (_, __, y) => y * (1 - y) * (1 - 2 * y), latex: (a) => `\\sigma\\left(${a}\\right)`,
    rule: [(a, _, t) => t.times(t.fn('σ', a), t.group(`1 ${t.minus} ${t.fn('σ', a)}`))] },
  // relu'(0) = 0.
  { name: 'relu', code: 36, arity: 1, fwd: (a) => (a > 0 ? a : a <= 0 ? 0 : Number.NaN),
    da: (a) => (a > 0 ? 1 : a <= 0 ? 0 : Number.NaN), daa: zero, kink: (a) => a === 0,
    latex: fn('relu'), rule: [(a, _, t) => t.ind(`${a} > 0`)] },
  // softplus(a) = ln(1 + e^a) = max(a, 0) + ln(1 + e^-|a|).
  { name: 'softplus', code: 37, arity: 1, fwd: (a) => Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a))),
    da: sigmoid, daa: (a) => { const s = sigmoid(a); return s * (1 - s) },
    latex: fn('softplus'), rule: [(a, _, t) => t.fn('σ', a)] },
  // step(a) = 1 for a > 0, else 0 (so that relu' = step); step' = 0.
  { name: 'step', code: 38, arity: 1, fwd: (a) => (a > 0 ? 1 : a <= 0 ? 0 : Number.NaN), da: zero, daa: zero,
    kink: (a) => a === 0, latex: fn('step'), rule: [() => '0'] },
  { name: 'floor', code: 39, arity: 1, fwd: Math.floor, da: zero, daa: zero, kink: (a) => Math.floor(a) === a,
    latex: (a) => `\\lfloor ${a} \\rfloor`, rule: [() => '0'] },
  { name: 'ceil', code: 40, arity: 1, fwd: Math.ceil, da: zero, daa: zero, kink: (a) => Math.ceil(a) === a,
    latex: (a) => `\\lceil ${a} \\rceil`, rule: [() => '0'] },
  // round: half-way cases round towards +∞, as Math.round does.
  { name: 'round', code: 41, arity: 1, fwd: Math.round, da: zero, daa: zero, kink: (a) => a - Math.floor(a) === 0.5,
    latex: fn('round'), rule: [() => '0'] },

  // Special functions. erf′ = 2/√π·e^{−a²}; erf″ = −2a·erf′.
  { name: 'erf', code: 42, arity: 1, fwd: erf, da: (a) => TWO_OVER_SQRT_PI * Math.exp(-a * a),
    daa: (a) => -2 * a * (TWO_OVER_SQRT_PI * Math.exp(-a * a)),
    latex: fn('erf'), rule: [(a, _, t) => t.times(t.frac('2', t.sqrt(t.pi)), t.pow('e', `${t.minus}${t.pow(a, '2')}`))] },
  { name: 'erfc', code: 43, arity: 1, fwd: erfc, da: (a) => -TWO_OVER_SQRT_PI * Math.exp(-a * a),
    daa: (a) => 2 * a * (TWO_OVER_SQRT_PI * Math.exp(-a * a)),
    latex: fn('erfc'), rule: [(a, _, t) => `${t.minus}${t.times(t.frac('2', t.sqrt(t.pi)), t.pow('e', `${t.minus}${t.pow(a, '2')}`))}`] },
] as const satisfies readonly Row[]

export type OpName = (typeof rows)[number]['name']
type ArityOf<K, A> = Extract<(typeof rows)[number], { name: K }>['arity'] extends A ? K : never
export type UnaryOpName = { [K in OpName]: ArityOf<K, 1> }[OpName]
export type BinaryOpName = { [K in OpName]: ArityOf<K, 2> }[OpName]

/** Completes rows into ops, throwing — with the op's name — on a row that lacks a rule its arity needs. */
export function opsOf(table: readonly Row[]): OpDef[] {
  return table.map((r: Row): OpDef => {
  for (const rule of RULES_BY_ARITY[r.arity]) {
    if (typeof (r as Partial<OpDef>)[rule] !== 'function') throw new Error(`op table: ${r.name} has no ${rule} rule`)
  }
  // explain prints every local partial by its formula, so a primitive states one per operand.
  if (r.arity > 0 && (r as Partial<OpDef>).rule?.length !== r.arity)
    throw new Error(`op table: ${r.name} has no printed rule for each operand`)
  return {
    da: zero,
    db: zero,
    daa: zero,
    dab: zero,
    dbb: zero,
    ...r,
    latex: r.latex ?? fn(r.name),
  }
})
}

/** Every op, indexed by opcode. */
export const OPS: readonly OpDef[] = opsOf(rows)

export const OP: Readonly<Record<OpName, OpDef>> = Object.freeze(
  Object.fromEntries(OPS.map((o) => [o.name, o])) as Record<OpName, OpDef>,
)

/** Ops a user applies: everything but the two leaf kinds. */
export const PRIMITIVES: readonly OpDef[] = OPS.filter((o) => o.arity > 0)

// The table must be dense and in opcode order: sweeps index it by opcode.
OPS.forEach((o, i) => {
  if (o.code !== i) throw new Error(`op table: ${o.name} has opcode ${o.code} at row ${i}`)
})

export const INPUT = OP.input.code
export const CONST = OP.const.code
