// Tape against the alternatives (`pnpm --filter @chainrule/bench tape-vs-closures`):
// Rosenbrock n = 1000 through trace(...).gradient against the hand-written
// gradient and the closure-per-node graph, timed interleaved so the ratios come
// from one run; then bytes per node of a 10⁷-node tape.
import { tapeBytes, trace, type Var } from '@chainrule/core'
import { formatDuration, timeAll, timeOnce } from '@chainrule/core/measure'
import { rosenbrockGradient, rosenbrockValues, rosenbrockVars } from './functions/rosenbrock.js'
import { describeMachine, machine } from './machine.js'

console.log(describeMachine(machine()))
const n = 1000
const x = Float64Array.from({ length: n }, (_, i) => (i % 2 ? 1.1 : -0.9))
const g = new Float64Array(n)
const program = trace(rosenbrockVars, x)

const check = program.gradient(x).gradient
rosenbrockGradient(x, g)
const worst = Math.max(...Array.from(g, (gi, i) => Math.abs(gi - check[i]) / Math.max(1, Math.abs(gi))))

const t = timeAll({
  hand: () => rosenbrockGradient(x, g),
  tape: () => program.gradient(x),
  closures: () => rosenbrockValues(x),
})
const spread = (s: number) => `±${((s * 100) / 2).toFixed(0)}%`

console.log(
  `Rosenbrock n = ${n}, ${program.size} tape nodes (max rel. difference from the hand-written gradient ${worst.toExponential(1)})`,
)
console.log(`  hand-written gradient      ${formatDuration(t.hand.median)} ${spread(t.hand.spread)}`)
console.log(
  `  trace(...).gradient (js)   ${formatDuration(t.tape.median)} ${spread(t.tape.spread)}   ${(t.tape.median / t.hand.median).toFixed(1)}× the hand-written gradient`,
)
console.log(
  `  closure-per-node graph     ${formatDuration(t.closures.median)} ${spread(t.closures.spread)}   ${(t.closures.median / t.tape.median).toFixed(1)}× slower than the tape`,
)

const N = 10_000_000
const { seconds: recordSeconds, result: big } = timeOnce(() =>
  trace(
    (x0: Var) => {
      let y = x0
      for (let i = 1; i < N; i++) y = y.add(1e-7)
      return y
    },
    [0],
  ),
)
const bytes = tapeBytes(big.tape)
console.log(
  `Tape of ${big.size} nodes: ${bytes} bytes, ${(bytes / big.size).toFixed(2)} bytes per node; recorded in ${formatDuration(recordSeconds)} (${formatDuration(recordSeconds / N)} per node)`,
)
console.log(`  one gradient sweep over it: ${formatDuration(timeOnce(() => big.gradient([1])).seconds)}`)
