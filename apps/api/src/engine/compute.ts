// What each route computes, given a compiled program and decoded points.
// Every function returns a plain result (typed arrays allowed) for core's
// docs/ARCHITECTURE.md §11 encoder, and the point to blame when a number comes out non-finite.
// Nothing here knows about HTTP or threads: the event loop and the workers
// run exactly this code.

import type { Api, CompiledProgram, Limits, MinimizeOptions, Program } from '@chainrule/core'
import { type Cost, compareProblem, hessianProblem, RECORD, type WorkRoute as Route } from '@chainrule/core'
import { ApiError } from '../errors.js'

export interface Input {
  /** The one point of `at`, or the k points of `points`, row-major. */
  readonly x: Float64Array
  readonly k: number
  readonly batch: boolean
  readonly options: Record<string, unknown>
}

export interface Computed {
  readonly result: Record<string, unknown>
  /** The point whose numbers explain a non-finite result: row `point` of the batch. */
  readonly blame: (path: string) => Float64Array
}

type Compute = (
  p: CompiledProgram,
  input: Input,
  api: Api,
  limits: Limits,
  cost: Cost,
) => Record<string, unknown>

const row = (x: Float64Array, n: number, i: number) => x.subarray(i * n, (i + 1) * n)
const rows = (x: Float64Array, n: number, k: number) => Array.from({ length: k }, (_, i) => row(x, n, i))
const each = <T>(input: Input, n: number, f: (x: Float64Array) => T) =>
  Array.from({ length: input.k }, (_, i) => f(row(input.x, n, i)))

function scalar(p: Program, route: string): void {
  if (p.outputs !== 1) {
    throw new ApiError(
      422,
      'not-scalar',
      `${route} needs one output; this expression has ${p.outputs} (try jacobian)`,
    )
  }
}

const computations: Record<Route, Compute> = {
  evaluate(p, input) {
    const m = p.outputs
    if (!input.batch) {
      const v = p.evaluate(input.x)
      return { value: m === 1 ? v[0] : v }
    }
    const v = p.evaluateBatch(input.x, input.k)
    return { value: m === 1 ? v : rows(v, m, input.k) }
  },

  gradient(p, input) {
    scalar(p, 'gradient')
    if (!input.batch) return { ...p.gradient(input.x) }
    const r = p.gradientBatch(input.x, input.k)
    return { value: r.value, gradient: rows(r.gradient, p.inputs, input.k) }
  },

  hessian(p, input, _api, limits) {
    scalar(p, 'hessian')
    const tooLarge = hessianProblem(p.inputs, limits)
    if (tooLarge) throw new ApiError(422, tooLarge.code, tooLarge.message)
    if (!input.batch) return { ...p.hessian(input.x) }
    const r = each(input, p.inputs, (x) => p.hessian(x))
    return {
      value: r.map((h) => h.value),
      gradient: r.map((h) => h.gradient),
      hessian: r.map((h) => h.hessian),
    }
  },

  jacobian(p, input) {
    if (!input.batch) return { ...p.jacobian(input.x) }
    const r = each(input, p.inputs, (x) => p.jacobian(x))
    return { value: r.map((j) => j.value), jacobian: r.map((j) => j.jacobian) }
  },

  compare(p, input, api) {
    scalar(p, 'compare')
    const o = input.options as {
      hs?: number[]
      variable?: string
      rtol?: number
      atol?: number
      lang?: 'en' | 'ko'
    }
    const problem = compareProblem(p.variables, o.variable)
    if (problem?.code === 'no-variables') throw new ApiError(422, problem.code, problem.message)
    if (problem) throw new ApiError(400, problem.code, `options.variable: ${problem.message}`)
    return { ...api.numeric.compare(p, input.x, o) }
  },

  explain(p, input, api) {
    const o = input.options as { lang?: 'en' | 'ko'; output?: number; mode?: 'reverse' | 'forward' }
    return { ...api.explain(p, input.x, { lang: o.lang, output: o.output, mode: o.mode }) }
  },

  graph(p, input, api) {
    const o = input.options as { format?: 'json' | 'dot' | 'mermaid'; lang?: 'en' | 'ko'; output?: number }
    const opts = { at: input.x, lang: o.lang, output: o.output }
    if (o.format === 'dot') return { format: 'dot', graph: api.toDot(p, opts) }
    if (o.format === 'mermaid') return { format: 'mermaid', graph: api.toMermaid(p, opts) }
    return { format: 'json', graph: { ...api.toJSON(p, opts) } }
  },

  minimize(p, input, api, limits, cost) {
    scalar(p, 'minimize')
    const o = input.options as MinimizeOptions & { trajectory?: boolean }
    // L-BFGS may spend many evaluations in one line search, and the convergence
    // probe a few dozen values: core counts every sweep against the budget, in
    // sweeps of the costed tape, plus a recording per call where a call may re-record.
    const r = api.minimize(p, input.x, {
      ...o,
      trajectory: o.trajectory ?? false,
      budget: { sweeps: limits.work / Math.max(1, cost.size), perCall: cost.rerecords ? RECORD : 0 },
    })
    return {
      x: r.x,
      value: r.value,
      iterations: r.iterations,
      converged: r.converged,
      status: r.status,
      evaluations: r.evaluations,
      ...(o.trajectory ? { trajectory: r.trajectory } : {}),
    }
  },
}

export function compute(
  route: Route,
  p: CompiledProgram,
  cost: Cost,
  input: Input,
  api: Api,
  limits: Limits,
): Computed {
  const result = computations[route](p, input, api, limits, cost)
  const n = p.inputs
  // Batch results are indexed by point first: "/gradient/3/1" belongs to point 3.
  const blame = (path: string) => (input.batch ? row(input.x, n, Number(path.split('/')[2]) || 0) : input.x)
  return { result, blame }
}
