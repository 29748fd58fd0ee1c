// GradBench's `gmm` objective, the log posterior of a Gaussian mixture with a
// Wishart prior on its precision matrices, in the simplified form of the
// eval's definition (and of its C++ reference, with the prior's corrected sign):
//
//   βᵢₖ  = αₖ + Σⱼ qₖⱼ − ½‖Qₖ(xᵢ − μₖ)‖²,   Qₖ = diag(exp qₖ) + Lₖ (Lₖ strictly lower)
//   F    = −N·D/2·log 2π + Σᵢ logsumexp(βᵢ) − N·logsumexp(α)
//          − Σₖ (½γ²‖Qₖ‖²_F − m Σⱼ qₖⱼ) + K·(n′D(log γ − ½ log 2) − log Γ_D(n′/2)),  n′ = D + m + 1
//
// Lₖ arrives as its d(d−1)/2 entries column by column: (2,1), (3,1), …, (d,1), (3,2), …
// The independent variables, as one flat vector: α (K), μ (K×D), q (K×D), L (K×d(d−1)/2).
import { add, logsumexp, mul, type Operand, sub, type Var } from '@chainrule/core'
import { multilgamma } from './lgamma.js'

export interface GmmData {
  readonly d: number
  readonly k: number
  readonly n: number
  /** n×d, row-major. */
  readonly x: Float64Array
  readonly m: number
  readonly gamma: number
}

export const lowerSize = (d: number) => (d * (d - 1)) / 2
export const paramCount = ({ d, k }: { d: number; k: number }) => k * (1 + 2 * d + lowerSize(d))

/** The terms that do not depend on the independent variables. */
export function gmmConstant({ d, k, n, m, gamma }: GmmData): number {
  const dof = d + m + 1
  const c = dof * d * (Math.log(gamma) - 0.5 * Math.log(2)) - multilgamma(0.5 * dof, d)
  return -n * d * 0.5 * Math.log(2 * Math.PI) + k * c
}

function logsumexpOf(v: Float64Array): number {
  let mx = Number.NEGATIVE_INFINITY
  for (let i = 0; i < v.length; i++) if (v[i] > mx) mx = v[i]
  let s = 0
  for (let i = 0; i < v.length; i++) s += Math.exp(v[i] - mx)
  return mx + Math.log(s)
}

/** The plain double-precision objective: GradBench's primal, and the floor of the gradient's ratio. */
export function gmmObjective(data: GmmData, p: Float64Array): number {
  const { d, k, n, x, m, gamma } = data
  const ls = lowerSize(d)
  const alpha = p.subarray(0, k)
  const mu = p.subarray(k, k + k * d)
  const q = p.subarray(k + k * d, k + 2 * k * d)
  const l = p.subarray(k + 2 * k * d)
  const qdiag = q.map(Math.exp)
  const base = new Float64Array(k)
  for (let c = 0; c < k; c++) {
    base[c] = alpha[c]
    for (let j = 0; j < d; j++) base[c] += q[c * d + j]
  }
  const xc = new Float64Array(d)
  const qx = new Float64Array(d)
  const beta = new Float64Array(k)
  let slse = 0
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        xc[j] = x[i * d + j] - mu[c * d + j]
        qx[j] = qdiag[c * d + j] * xc[j]
      }
      let li = c * ls
      for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) qx[b] += l[li++] * xc[a]
      let sq = 0
      for (let j = 0; j < d; j++) sq += qx[j] * qx[j]
      beta[c] = base[c] - 0.5 * sq
    }
    slse += logsumexpOf(beta)
  }
  let prior = 0
  for (let c = 0; c < k; c++) {
    let frobenius = 0
    let sumq = 0
    for (let j = 0; j < d; j++) {
      frobenius += qdiag[c * d + j] * qdiag[c * d + j]
      sumq += q[c * d + j]
    }
    for (let j = 0; j < ls; j++) frobenius += l[c * ls + j] * l[c * ls + j]
    prior += 0.5 * gamma * gamma * frobenius - m * sumq
  }
  return slse - n * logsumexpOf(alpha) - prior + gmmConstant(data)
}

// The same objective over Vars, for tapes, in three building blocks: what the
// parameters give every data point (Qₖ's diagonal exp qₖ and αₖ + Σⱼ qₖⱼ),
// one data point's term log Σₖ exp βᵢₖ, and the rest (−N·logsumexp(α), the
// prior, the constant). gmmVars is the whole objective, the data points
// constants of its tape; gmmPointVars is one data point's term, the point's
// coordinates inputs beside the parameters, so one tape serves every point.

/** The parameters as the terms use them. */
interface Params {
  readonly alpha: Var[]
  readonly mu: Var[]
  readonly q: Var[]
  readonly l: Var[]
  /** exp q: Qₖ's diagonal. */
  readonly qdiag: Var[]
  /** Σⱼ qₖⱼ, per component. */
  readonly sumq: Var[]
}

function params({ d, k }: { d: number; k: number }, p: readonly Var[]): Params {
  const q = p.slice(k + k * d, k + 2 * k * d)
  return {
    alpha: p.slice(0, k),
    mu: p.slice(k, k + k * d),
    q,
    l: p.slice(k + 2 * k * d, paramCount({ d, k })),
    qdiag: q.map((v) => v.exp()),
    sumq: Array.from({ length: k }, (_, c) =>
      q.slice(c * d + 1, c * d + d).reduce((s, v) => s.add(v), q[c * d]),
    ),
  }
}

/** αₖ + Σⱼ qₖⱼ: βᵢₖ's part that does not depend on the point. */
const bases = (p: Params) => p.alpha.map((a, c) => a.add(p.sumq[c]))

/** log Σₖ exp βᵢₖ for the point whose coordinates x(0), …, x(d − 1) are given. */
function pointTerm(
  { d, k }: { d: number; k: number },
  p: Params,
  base: readonly Var[],
  x: (j: number) => Operand,
): Operand {
  const ls = lowerSize(d)
  const beta: Var[] = []
  for (let c = 0; c < k; c++) {
    const xc = Array.from({ length: d }, (_, j) => sub(x(j), p.mu[c * d + j]))
    const qx = xc.map((v, j) => p.qdiag[c * d + j].mul(v))
    let li = c * ls
    for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) qx[b] = qx[b].add(p.l[li++].mul(xc[a]))
    let sq = qx[0].square()
    for (let j = 1; j < d; j++) sq = sq.add(qx[j].square())
    beta.push(base[c].sub(sq.mul(0.5)))
  }
  return logsumexp(beta)
}

/** −N·logsumexp(α) − the prior's terms in Qₖ + the constant: the objective without its data points' terms. */
function restTerm(data: GmmData, p: Params): Operand {
  const { d, k, n, m, gamma } = data
  const ls = lowerSize(d)
  let prior: Operand = 0
  for (let c = 0; c < k; c++) {
    let frobenius: Operand = 0
    for (let j = 0; j < d; j++) frobenius = add(frobenius, p.qdiag[c * d + j].square())
    for (let j = 0; j < ls; j++) frobenius = add(frobenius, p.l[c * ls + j].square())
    prior = add(prior, sub(mul(0.5 * gamma * gamma, frobenius), mul(m, p.sumq[c])))
  }
  return add(sub(mul(-n, logsumexp(p.alpha)), prior), gmmConstant(data))
}

/** The whole objective over Vars; the data points are constants of the tape. */
export function gmmVars(data: GmmData): (p: Var[]) => Operand {
  const { d, n, x } = data
  return (v) => {
    const p = params(data, v)
    const base = bases(p)
    let slse: Operand = 0
    for (let i = 0; i < n; i++)
      slse = add(
        slse,
        pointTerm(data, p, base, (j) => x[i * d + j]),
      )
    return add(slse, restTerm(data, p))
  }
}

/**
 * One data point's term log Σₖ exp βᵢₖ over z = [the parameters (paramCount), the point (d)]:
 * recorded once, its gradient swept at each point, the parameters' part summed.
 */
export function gmmPointVars(shape: { d: number; k: number }): (z: Var[]) => Operand {
  const count = paramCount(shape)
  return (z) => {
    const p = params(shape, z)
    return pointTerm(shape, p, bases(p), (j) => z[count + j])
  }
}

/** The objective's other terms over the parameters: with N·gmmPointVars, the whole objective. */
export function gmmRestVars(data: GmmData): (p: Var[]) => Operand {
  return (v) => restTerm(data, params(data, v))
}
