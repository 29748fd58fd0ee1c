// How much a piece of work will cost, before any sweep runs. The unit is one
// visit of one tape node (a forward sweep over a tape of s nodes costs s);
// each kind of work's count of sweeps per point is below. The API and the CLI
// refuse work over `limits.work` up front with the same estimate
// (`workProblem`); the API also runs work under its `inlineWork` on the event
// loop and anything larger in its worker pool.
//
// The estimate must not depend on which branch a cached program last
// recorded: a tape holds only the taken branch of each `where`, and a point on
// the other side re-records (docs/ARCHITECTURE.md §5). So a program with `where` is costed
// by the tape of every branch at once, and each program call that may
// re-record is charged a recording; the same request then gets the same
// answer (200 or 422) whatever came before it.

import type { Program } from './backend.js'
import type { Lang } from './explain/messages.js'
import { type CallNode, type Expression, type Node, postOrder } from './expr/ast.js'
import { type CompiledProgram, recordExpression } from './expr/compile.js'
import type { LimitProblem, Limits } from './limits.js'
import { PROBLEM_MESSAGES } from './problem-messages.js'

/** What a request is costed by, fixed when the program is compiled. */
export interface Cost {
  /** Tape nodes: the tape itself, or for `where`, a tape holding every branch. */
  readonly size: number
  /** A call may re-record first (a guard can flip, or the recording reads values). */
  readonly rerecords: boolean
}

/**
 * What a recording is charged, in sweeps of the tape it records: the committed bench measures 40 ns a
 * node for trace against 13 ns for a JS gradient sweep (about three); eight leaves room for a slower machine.
 */
export const RECORD = 8

/**
 * What compiling a tape to WebAssembly is charged, in sweeps of the tape:
 * emitting, V8's compile and the first call measured ~1 µs a node on
 * Rosenbrock and up to 7.7 µs on a tape of sines (each a host import;
 * docs/ARCHITECTURE.md §6), against ~13 ns a node for a JS sweep (80–600
 * sweeps); a thousand leaves room for a slower machine, as RECORD does.
 */
export const COMPILE = 1000

/**
 * The largest tape a server may let a long-lived program compile when each
 * job is held to `work` node visits: compiling it costs at most one job's budget.
 */
export function compileNodes(work: number): number {
  return Math.floor(work / COMPILE)
}

/** The Cost of a freshly compiled program (its first recording, at the all-ones point). */
export function costOf(program: CompiledProgram): Cost {
  const branching = hasWhere(program.expression)
  if (!branching) return { size: program.size, rerecords: program.isValueDependent }
  return { size: Math.max(program.size, everyBranch(program)), rerecords: true }
}

function hasWhere(expression: Expression): boolean {
  let found = false
  postOrder(expression.outputs, (node) => {
    if (node.kind === 'call' && node.name === 'where') found = true
  })
  return found
}

/**
 * Nodes of a tape that records every branch: each where(c, a, b) becomes
 * c + a + b, which records c, a and b and one node more than the guard.
 */
function everyBranch(program: CompiledProgram): number {
  const copy = new Map<Node, Node>()
  postOrder(program.expression.outputs, (node) => {
    if (node.kind !== 'call') return void copy.set(node, node)
    const args = node.args.map((a) => copy.get(a)!)
    const sum = (x: Node, y: Node): CallNode => ({
      kind: 'call',
      name: 'add',
      args: [x, y],
      start: node.start,
      end: node.end,
    })
    copy.set(node, node.name === 'where' ? sum(sum(args[0], args[1]), args[2]) : { ...node, args })
  })
  const outputs = program.expression.outputs.map((root) => copy.get(root)!)
  const expression = { ...program.expression, outputs }
  const ones = new Array<number>(program.variables.length).fill(1)
  return recordExpression(expression, program.variables, ones).tape.op.length
}

/** The kinds of work estimated: the API's routes, which the CLI's commands of the same names share. */
export type WorkRoute =
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
const sweeps: Record<WorkRoute, (p: Program, s: Shape) => number> = {
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
  // One gradient per iteration; L-BFGS line searches and the convergence probe's values are held
  // to the budget as they run (minimize's `budget` option counts every sweep).
  minimize: (_, s) => 2 * ((s.iterations ?? 1000) + 1),
}

// Program calls per point, each of which may re-record once (and then sweep again).
const calls: Partial<Record<WorkRoute, (p: Program, s: Shape) => number>> = {
  compare: (p, s) => sweeps.compare(p, s),
  minimize: (_, s) => (s.iterations ?? 1000) + 1,
}

export function workOf(route: WorkRoute, program: Program, cost: Cost, shape: Shape): number {
  const n = sweeps[route](program, shape)
  const perNode = cost.rerecords ? 2 * n + RECORD * (calls[route]?.(program, shape) ?? 1) : n
  return perNode * cost.size * shape.k
}

/** Numbers in the response: large responses are built in a worker, never on the event loop. */
export function resultsOf(route: WorkRoute, program: Program, cost: Cost, shape: Shape): number {
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
      return cost.size * 8
  }
}

/**
 * Why `route` over `shape` is refused, or undefined if its estimated work is within `limits.work`;
 * the message in `lang` (English, the API's, by default).
 */
export function workProblem(
  route: WorkRoute,
  program: Program,
  cost: Cost,
  shape: Shape,
  limits: Limits,
  lang: Lang = 'en',
): LimitProblem | undefined {
  const work = workOf(route, program, cost, shape)
  if (work <= limits.work) return undefined
  return { code: 'work-budget', message: PROBLEM_MESSAGES[lang].workBudget(work.toPrecision(2), limits.work) }
}
