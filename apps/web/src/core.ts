// The page's one door into the core: every computation the demo shows is a
// call to @chainrule/core (JS sweeps) or @chainrule/core-wasm (the same names,
// sweeps in WebAssembly), made here in the browser. Nothing typed by the user
// is evaluated as JavaScript: text goes to `compile`, whose closed grammar
// resolves names only against the core's frozen allow-list.

import type { CompiledProgram, ErrorSweep, Explanation, Method, MinimizeResult } from '@chainrule/core'
import * as js from '@chainrule/core'
import { type Budget, timeAll } from '@chainrule/core/measure'
import * as wasm from '@chainrule/core-wasm'
import type { Lang } from './i18n.ts'

export type BackendName = 'js' | 'wasm'
export const BACKENDS: readonly BackendName[] = ['js', 'wasm']
// Only what the page calls, named, so the bundler can drop the rest of the packages.
const API = {
  js: { compile: js.compile, explain: js.explain, minimize: js.minimize, numeric: js.numeric },
  wasm: { compile: wasm.compile, explain: wasm.explain, minimize: wasm.minimize, numeric: wasm.numeric },
} as const

// Korean error sentences live in core, shared with the CLI's --lang ko.
export type {
  ErrorSweep,
  ExplainNode,
  ExplainStep,
  Explanation,
  ForwardStep,
  ForwardSweep,
  FunctionDef,
  MinimizeResult,
  NumberFormat,
} from '@chainrule/core'
export {
  ALIASES,
  CONSTANTS,
  derivativeName,
  expressionErrorMessage,
  FUNCTIONS,
  fmt,
  formatNumber,
  isExpressionError,
  OPS,
  outputName,
  position,
  typesetLatex,
  ulps,
} from '@chainrule/core'

/** An expression compiled once per backend; sliders replay these tapes without re-recording. */
export interface Model {
  readonly text: string
  readonly variables: readonly string[]
  readonly programs: Readonly<Record<BackendName, CompiledProgram>>
}

/** The demo differentiates one output; `x, y` (a vector function) is refused with the count. */
export class OutputsError extends Error {
  constructor(readonly outputs: number) {
    super(`expected one output, got ${outputs}`)
  }
}

/** Compiles `text` on both backends; throws ExpressionError for bad text, OutputsError for a list. */
export function load(text: string): Model {
  const first = API.js.compile(text)
  if (first.outputs !== 1) {
    first.dispose()
    throw new OutputsError(first.outputs)
  }
  const programs = { js: first, wasm: API.wasm.compile(text) }
  return { text, variables: first.variables, programs }
}

export function dispose(model: Model): void {
  for (const b of BACKENDS) model.programs[b].dispose()
}

export interface Gradient {
  readonly value: number
  readonly gradient: readonly number[]
}

/** One replay of the tape: forward and reverse sweep at x. */
export function gradientAt(model: Model, backend: BackendName, x: readonly number[]): Gradient {
  const r = model.programs[backend].gradient(x)
  return { value: r.value, gradient: Array.from(r.gradient) }
}

/** f and ∇f at k points (X row-major, k×n) in one batched replay. */
export function gradientBatch(model: Model, backend: BackendName, X: Float64Array, k: number) {
  return model.programs[backend].gradientBatch(X, k)
}

export function explainAt(model: Model, backend: BackendName, x: readonly number[], lang: Lang): Explanation {
  // Forward mode adds the forward sweeps (one per input) to the reverse sweep's steps.
  return API[backend].explain(model.programs[backend], x, { lang, mode: 'forward' })
}

/** Error of each finite-difference method against AD, along the axis of input `index`. */
export function errorSweep(
  model: Model,
  backend: BackendName,
  x: readonly number[],
  index: number,
): ErrorSweep {
  return API[backend].numeric.errorSweep(model.programs[backend], x, { index })
}

export interface DescentOptions {
  readonly method: Method
  readonly lr: number
  /** The page's iteration control: the run stops there (as max-iterations) if it has not converged. */
  readonly maxIter: number
}

/** The iteration control's largest value: a run of a million gradient replays still ends in seconds. */
export const DESCENT_MAX_ITER = 1_000_000

/**
 * A learning rate per method that converges on the examples the page shows
 * (x*x + x from 2, and Rosenbrock from (−1.2, 1), whose curvature of ~1000
 * makes plain descent diverge above ~0.002); L-BFGS's is its first trial step,
 * which its backtracking (Armijo) line search shortens as needed.
 */
export const DEFAULT_LR: Readonly<Record<Method, number>> = {
  // The page has a rate control, so gd and momentum get a fixed rate here where core, given none,
  // searches for theirs; adam's and L-BFGS's are core's own (js.DEFAULT_LR).
  gd: 0.001,
  momentum: 0.002,
  adam: js.DEFAULT_LR.adam as number,
  lbfgs: js.DEFAULT_LR.lbfgs as number,
}

export function descend(
  model: Model,
  backend: BackendName,
  x0: readonly number[],
  opts: DescentOptions,
): MinimizeResult {
  // tol 1e-6: at the scale of the plot that is the minimum; 1e-8 would only add frames.
  return API[backend].minimize(model.programs[backend], x0, {
    method: opts.method,
    lr: opts.lr,
    maxIter: Math.min(opts.maxIter, DESCENT_MAX_ITER),
    tol: 1e-6,
  })
}

/**
 * Seconds per gradient replay at x on each backend, by core's harness: each
 * calibrated to batches long enough for the browser's clock (which also warms
 * the JIT), then timed in alternating rounds so a busy moment hits both alike;
 * the median batch counts. A batch lasts at least 10 ms and at least 20 ticks
 * of the clock as this browser coarsens it (5 µs, 100 µs, or whole
 * milliseconds under privacy settings), so no batch reads as 0 and no time as
 * "0 ns"; a median that still comes out 0 is reported as not measured (NaN).
 */
export function timeGradients(model: Model, x: readonly number[]): Record<BackendName, number> {
  const budget: Budget = {
    batches: 5,
    minBatches: 5,
    minBatchSeconds: Math.min(0.5, Math.max(0.01, 20 * clockResolution())),
    maxSeconds: 1,
  }
  const t = timeAll(
    {
      js: () => model.programs.js.gradient(x),
      wasm: () => model.programs.wasm.gradient(x),
    },
    budget,
  )
  const measured = (s: number) => (s > 0 && Number.isFinite(s) ? s : Number.NaN)
  return { js: measured(t.js.median), wasm: measured(t.wasm.median) }
}

let resolution = 0

/** The smallest step performance.now() takes here, in seconds (measured once). */
export function clockResolution(): number {
  if (resolution > 0) return resolution
  let smallest = Number.POSITIVE_INFINITY
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now()
    let t1 = performance.now()
    while (t1 === t0) t1 = performance.now()
    smallest = Math.min(smallest, t1 - t0)
  }
  resolution = smallest / 1000
  return resolution
}

/** n variables, each used twice, so the tape grows with n: sin(x1)*x2 + sin(x2)*x3 + … + sin(xn)*x1. */
export function costExpression(n: number): string {
  return Array.from({ length: n }, (_, i) => `sin(x${i + 1})*x${((i + 1) % n) + 1}`).join(' + ')
}

const COST_BUDGET: Budget = { batches: 5, minBatches: 3, minBatchSeconds: 0.005, maxSeconds: 0.25 }

/**
 * Seconds for one whole gradient of costExpression(n) at 0.5…: by AD (one
 * forward and one reverse sweep, whatever n) and by central differences
 * (2n evaluations of f), timed interleaved by core's harness.
 */
export function timeCost(backend: BackendName, n: number): { ad: number; numeric: number } {
  const program = API[backend].compile(costExpression(n))
  try {
    const x = new Float64Array(n).fill(0.5)
    const fns = {
      ad: () => program.gradient(x),
      numeric: () => API[backend].numeric.gradient(program, x, { method: 'central' }),
    }
    let minBatchSeconds = Math.min(0.2, Math.max(0.005, 20 * clockResolution()))
    // A median of 0 means the clock never moved in most batches (a stall fooled the calibration):
    // measure again with longer batches rather than plot a time of 0.
    for (let attempt = 0; ; attempt++) {
      const t = timeAll(fns, { ...COST_BUDGET, minBatchSeconds })
      if ((t.ad.median > 0 && t.numeric.median > 0) || attempt === 3)
        return { ad: t.ad.median, numeric: t.numeric.median }
      minBatchSeconds *= 4
    }
  } finally {
    program.dispose()
  }
}
