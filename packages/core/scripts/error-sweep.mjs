// Prints numeric.errorSweep tables: each finite-difference method's error
// against the AD derivative for h = 1e-1 … 1e-16. Runs the TypeScript source
// through Vite's module runner (Node 20 cannot load .ts itself).
//
//   node packages/core/scripts/error-sweep.mjs
import { runnerImport } from 'vite'

const { module: core } = await runnerImport(new URL('../src/index.ts', import.meta.url).pathname)
const { numeric } = core

const cases = [
  ['exp(x) at x = 1', (x) => x.exp(), [1], {}],
  ['sin(x) at x = 1', (x) => x.sin(), [1], {}],
  [
    '∂/∂x of (1 − x)² + 100(y − x²)² at (−1.2, 1)',
    (x, y) => x.neg().add(1).square().add(y.sub(x.square()).square().mul(100)),
    [-1.2, 1],
    { index: 0 },
  ],
]

const e = (v) => (Number.isFinite(v) ? v.toExponential(1).padStart(8) : String(v).padStart(8))
const methods = ['central', 'forward', 'backward', 'richardson']

for (const [title, f, x, opts] of cases) {
  const s = numeric.errorSweep(f, x, opts)
  console.log(`\n${title}: AD = ${s.ad} (f = ${s.value})`)
  console.log('absolute error |numeric − AD| (relative in parentheses)')
  console.log(['h'.padStart(6), ...methods.map((m) => m.padStart(19)), 'Ridders est.'.padStart(13)].join(' '))
  for (const r of s.rows) {
    const cells = methods.map((m) => `${e(r[m].absError)} (${e(r[m].relError)})`.padStart(19))
    console.log(
      [r.h.toExponential(0).padStart(6), ...cells, e(r.richardson.errorEstimate).padStart(13)].join(' '),
    )
  }
  console.log(
    'best:',
    methods
      .map((m) => `${m} ${e(s.best[m].absError).trim()} at h = ${s.best[m].h.toExponential(0)}`)
      .join('; '),
  )
}
