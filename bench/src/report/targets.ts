// The targets, checked against the measured numbers. They are
// reported, never asserted by a test: a target missed on this machine is a
// finding to state, not a build to break.
import { digits } from '../accuracy.js'
import { type Results, row, speedup, type Target } from '../results.js'

const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)}×` : '–')

export function targets(r: Omit<Results, 'targets'>): Target[] {
  const out: Target[] = []
  const at = (n: number) => r.rosenbrock.byN.find((b) => b.n === n)?.rows
  const n1000 = at(1000)
  const missing = (name: string, goal: string, where: string): Target => ({
    name,
    goal,
    measured: 'not measured at this size (a --quick run)',
    met: null,
    where,
  })

  if (n1000) {
    const s = speedup(n1000, 'js', 'wasm')
    out.push({
      name: 'WASM single-point vs JS',
      goal: '≥ 1.5×',
      measured: x(s),
      met: s >= 1.5,
      where: 'Rosenbrock n = 1000',
    })
  } else out.push(missing('WASM single-point vs JS', '≥ 1.5×', 'Rosenbrock n = 1000'))

  const b = speedup(r.batch.rows, 'js', 'wasm-batch')
  out.push({
    name: 'WASM batched, per point, vs JS single-point',
    goal: '≥ 5×',
    measured: x(b),
    met: b >= 5,
    where: `${r.batch.points} points of the 10-variable function with sin, exp, log1p, tanh`,
  })
  const ba = speedup(r.batch.arithmetic, 'js', 'wasm-batch')
  out.push({
    name: 'WASM batched, per point, vs JS single-point',
    goal: '≥ 5×',
    measured: x(ba),
    met: ba >= 5,
    where: `the same ${r.batch.points} points on Rosenbrock n = 10 (arithmetic only)`,
  })

  if (n1000) {
    const c = speedup(n1000, 'closure', 'wasm')
    out.push({
      name: 'chainrule vs the closure-per-node design',
      goal: '≥ 100×',
      measured: x(c),
      met: c >= 100,
      where: 'Rosenbrock n = 1000, WASM replay',
    })
    const m = speedup(r.mlp.rows, 'closure', 'wasm')
    out.push({
      name: 'chainrule vs the closure-per-node design',
      goal: '≥ 100×',
      measured: x(m),
      met: m >= 100,
      where: 'MLP training step, WASM replay',
    })
    const cd = speedup(n1000, 'central', 'wasm')
    const dAd = digits(row(n1000, 'wasm')?.error ?? Number.NaN)
    const dCd = digits(row(n1000, 'central')?.error ?? Number.NaN)
    out.push({
      name: 'chainrule vs central differences',
      goal: '≥ 50× faster and ≥ 7 more correct digits',
      measured: `${x(cd)}; ${dAd.toFixed(1)} against ${dCd.toFixed(1)} digits (+${(dAd - dCd).toFixed(1)})`,
      met: cd >= 50 && dAd - dCd >= 7,
      where: 'Rosenbrock n = 1000, WASM replay',
    })
  } else {
    out.push(missing('chainrule vs the closure-per-node design', '≥ 100×', 'Rosenbrock n = 1000'))
    out.push(missing('chainrule vs central differences', '≥ 50× and ≥ 7 more digits', 'Rosenbrock n = 1000'))
  }

  for (const { backend, cases } of r.gradbench.backends) {
    for (const c of cases) {
      if (c.target === undefined) continue
      out.push({
        name: `GradBench ${c.name}, gradient ÷ primal (${backend} tool)`,
        goal: `≤ ${c.target}`,
        measured: `${c.ratio.toFixed(1)}${c.problems.length ? ' (answer INVALID)' : ''}`,
        met: c.ratio <= c.target && c.problems.length === 0,
        where: 'GradBench tool, medians of its evaluate timings',
      })
    }
  }
  return out
}
