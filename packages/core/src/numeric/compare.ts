// numeric.compare: the workflow the CLI's `compare` and the API's
// POST /v1/compare both run, so they share one option name (`variable`) and
// one result shape. Along one variable it puts the AD derivative beside each
// finite-difference method at its default step, the error of every method
// over a range of steps (errorSweep, the V), and gradcheck over the whole
// gradient. Timing is optional: a front end that shows times passes its clock.

import { type Program, requireScalar } from '../backend.js'
import { type ExplainNote, explainProgram } from '../explain/explain.js'
import { type Lang, MESSAGES } from '../explain/messages.js'
import { formatNumber } from '../format-number.js'
import { straddledKink } from '../kinks.js'
import { PROBLEM_MESSAGES } from '../problem-messages.js'
import { quoteInput } from '../terminal-safe.js'
import { NUMERIC_METHODS, type NumericMethod } from './differences.js'
import { cell, type ErrorSweep, errorSweepProgram } from './error-sweep.js'
import { derivative } from './estimate.js'
import { type GradcheckComponent, gradcheckProgram } from './gradcheck.js'

export interface CompareOptions {
  /** The variable differentiated along, by name (default the first). */
  variable?: string
  /** Steps of the error sweep (default 1e-1 … 1e-16). */
  hs?: readonly number[]
  /** gradcheck's tolerances. */
  rtol?: number
  atol?: number
  /** Milliseconds per call of run; given, the result carries `timeMs` for AD and each method. */
  time?: (run: () => unknown) => number
  /** Language of the notes (default English). */
  lang?: Lang
}

export interface ComparedMethod {
  /** The method's default step (Richardson: the first step of the tableau it kept). */
  readonly h: number
  readonly value: number
  /** |value − AD|, and relative to |AD| (0 when both are 0, Infinity when only AD is). */
  readonly absError: number
  readonly relError: number
  readonly evaluations: number
  /** Richardson only: Ridders' error estimate. */
  readonly errorEstimate?: number
}

export interface Comparison {
  /** The variable differentiated along. */
  readonly variable: string
  /** f(x). */
  readonly value: number
  /** The AD gradient. */
  readonly gradient: number[]
  /** The AD derivative along `variable`, the reference for every error. */
  readonly ad: number
  /** Each method at its default step, along `variable`. */
  readonly methods: Record<NumericMethod, ComparedMethod>
  /** AD against central differences over every variable. */
  readonly gradcheck: {
    readonly ok: boolean
    readonly maxAbsError: number
    readonly maxRelError: number
    readonly worst: GradcheckComponent | null
    /** The point is on a kink of the function, where AD reports the pinned convention. */
    readonly atKink: boolean
  }
  /** Each method's error against AD over the steps hs. */
  readonly sweep: {
    readonly hs: number[]
    readonly rows: ErrorSweep['rows']
    readonly best: ErrorSweep['best']
  }
  /** With `time`: milliseconds per call of the AD gradient and of each method. */
  readonly timeMs?: Record<'ad' | NumericMethod, number>
  /**
   * Present when a kink explains a disagreement: the point is on one (explain's kink notes), or the
   * central difference's x ± h lies on both sides of one. Either way the differences measure neither
   * side's slope, and their error is the kink's, not AD's. Also present when the value or AD's
   * derivative is not finite and an op is outside its domain (explain's `domain` notes).
   */
  readonly notes?: readonly ExplainNote[]
}

export interface CompareProblem {
  readonly code: 'no-variables' | 'unknown-variable'
  readonly message: string
}

/**
 * Why compare cannot run along `variable` of a program with these variables,
 * or undefined. A front end prefixes the message with its option's name; the
 * message is in `lang` (English, the API's, by default).
 */
export function compareProblem(
  variables: readonly string[],
  variable?: string,
  lang: Lang = 'en',
): CompareProblem | undefined {
  const m = PROBLEM_MESSAGES[lang]
  if (variables.length === 0) return { code: 'no-variables', message: m.noVariables() }
  if (variable === undefined || variables.includes(variable)) return undefined
  return { code: 'unknown-variable', message: m.notAVariable(quoteInput(variable), variables.join(', ')) }
}

export function compareProgram(p: Program, x: ArrayLike<number>, opts: CompareOptions = {}): Comparison {
  requireScalar(p, 'numeric.compare')
  const problem = compareProblem(p.variables, opts.variable)
  if (problem) throw new RangeError(`numeric.compare: ${problem.message}`)
  const index = opts.variable === undefined ? 0 : p.variables.indexOf(opts.variable)
  const sweep = errorSweepProgram(p, x, { hs: opts.hs, index })
  const check = gradcheckProgram(p, x, { rtol: opts.rtol, atol: opts.atol })
  const { methods, run } = atDefaultSteps(p, x, index, sweep.ad)
  const { ok, maxAbsError, maxRelError, worst, atKink } = check
  return {
    variable: p.variables[index],
    value: sweep.value,
    gradient: check.gradient,
    ad: sweep.ad,
    methods,
    gradcheck: { ok, maxAbsError, maxRelError, worst, atKink },
    sweep: { hs: sweep.rows.map((row) => row.h), rows: sweep.rows, best: sweep.best },
    ...(opts.time ? { timeMs: timesOf(opts.time, p, x, run) } : {}),
    ...notesOf(p, x, index, atKink, methods.central.h, opts.lang ?? 'en', [sweep.value, sweep.ad]),
  }
}

/**
 * Kink notes, and when the value or AD's derivative is not finite, explain's `domain` notes: why
 * every difference is NaN too.
 */
function notesOf(
  p: Program,
  x: ArrayLike<number>,
  index: number,
  atKink: boolean,
  h: number,
  lang: Lang,
  numbers: readonly number[],
) {
  const kinks = kinkNotes(p, x, index, atKink, h, lang).notes ?? []
  const domains = numbers.every(Number.isFinite)
    ? []
    : explainProgram(p, x, { lang }).notes.filter((n) => n.kind === 'domain')
  const notes = [...kinks, ...domains]
  return notes.length > 0 ? { notes } : {}
}

/** The kink behind a disagreement of the differences with AD, as notes, or nothing. */
function kinkNotes(
  p: Program,
  x: ArrayLike<number>,
  index: number,
  atKink: boolean,
  h: number,
  lang: Lang,
): { notes?: ExplainNote[] } {
  if (atKink) {
    const notes = explainProgram(p, x, { lang }).notes.filter((n) => n.kind === 'kink')
    return notes.length > 0 ? { notes } : {}
  }
  const [below, above] = [-h, h].map((d) => {
    const q = Float64Array.from(x)
    q[index] += d
    return q
  })
  const k = straddledKink(p, below, above)
  if (!k) return {}
  // straddledKink evaluated p at the two probes; the caller's next sweep sets the point again.
  p.evaluate(x)
  const label = p.variables[index] ?? ''
  const text = MESSAGES[lang].straddle(k.op, formatNumber(h, { digits: 3, plain: [1e-3, 1e5] }))
  return { notes: [{ kind: 'kink' as const, label, node: k.node, op: k.op, text }] }
}

/** Each method's derivative of f along the axis of input `index`, at its default step. */
function atDefaultSteps(p: Program, x: ArrayLike<number>, index: number, ad: number) {
  const probe = Float64Array.from(x)
  const along = (t: number) => {
    probe[index] = t
    return p.evaluate(probe)[0]
  }
  const run = (method: NumericMethod) => derivative(along, x[index], { method })
  const methods = {} as Record<NumericMethod, ComparedMethod>
  for (const method of NUMERIC_METHODS) {
    const { h, value, evaluations, errorEstimate } = run(method)
    methods[method] = {
      h,
      ...cell(value, ad),
      evaluations,
      ...(errorEstimate === undefined ? {} : { errorEstimate }),
    }
  }
  return { methods, run }
}

/** AD's time is the whole gradient (one forward and one reverse sweep), whatever n is. */
function timesOf(
  time: (run: () => unknown) => number,
  p: Program,
  x: ArrayLike<number>,
  run: (method: NumericMethod) => unknown,
): Record<'ad' | NumericMethod, number> {
  const times = { ad: time(() => p.gradient(x)) } as Record<'ad' | NumericMethod, number>
  for (const method of NUMERIC_METHODS) times[method] = time(() => run(method))
  return times
}
