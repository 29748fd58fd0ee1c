// The targets, checked against the measured numbers. They are
// reported, never asserted by a test: a target missed on this machine is a
// finding to state, not a build to break.
import { digits } from '../accuracy.js'
import type { Row } from '../measure.js'
import { type Results, row, speedup, type Target } from '../results.js'

const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)}×` : '–')

export function targets(r: Omit<Results, 'targets'>): Target[] {
  const n1000 = r.rosenbrock.byN.find((b) => b.n === 1000)?.rows
  return [...singlePoint(n1000), ...batched(r), ...againstClosuresAndDifferences(r, n1000), ...gradbench(r)]
}

type Rows = readonly Row[]

const missing = (name: string, goal: string, where: string): Target => ({
  name,
  goal,
  measured: 'not measured at this size (a --quick run)',
  met: null,
  where,
})

function singlePoint(n1000: Rows | undefined): Target[] {
  if (!n1000) return [missing('WASM single-point vs JS', '≥ 1.5×', 'Rosenbrock n = 1000')]
  const s = speedup(n1000, 'js', 'wasm')
  return [
    {
      name: 'WASM single-point vs JS',
      goal: '≥ 1.5×',
      measured: x(s),
      met: s >= 1.5,
      where: 'Rosenbrock n = 1000',
    },
  ]
}

function batched(r: Omit<Results, 'targets'>): Target[] {
  const b = speedup(r.batch.rows, 'js', 'wasm-batch')
  const ba = speedup(r.batch.arithmetic, 'js', 'wasm-batch')
  return [
    {
      name: 'WASM batched, per point, vs JS single-point',
      goal: '≥ 5×',
      measured: x(b),
      met: b >= 5,
      where: `${r.batch.points} points of the 10-variable function with sin, exp, log1p, tanh`,
    },
    {
      name: 'WASM batched, per point, vs JS single-point',
      goal: '≥ 5×',
      measured: x(ba),
      met: ba >= 5,
      where: `the same ${r.batch.points} points on Rosenbrock n = 10 (arithmetic only)`,
    },
  ]
}

function againstClosuresAndDifferences(r: Omit<Results, 'targets'>, n1000: Rows | undefined): Target[] {
  if (!n1000) {
    return [
      missing('chainrule vs the closure-per-node design', '≥ 100×', 'Rosenbrock n = 1000'),
      missing('chainrule vs central differences', '≥ 50× and ≥ 7 more digits', 'Rosenbrock n = 1000'),
    ]
  }
  const c = speedup(n1000, 'closure', 'wasm')
  const m = speedup(r.mlp.rows, 'closure', 'wasm')
  const cd = speedup(n1000, 'central', 'wasm')
  const dAd = digits(row(n1000, 'wasm')?.error ?? Number.NaN)
  const dCd = digits(row(n1000, 'central')?.error ?? Number.NaN)
  return [
    {
      name: 'chainrule vs the closure-per-node design',
      goal: '≥ 100×',
      measured: x(c),
      met: c >= 100,
      where: 'Rosenbrock n = 1000, WASM replay',
    },
    {
      name: 'chainrule vs the closure-per-node design',
      goal: '≥ 100×',
      measured: x(m),
      met: m >= 100,
      where: 'MLP training step, WASM replay',
    },
    {
      name: 'chainrule vs central differences',
      goal: '≥ 50× faster and ≥ 7 more correct digits',
      measured: `${x(cd)}; ${dAd.toFixed(1)} against ${dCd.toFixed(1)} digits (+${(dAd - dCd).toFixed(1)})`,
      met: cd >= 50 && dAd - dCd >= 7,
      where: 'Rosenbrock n = 1000, WASM replay',
    },
  ]
}

function gradbench(r: Omit<Results, 'targets'>): Target[] {
  return r.gradbench.backends.flatMap(({ backend, cases }) =>
    cases.flatMap((c) =>
      c.target === undefined
        ? []
        : [
            {
              name: `GradBench ${c.name}, gradient ÷ primal (${backend} tool)`,
              goal: `≤ ${c.target}`,
              measured: `${c.ratio.toFixed(1)}${c.problems.length ? ' (answer INVALID)' : ''}`,
              met: c.ratio <= c.target && c.problems.length === 0,
              where: 'GradBench tool, medians of its evaluate timings',
            },
          ],
    ),
  )
}
