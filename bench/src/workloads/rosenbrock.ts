// Workload 2: Rosenbrock for n = 10 … 100 000 — time and error of every
// method, and how each scales: a reverse sweep costs O(n), a gradient by
// finite differences O(n²) (2n evaluations of an O(n) function). The
// numerical methods stop at the sizes where one gradient would take minutes.
import * as js from '@chainrule/core'
import type { Context } from '../context.js'
import { fresh } from '../fresh.js'
import {
  rosenbrock,
  rosenbrockGradient,
  rosenbrockTf,
  rosenbrockValues,
  rosenbrockVars,
} from '../functions/rosenbrock.js'
import { measure, type Row } from '../measure.js'
import { method, numericMethods, recordMethod, replayMethods } from '../methods.js'
import { rng, uniformArray } from '../rng.js'

export const SIZES = [10, 100, 1000, 10_000, 100_000]
export const QUICK_SIZES = [10, 100]
/** Largest n each finite-difference method runs at; beyond it one gradient takes longer than the whole suite may. */
export const NUMERIC_CAP = { central: 10_000, forward: 10_000, richardson: 1000 } as const

export interface RosenbrockResult {
  readonly sizes: number[]
  /** rows per size, with the nodes of the tape chainrule records at that size. */
  readonly byN: { readonly n: number; readonly nodes?: number; readonly rows: Row[] }[]
}

function capped(n: number, quick: boolean) {
  const skip: Partial<Record<keyof typeof NUMERIC_CAP, string>> = {}
  for (const [m, cap] of Object.entries(NUMERIC_CAP) as [keyof typeof NUMERIC_CAP, number][]) {
    const limit = quick ? Math.min(cap, 10) : cap
    if (n > limit)
      skip[m] = `not run above n = ${limit} (O(n²): ${m === 'richardson' ? '~50n' : '2n'} evaluations)`
  }
  return skip
}

export async function rosenbrockScaling(ctx: Context): Promise<RosenbrockResult> {
  const sizes = ctx.quick ? QUICK_SIZES : SIZES
  const byN = []
  for (const n of sizes) {
    ctx.log(`rosenbrock: n = ${n}`)
    const x = uniformArray(rng(n), n, -2, 2)
    const exact = new Float64Array(n)
    rosenbrockGradient(x, exact)
    // The floors from a copy of their module of their own, compiled for this n alone (fresh.ts).
    const floors = (
      await fresh<typeof import('../functions/rosenbrock.js')>('../functions/rosenbrock.js', import.meta.url)
    ).rosenbrockFloors(x)
    const methods = [
      method('primal', () => ({ run: floors.primal })),
      method('hand', () => ({ run: floors.gradient })),
      ...replayMethods(rosenbrockVars, x),
      recordMethod(rosenbrockVars, x),
      method('closure', () => ({ run: () => rosenbrockValues(x) })),
      ...numericMethods((p) => rosenbrock(p), x, capped(n, ctx.quick)),
      method('tf-cpu', () => ({ run: rosenbrockTf(n).bind(null, x) })),
      method('tf-wasm', () => ({ run: rosenbrockTf(n).bind(null, x) })),
    ]
    byN.push({ n, nodes: js.trace(rosenbrockVars, x).size, rows: await measure(ctx, methods, 'wasm', exact) })
  }
  return { sizes, byN }
}
