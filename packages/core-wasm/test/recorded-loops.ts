// Tapes recorded from loops, in the shapes of the benchmark's (a GradBench gmm
// data point's term, an MLP's training loss) at any size: what re-rolling is
// for (docs/ARCHITECTURE.md §6). Written here, not imported from bench, so
// core-wasm's tests depend on core only.
import { logsumexp, type Operand, sub, type TapeData, trace, type Var } from '@chainrule/core'

/**
 * log Σₖ exp(αₖ + Σⱼ qₖⱼ − ½‖Qₖ(x − μₖ)‖²), Qₖ = diag(exp qₖ) + Lₖ (strictly lower), over
 * [α (k), μ (k·d), q (k·d), L (k·d(d−1)/2), x (d)]: gmm's per-point tape.
 */
export function gmmPointTape(d: number, k: number): { tape: TapeData; at: number[] } {
  const ls = (d * (d - 1)) / 2
  const count = k * (1 + 2 * d + ls)
  const at = Array.from({ length: count + d }, (_, i) => Math.sin(i + 1) * 0.5)
  const f = (z: Var[]): Operand => {
    const mu = z.slice(k, k + k * d)
    const q = z.slice(k + k * d, k + 2 * k * d)
    const l = z.slice(k + 2 * k * d, count)
    const qdiag = q.map((v) => v.exp())
    const beta: Var[] = []
    for (let c = 0; c < k; c++) {
      let base = z[c]
      for (let j = 0; j < d; j++) base = base.add(q[c * d + j])
      const xc = Array.from({ length: d }, (_, j) => sub(z[count + j], mu[c * d + j]))
      const qx = xc.map((v, j) => qdiag[c * d + j].mul(v))
      let li = c * ls
      for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) qx[b] = qx[b].add(l[li++].mul(xc[a]))
      let sq = qx[0].square()
      for (let j = 1; j < d; j++) sq = sq.add(qx[j].square())
      beta.push(base.sub(sq.mul(0.5)))
    }
    return logsumexp(beta)
  }
  return { tape: trace(f, at, { vector: true }).tape, at }
}

/** An MLP's loss (layers[0] → … → 1, tanh, hinge loss, L2 penalty) over `points` fixed two-moons-like points. */
export function mlpTape(layers: readonly number[], points: number): { tape: TapeData; at: number[] } {
  let count = 0
  for (let l = 1; l < layers.length; l++) count += layers[l] * (layers[l - 1] + 1)
  const at = Array.from({ length: count }, (_, i) => Math.cos(i * 0.7) * 0.4)
  const f = (...p: Var[]): Var => {
    let loss: Var | undefined
    for (let k = 0; k < points; k++) {
      let a: Operand[] = Array.from({ length: layers[0] }, (_, i) => Math.sin(k * 1.3 + i))
      let o = 0
      for (let l = 1; l < layers.length; l++) {
        const next: Operand[] = []
        for (let j = 0; j < layers[l]; j++) {
          let z: Var = p[o + a.length]
          for (let i = 0; i < a.length; i++) z = z.add(p[o + i].mul(a[i]))
          next.push(l === layers.length - 1 ? z : z.tanh())
          o += a.length + 1
        }
        a = next
      }
      const margin = (a[0] as Var)
        .mul(k % 2 === 0 ? -1 : 1)
        .add(1)
        .relu()
      loss = loss === undefined ? margin : margin.add(loss)
    }
    let reg = p[0].square()
    for (let i = 1; i < p.length; i++) reg = reg.add(p[i].square())
    return (loss as Var).div(points).add(reg.mul(1e-4))
  }
  return { tape: trace(f, at).tape, at }
}
