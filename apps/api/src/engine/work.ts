// How much a request will cost, before any sweep runs. The unit is one visit
// of one tape node (a forward sweep over a tape of s nodes costs s); each
// route's count of sweeps per point is below. The API refuses a request over
// the work budget up front, and runs one under `inlineWork` on the event loop
// (cheaper than a hop to a worker) and anything larger in the worker pool.

import type { Program } from '@chainrule/core'

export type Route =
  | 'evaluate'
  | 'gradient'
  | 'hessian'
  | 'jacobian'
  | 'compare'
  | 'explain'
  | 'graph'
  | 'minimize'

export interface Shape {
  /** Points requested (1 for `at`). */
  readonly k: number
  /** compare: steps h swept. */
  readonly hs?: number
  /** minimize: iterations allowed. */
  readonly iterations?: number
}

// Sweeps per point, as multiples of one forward sweep. A reverse sweep costs
// about as much as a forward one; a tangent-of-adjoint sweep about four.
const sweeps: Record<Route, (p: Program, s: Shape) => number> = {
  evaluate: () => 1,
  gradient: () => 2,
  // One hvp per input, plus the gradient.
  hessian: (p) => 4 * p.inputs + 2,
  // One reverse sweep per output, or one tangent sweep per input, whichever is fewer.
  jacobian: (p) => 1 + Math.min(p.outputs, p.inputs) * 2,
  // Per step: central, forward and backward differences, and Ridders' tableau (≤ 20 evaluations).
  compare: (p, s) => 2 + (s.hs ?? 16) * 24 + 2 * p.inputs,
  // Unfolding the graph and writing text and LaTeX per node: measured at about
  // 4000 node visits' worth of time per tape node.
  explain: () => 4000,
  graph: () => 4000,
  // One gradient per iteration; L-BFGS line searches are held to the budget as they run.
  minimize: (_, s) => 2 * ((s.iterations ?? 1000) + 1),
}

export function workOf(route: Route, program: Program, shape: Shape): number {
  return sweeps[route](program, shape) * program.size * shape.k
}

/** Numbers in the response: large responses are built in a worker, never on the event loop. */
export function resultsOf(route: Route, program: Program, shape: Shape): number {
  const n = program.inputs
  const m = program.outputs
  switch (route) {
    case 'evaluate':
      return shape.k * m
    case 'gradient':
      return shape.k * (n + 1)
    case 'hessian':
      return shape.k * (n * n + n + 1)
    case 'jacobian':
      return shape.k * (m * n + m)
    case 'minimize':
      return (shape.iterations ?? 1000) * (n + 1)
    default:
      return program.size * 8
  }
}
