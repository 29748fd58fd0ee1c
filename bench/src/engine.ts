// Engine report (issue: the reverse-mode engine): Rosenbrock n = 1000 through
// trace(...).gradient against the hand-written gradient and the closure-per-node
// graph, and bytes per node of a 10⁷-node tape. Ratios are from one run.
import { tapeBytes, trace, type Var } from '@chainrule/core'
import { rosenbrockGradient, rosenbrockValues, rosenbrockVars } from './functions/rosenbrock.js'
import { fmtTime, time } from './timing.js'

const n = 1000
const x = Float64Array.from({ length: n }, (_, i) => (i % 2 ? 1.1 : -0.9))
const g = new Float64Array(n)
const program = trace(rosenbrockVars, x)

const check = program.gradient(x).gradient
rosenbrockGradient(x, g)
const worst = Math.max(...Array.from(g, (gi, i) => Math.abs(gi - check[i]) / Math.max(1, Math.abs(gi))))

const hand = time(() => rosenbrockGradient(x, g))
const tape = time(() => program.gradient(x))
const closures = time(() => rosenbrockValues(x))

console.log(
  `Rosenbrock n = ${n}, ${program.size} tape nodes (max rel. difference from the hand-written gradient ${worst.toExponential(1)})`,
)
console.log(`  hand-written gradient      ${fmtTime(hand.median)}`)
console.log(
  `  trace(...).gradient (js)   ${fmtTime(tape.median)}   ${(tape.median / hand.median).toFixed(1)}× the hand-written gradient`,
)
console.log(
  `  closure-per-node graph     ${fmtTime(closures.median)}   ${(closures.median / tape.median).toFixed(1)}× slower than the tape`,
)

const N = 10_000_000
const t0 = performance.now()
const big = trace(
  (x0: Var) => {
    let y = x0
    for (let i = 1; i < N; i++) y = y.add(1e-7)
    return y
  },
  [0],
)
const recordSeconds = (performance.now() - t0) / 1000
const bytes = tapeBytes(big.tape)
console.log(
  `Tape of ${big.size} nodes: ${bytes} bytes, ${(bytes / big.size).toFixed(2)} bytes per node; recorded in ${fmtTime(recordSeconds)} (${fmtTime(recordSeconds / N)} per node)`,
)
const t1 = performance.now()
big.gradient([1])
console.log(`  one gradient sweep over it: ${fmtTime((performance.now() - t1) / 1000)}`)
