// The eval side, as GradBench's evals drive a tool: start, define the module,
// evaluate the primal and the gradient, then send the analysis of each answer
// (checked against reference.ts). What comes back is the tool's own timings:
// the median "evaluate" run of each function and the "record" step, and the
// GradBench-style ratio gradient ÷ primal, both from the same tool process.
import * as js from '@chainrule/core'
import { median } from '@chainrule/core/measure'
import { relativeError } from '../accuracy.js'
import { normal, rng } from '../rng.js'
import { gmmTapes, parseGmm } from './gmm.js'
import { gmmObjective } from './gmm-objective.js'
import { gmmInput, llsqInput, lseInput } from './inputs.js'
import { llsqVars } from './llsq.js'
import { lseVars } from './lse.js'
import type { Response } from './protocol.js'
import { gmmReference, llsqReference, softmax } from './reference.js'
import type { Runs } from './runs.js'
import type { Transport } from './transport.js'

export interface Case {
  readonly name: string
  readonly module: string
  readonly primal: string
  readonly gradient: string
  readonly input: Record<string, unknown>
  /** The ratio GradBench's ADOL-C tool reaches on this workload (the target), if any. */
  readonly target?: number
  /** Problems with the answers, or [] when both are right. */
  check(primal: unknown, gradient: unknown): string[]
  /** Nodes of the tape the gradient replays (traced here, as the tool does). */
  nodes(): number
}

export interface CaseResult {
  readonly name: string
  readonly module: string
  readonly primalSeconds: number
  readonly gradientSeconds: number
  readonly recordSeconds: number
  readonly primalRuns: number
  readonly gradientRuns: number
  /** gradient ÷ primal, medians of the same tool process. */
  readonly ratio: number
  readonly target?: number
  readonly nodes: number
  readonly problems: string[]
}

const close = (what: string, got: unknown, want: number, rtol: number): string[] =>
  typeof got === 'number' && Math.abs(got - want) <= rtol * Math.max(1, Math.abs(want))
    ? []
    : [`${what}: got ${got}, expected ${want}`]

const closeVector = (what: string, got: unknown, want: ArrayLike<number>, rtol: number): string[] => {
  if (!Array.isArray(got) || got.length !== want.length) return [`${what}: expected ${want.length} numbers`]
  const e = relativeError(got, want)
  return e <= rtol ? [] : [`${what}: relative error ${e.toExponential(2)} > ${rtol}`]
}

export function lseCase(n: number, target?: number): Case {
  const input = lseInput(n)
  const x = Float64Array.from(input.x)
  const max = Math.max(...input.x)
  const value = max + Math.log(input.x.reduce((s, v) => s + Math.exp(v - max), 0))
  return {
    name: `lse n = ${n}`,
    module: 'lse',
    primal: 'primal',
    gradient: 'gradient',
    input,
    ...(target ? { target } : {}),
    check: (p, g) => [...close('primal', p, value, 1e-12), ...closeVector('gradient', g, softmax(x), 1e-9)],
    nodes: () => js.trace(lseVars, x, { vector: true }).size,
  }
}

export function llsqCase(n: number, m: number, target?: number): Case {
  const input = llsqInput(n, m)
  const ref = llsqReference(input.x, n)
  return {
    name: `llsq n = ${n}, m = ${m}`,
    module: 'llsq',
    primal: 'primal',
    gradient: 'gradient',
    input,
    ...(target ? { target } : {}),
    check: (p, g) => [
      ...close('primal', p, ref.value, 1e-9),
      ...closeVector('gradient', g, ref.gradient, 1e-9),
    ],
    nodes: () => js.trace(llsqVars(n), input.x, { vector: true }).size,
  }
}

/** The objective against the direct reference; the gradient along a random direction against Ridders' extrapolation. */
export function gmmCase(d: number, k: number, n: number, target?: number): Case {
  const input = gmmInput(d, k, n)
  const { data, params } = parseGmm(input)
  return {
    name: `gmm d = ${d}, K = ${k}, n = ${n}`,
    module: 'gmm',
    primal: 'objective',
    gradient: 'jacobian',
    input,
    ...(target ? { target } : {}),
    check: (p, g) => {
      const problems = close('objective', p, gmmReference(data, params), 1e-10)
      const flat = flatten(g)
      if (flat.length !== params.length) return [...problems, `jacobian: expected ${params.length} numbers`]
      const r = rng(d * 7 + k)
      const v = Float64Array.from(params, () => normal(r))
      const along = (t: number) =>
        gmmObjective(
          data,
          params.map((pi, i) => pi + t * v[i]),
        )
      const fd = js.numeric.derivative(along, 0, { method: 'richardson' }).value
      const ad = flat.reduce((s, gi, i) => s + gi * v[i], 0)
      const norm = Math.hypot(...flat) * Math.hypot(...v)
      return Math.abs(ad - fd) <= 1e-7 * Math.max(1, norm)
        ? problems
        : [...problems, `jacobian: directional derivative ${ad} against ${fd} by finite differences`]
    },
    // The tool's two tapes: one data point's term (swept at each point) and the other terms.
    nodes: () => {
      const { point, rest } = gmmTapes(js, data, params)
      return point.size + rest.size
    },
  }
}

/** GradBench's Independent { alpha, mu, q, l } back to one flat vector. */
function flatten(g: unknown): number[] {
  const o = g as { alpha?: number[]; mu?: number[][]; q?: number[][]; l?: number[][] }
  if (!o?.alpha || !o.mu || !o.q || !o.l) return []
  return [...o.alpha, ...o.mu.flat(), ...o.q.flat(), ...o.l.flat()]
}

const seconds = (r: Response, name: string) =>
  (r.timings ?? []).filter((t) => t.name === name).map((t) => t.nanoseconds / 1e9)

/**
 * Runs every case through one tool session, as a sequence of GradBench rounds.
 * Each case is evaluated `rounds` times, primal and gradient alternately, and
 * the timings pooled: a change in the machine's load then weighs on both.
 */
export async function runCases(
  tool: Transport,
  cases: readonly Case[],
  runs: Runs,
  rounds = 1,
): Promise<CaseResult[]> {
  let id = 0
  const ask = (message: Record<string, unknown> & { kind: string }) => tool.request({ id: id++, ...message })
  await ask({ kind: 'start', eval: 'chainrule-bench' })
  const defined = new Set<string>()
  const results: CaseResult[] = []
  for (const c of cases) {
    if (!defined.has(c.module)) {
      const r = await ask({ kind: 'define', module: c.module })
      if (!r.success) throw new Error(`the tool does not define ${c.module}: ${r.error}`)
      defined.add(c.module)
    }
    const input = { ...c.input, ...runs }
    const p: number[] = []
    const g: number[] = []
    const record: number[] = []
    const problems: string[] = []
    for (let round = 0; round < rounds; round++) {
      const evaluate = (fn: string) =>
        ask({ kind: 'evaluate', module: c.module, function: fn, input, description: c.name })
      const primal = await evaluate(c.primal)
      const gradient = await evaluate(c.gradient)
      const failed = [primal, gradient].flatMap((r) => (r.success ? [] : [`${r.error}`]))
      // Answers are the same every round; checking them once is enough (the gmm reference is slow).
      const wrong = failed.length > 0 ? failed : round === 0 ? c.check(primal.output, gradient.output) : []
      problems.push(...wrong)
      for (const r of [primal, gradient]) {
        await ask({
          kind: 'analysis',
          of: r.id,
          valid: wrong.length === 0,
          ...(wrong.length ? { error: wrong.join('; ') } : {}),
        })
      }
      p.push(...seconds(primal, 'evaluate'))
      g.push(...seconds(gradient, 'evaluate'))
      record.push(...seconds(gradient, 'record'))
    }
    results.push({
      name: c.name,
      module: c.module,
      primalSeconds: median(p),
      gradientSeconds: median(g),
      recordSeconds: record.length ? median(record) : Number.NaN,
      primalRuns: p.length,
      gradientRuns: g.length,
      ratio: median(g) / median(p),
      ...(c.target ? { target: c.target } : {}),
      nodes: c.nodes(),
      problems,
    })
  }
  return results
}
