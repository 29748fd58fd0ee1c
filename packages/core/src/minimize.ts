// Gradient-based minimisation on top of any Program: plain gradient descent,
// momentum, Adam and L-BFGS. Each iteration costs one gradient sweep (L-BFGS's
// line search may take a few more).
//
// The status tells the truth: `converged` only when the gradient's norm is at
// most tol at the point returned and no probe step around it lowers f (a
// small gradient alone is also what x³ shows near 0, and x·y or −x² at their
// stationary points; a probe that finds lower ground restarts the method
// there). A non-finite value,
// or an iterate beyond ±1e20 (the threshold Ipopt calls diverging_iterates_tol:
// f is taking the iterates off to infinity, as it does when it is unbounded
// below), is `diverged`; a line search that finds no sufficient decrease is
// `line-search-failed`. Every status comes with the last finite point.

import { checkNumbers, type Program } from './backend.js'
import { lowerNeighbour } from './probe.js'

export type Method = 'gd' | 'momentum' | 'adam' | 'lbfgs'
export type MinimizeStatus =
  | 'converged'
  | 'max-iterations'
  | 'diverged'
  | 'line-search-failed'
  | 'work-budget'

/** An iterate with a coordinate beyond this is running off to infinity (Ipopt's default diverging_iterates_tol). */
export const DIVERGING_ITERATES = 1e20

/**
 * Each method's step size when `lr` is not given: gd and momentum have none (they search for theirs
 * by backtracking line search); adam's converges on x*x + x from 2 and brings Rosenbrock from
 * (−1.2, 1) from 24.2 to about 1e-5 in the default 1000 iterations (0.001 did neither); L-BFGS's is
 * its first trial step.
 */
export const DEFAULT_LR: Readonly<Record<Method, number | undefined>> = {
  gd: undefined,
  momentum: undefined,
  adam: 0.1,
  lbfgs: 1,
}

export interface MinimizeOptions {
  method?: Method
  /**
   * Step size. Without one, gd and momentum find theirs by backtracking line search (Armijo) and
   * cannot diverge; adam defaults to 0.1; for L-BFGS it is the first trial step (default 1). See DEFAULT_LR.
   */
  lr?: number
  maxIter?: number
  /** Converged when the gradient's Euclidean norm is at most tol (default 1e-8) and no probe step lowers f. */
  tol?: number
  /** Momentum coefficient for `momentum`, β₁ for `adam` (default 0.9). */
  beta?: number
  /** L-BFGS history length (default 10). */
  memory?: number
  /** Keep every iterate in `trajectory` (default true). */
  trajectory?: boolean
  /** Called after every iteration; return false to stop early. */
  onStep?: (step: Step) => boolean | undefined
  /**
   * A cap on the work of the run, counted as it runs: a value sweep is 1, a
   * gradient sweep 2, each plus `perCall` (what a program that may re-record
   * charges per call). Every sweep counts, the line search's and the
   * convergence probe's too, so a run whose iterations are cheap but whose
   * line searches are not is held to the same cap.
   */
  budget?: { readonly sweeps: number; readonly perCall?: number }
}

export interface Step {
  readonly iteration: number
  readonly x: readonly number[]
  readonly value: number
  readonly gradientNorm: number
}

export interface MinimizeResult {
  readonly x: number[]
  readonly value: number
  readonly iterations: number
  /** status === 'converged'. */
  readonly converged: boolean
  /**
   * `converged`: gradient norm ≤ tol at x, and no probe step around x lowers f. `max-iterations`: maxIter reached (or onStep
   * stopped the run) with a larger gradient. `diverged`: a non-finite value or gradient, or
   * an iterate beyond ±1e20. `line-search-failed`: L-BFGS found no step with sufficient decrease.
   * `work-budget`: the run used `budget.sweeps` (checked after each iteration) and did not converge.
   */
  readonly status: MinimizeStatus
  /** Iterates from x0 on, with their values. */
  readonly trajectory: { x: number[]; value: number }[]
  /** Gradient sweeps; the forward-only sweeps that probe a candidate minimum (at most 2n + 8 each) are not counted. */
  readonly evaluations: number
}

const norm = (v: ArrayLike<number>) => {
  let s = 0
  for (let i = 0; i < v.length; i++) s += v[i] * v[i]
  return Math.sqrt(s)
}
const dot = (u: ArrayLike<number>, v: ArrayLike<number>) => {
  let s = 0
  for (let i = 0; i < u.length; i++) s += u[i] * v[i]
  return s
}
const finite = (v: ArrayLike<number>) => {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false
  return true
}
const runningOff = (x: ArrayLike<number>) => {
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i]) > DIVERGING_ITERATES) return true
  return false
}

export function minimizeProgram(
  p: Program,
  x0: ArrayLike<number>,
  opts: MinimizeOptions = {},
): MinimizeResult {
  const { method, maxIter, tol, keep, cap } = settingsOf(p, x0, opts)
  const n = p.inputs
  const work = workCounter(p, opts.budget?.perCall ?? 0)
  const { evalGrad, evalValue } = work

  let x: Float64Array = Float64Array.from(x0)
  let { value, gradient: g }: { value: number; gradient: Float64Array } = evalGrad(x)
  const trajectory: { x: number[]; value: number }[] = keep ? [{ x: Array.from(x), value }] : []
  // A run that spent its budget reports so, whichever way it then ended, unless it converged.
  const done = (iterations: number, ended: MinimizeStatus): MinimizeResult => {
    const status = work.used >= cap && ended !== 'converged' ? 'work-budget' : ended
    return {
      x: Array.from(x),
      value,
      iterations,
      converged: status === 'converged',
      status,
      trajectory,
      evaluations: work.evaluations,
    }
  }
  if (!Number.isFinite(value) || !finite(g)) return done(0, 'diverged')

  let step = makeStepper(method, n, opts, evalGrad)
  // A small gradient is not enough (x³ flattens out at 0 and x·y at its saddle): probe around x first.
  const lowerAt = () => (norm(g) <= tol ? lowerNeighbour(x, value, evalValue) : undefined)
  const stopped = (it: number) => done(it, lowerAt() === null ? 'converged' : 'max-iterations')
  for (let it = 1; it <= maxIter; it++) {
    const lower = lowerAt()
    if (lower === null) return done(it - 1, 'converged')
    let next: Iterate | null
    if (lower === undefined) next = step(x, value, g)
    else {
      // A jump, not a step of the method: start its state (momentum, L-BFGS's curvature pairs) afresh.
      step = makeStepper(method, n, opts, evalGrad)
      const r = evalGrad(lower)
      next = { x: lower, value: r.value, gradient: r.gradient }
    }
    if (next === null) return done(it - 1, 'line-search-failed')
    // Keep the last finite iterate.
    if (!Number.isFinite(next.value) || !finite(next.x) || !finite(next.gradient))
      return done(it - 1, 'diverged')
    x = next.x
    value = next.value
    g = next.gradient
    if (keep) trajectory.push({ x: Array.from(x), value })
    if (runningOff(x)) return done(it, 'diverged')
    const cont = opts.onStep?.({ iteration: it, x: Array.from(x), value, gradientNorm: norm(g) })
    if (cont === false || work.used >= cap) return stopped(it)
  }
  return stopped(maxIter)
}

/** The options checked, with their defaults. */
function settingsOf(p: Program, x0: ArrayLike<number>, opts: MinimizeOptions) {
  const method = opts.method ?? 'lbfgs'
  const maxIter = opts.maxIter ?? 1000
  const tol = opts.tol ?? 1e-8
  const keep = opts.trajectory !== false
  if (!(maxIter >= 0) || !Number.isFinite(maxIter))
    throw new RangeError('minimize: maxIter must be a finite number ≥ 0')
  if (opts.lr !== undefined && !(opts.lr > 0 && Number.isFinite(opts.lr))) {
    throw new RangeError('minimize: lr must be a positive finite number')
  }
  const n = p.inputs
  if (x0.length !== n) throw new RangeError(`minimize: expected ${n} starting values, got ${x0.length}`)
  checkNumbers('minimize: starting point', x0)
  const cap = opts.budget?.sweeps ?? Infinity
  const perCall = opts.budget?.perCall ?? 0
  if (!(cap > 0) || !(perCall >= 0 && Number.isFinite(perCall)))
    throw new RangeError('minimize: budget.sweeps must be > 0 and budget.perCall a finite number ≥ 0')
  return { method, maxIter, tol, keep, cap }
}

/**
 * The program's sweeps, counted: `evaluations` (value-and-gradient calls, as
 * reported) and `used`, the budget's sweeps (two per gradient, one per value,
 * plus perCall for a call that may re-record).
 */
function workCounter(p: Program, perCall: number) {
  const work = {
    evaluations: 0,
    used: 0,
    evalGrad: (x: Float64Array) => {
      work.evaluations++
      work.used += 2 + perCall
      return p.gradient(x)
    },
    evalValue: (y: Float64Array) => {
      work.used += 1 + perCall
      return p.evaluate(y)[0]
    },
  }
  return work
}

interface Iterate {
  x: Float64Array
  value: number
  gradient: Float64Array
}
type Stepper = (x: Float64Array, value: number, g: Float64Array) => Iterate | null
type EvalGrad = (x: Float64Array) => { value: number; gradient: Float64Array }

function makeStepper(method: Method, n: number, opts: MinimizeOptions, evalGrad: EvalGrad): Stepper {
  const beta = opts.beta ?? 0.9
  const at = (x: Float64Array): Iterate => {
    const r = evalGrad(x)
    return { x, value: r.value, gradient: r.gradient }
  }
  switch (method) {
    case 'gd':
    case 'momentum': {
      const mu = method === 'momentum' ? beta : 0
      if (opts.lr !== undefined) {
        // A step size given is used as it is, every iteration.
        const lr = opts.lr
        const v = new Float64Array(n)
        return (x, _, g) => {
          for (let i = 0; i < n; i++) v[i] = mu * v[i] + g[i]
          return at(x.map((xi, i) => xi - lr * v[i]))
        }
      }
      return searchedDescent(n, mu, at)
    }
    case 'adam': {
      const lr = opts.lr ?? (DEFAULT_LR.adam as number)
      const beta2 = 0.999
      const eps = 1e-8
      const m = new Float64Array(n)
      const v = new Float64Array(n)
      let t = 0
      return (x, _, g) => {
        t++
        const c1 = 1 - beta ** t
        const c2 = 1 - beta2 ** t
        const next = new Float64Array(n)
        for (let i = 0; i < n; i++) {
          m[i] = beta * m[i] + (1 - beta) * g[i]
          v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
          next[i] = x[i] - (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps)
        }
        return at(next)
      }
    }
    case 'lbfgs':
      return lbfgs(n, opts.memory ?? 10, opts.lr ?? (DEFAULT_LR.lbfgs as number), at)
    default:
      throw new RangeError(`minimize: unknown method ${String(method)}`)
  }
}

/**
 * Gradient descent (mu = 0) or heavy-ball momentum without a step size given:
 * the step is found by backtracking to sufficient decrease (Armijo, c₁ = 1e-4)
 * and carried to the next iteration (gd tries twice it first, so it can grow
 * back), so no default rate can make a run diverge, whatever the curvature
 * (Rosenbrock's is 10³ at its usual start, where a fixed 0.01 flies off).
 * A momentum direction that is not downhill, or that needs backtracking,
 * restarts from the gradient. Null when no step lowers f.
 */
// Momentum grows its step slowly after each accepted one, so a step that backtracking shrank can recover.
const GROW = 1.05
function searchedDescent(n: number, mu: number, at: (x: Float64Array) => Iterate): Stepper {
  const v = new Float64Array(n)
  let lr = 0
  return (x, f, g) => {
    // The first trial moves x by 1 (or by the size of x, whichever is larger).
    if (lr === 0) lr = Math.max(1, norm(x)) / Math.max(norm(g), 1e-300)
    for (let i = 0; i < n; i++) v[i] = mu * v[i] + g[i]
    let slope = dot(g, v)
    if (!(slope > 0)) {
      v.set(g)
      slope = dot(g, g)
    }
    for (let tries = 0; tries < 80; tries++) {
      const point = x.map((xi, i) => xi - lr * v[i])
      if (point.every((p, i) => p === x[i])) return null
      const trial = at(point)
      // Near a minimum f stops resolving the decrease (its rounding is ε|f|), so a step that keeps
      // f within that and shrinks the gradient is progress too (the approximate Armijo condition).
      const armijo = trial.value <= f - 1e-4 * lr * slope
      const flat = trial.value <= f + 4 * Number.EPSILON * Math.abs(f) && norm(trial.gradient) < norm(g)
      if (Number.isFinite(trial.value) && (armijo || flat)) {
        lr *= mu === 0 ? 2 : GROW
        return trial
      }
      if (mu > 0) {
        v.set(g)
        slope = dot(g, g)
      }
      lr *= 0.5
    }
    return null
  }
}

/**
 * L-BFGS: the two-loop recursion for the search direction, a backtracking
 * line search for sufficient decrease (Armijo), and curvature pairs kept only
 * when sᵀy > 0 so the implied Hessian stays positive definite. Returns null
 * when no step along the direction gives sufficient decrease: the caller
 * reports `line-search-failed`, never `converged`, unless the gradient is
 * within tol (checked before each step).
 */
function lbfgs(n: number, memory: number, firstStep: number, at: (x: Float64Array) => Iterate): Stepper {
  const S: Float64Array[] = []
  const Y: Float64Array[] = []
  const rho: number[] = []
  return (x, f, g) => {
    // Two-loop recursion: d = -H g.
    const q = Float64Array.from(g)
    const alpha = new Array<number>(S.length)
    for (let j = S.length - 1; j >= 0; j--) {
      alpha[j] = rho[j] * dot(S[j], q)
      for (let i = 0; i < n; i++) q[i] -= alpha[j] * Y[j][i]
    }
    let gamma = 1
    if (S.length > 0) {
      const last = S.length - 1
      gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last])
    } else {
      gamma = firstStep / Math.max(norm(g), 1e-300)
    }
    for (let i = 0; i < n; i++) q[i] *= gamma
    for (let j = 0; j < S.length; j++) {
      const b = rho[j] * dot(Y[j], q)
      for (let i = 0; i < n; i++) q[i] += S[j][i] * (alpha[j] - b)
    }
    let d = q.map((v) => -v)
    let slope = dot(g, d)
    if (!(slope < 0)) {
      // Not a descent direction: forget the history and go downhill.
      S.length = Y.length = rho.length = 0
      d = g.map((v) => -v / Math.max(norm(g), 1e-300))
      slope = dot(g, d)
    }
    // Backtracking line search (Armijo, c₁ = 1e-4); infinite or NaN values count as too far.
    let t = 1
    for (let tries = 0; tries < 60; tries++, t *= 0.5) {
      const point = x.map((xi, i) => xi + t * d[i])
      // A step too short to move x would pass Armijo by rounding (f ≤ f): that is a failure, not progress.
      if (point.every((v, i) => v === x[i])) return null
      const trial = at(point)
      if (Number.isFinite(trial.value) && trial.value <= f + 1e-4 * t * slope) {
        const s = trial.x.map((xi, i) => xi - x[i])
        const y = trial.gradient.map((gi, i) => gi - g[i])
        const sy = dot(s, y)
        if (sy > 1e-300 * dot(y, y) && sy > 0) {
          S.push(s)
          Y.push(y)
          rho.push(1 / sy)
          if (S.length > memory) {
            S.shift()
            Y.shift()
            rho.shift()
          }
        }
        return trial
      }
    }
    return null
  }
}
