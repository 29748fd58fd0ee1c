// Reference answers the tool is checked against, written independently of it:
// lse's gradient is the softmax; llsq's gradient is the closed form Aᵀ(Ax − s)
// with Aᵢⱼ = tᵢʲ built by Math.pow; gmm's objective is the log posterior
// computed directly from its definition — explicit precision matrices
// Λₖ = QₖᵀQₖ, log det by Cholesky, the Wishart log-density term by term —
// not from the simplified formula the tool uses.
import type { GmmData } from './gmm-objective.js'
import { lowerSize } from './gmm-objective.js'
import { multilgamma } from './lgamma.js'
import { llsqT } from './llsq.js'

export function softmax(x: ArrayLike<number>): Float64Array {
  const m = Math.max(...Array.from(x))
  const e = Float64Array.from(x, (v) => Math.exp(v - m))
  const s = e.reduce((a, b) => a + b, 0)
  return e.map((v) => v / s)
}

export function llsqReference(x: ArrayLike<number>, n: number): { value: number; gradient: Float64Array } {
  const g = new Float64Array(x.length)
  let value = 0
  for (let i = 0; i < n; i++) {
    const t = llsqT(i, n)
    let ax = 0
    for (let j = 0; j < x.length; j++) ax += x[j] * t ** j
    const r = ax - Math.sign(t)
    value += 0.5 * r * r
    for (let j = 0; j < x.length; j++) g[j] += t ** j * r
  }
  return { value, gradient: g }
}

/** Qₖ as a full d×d matrix: exp(q) on the diagonal, L's entries below it, column by column. */
function qMatrix(d: number, q: ArrayLike<number>, l: ArrayLike<number>): number[][] {
  const Q = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => (i === j ? Math.exp(q[i]) : 0)),
  )
  let idx = 0
  for (let col = 0; col < d; col++) for (let row = col + 1; row < d; row++) Q[row][col] = l[idx++]
  return Q
}

function logDetCholesky(A: number[][]): number {
  const d = A.length
  const L = A.map((r) => r.map(() => 0))
  let logDet = 0
  for (let j = 0; j < d; j++) {
    let s = A[j][j]
    for (let p = 0; p < j; p++) s -= L[j][p] * L[j][p]
    L[j][j] = Math.sqrt(s)
    logDet += 2 * Math.log(L[j][j])
    for (let i = j + 1; i < d; i++) {
      let t = A[i][j]
      for (let p = 0; p < j; p++) t -= L[i][p] * L[j][p]
      L[i][j] = t / L[j][j]
    }
  }
  return logDet
}

const logsumexp = (v: number[]) => {
  const m = Math.max(...v)
  return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0))
}

/** log p(X | θ, φ) + log p(θ), from the definitions of the mixture and of the Wishart density. */
export function gmmReference(data: GmmData, params: Float64Array): number {
  const { d, k, n, x, m, gamma } = data
  const ls = lowerSize(d)
  const alpha = Array.from(params.subarray(0, k))
  const logPhi = alpha.map((a) => a - logsumexp(alpha))
  const precisions = Array.from({ length: k }, (_, c) => {
    const Q = qMatrix(
      d,
      params.subarray(k + k * d + c * d, k + k * d + (c + 1) * d),
      params.subarray(k + 2 * k * d + c * ls),
    )
    // Λ = QᵀQ
    return Q.map((_, i) => Q.map((_, j) => Q.reduce((s, row) => s + row[i] * row[j], 0)))
  })
  const logDets = precisions.map(logDetCholesky)
  let logLikelihood = 0
  for (let i = 0; i < n; i++) {
    const terms = precisions.map((P, c) => {
      const dx = Array.from({ length: d }, (_, j) => x[i * d + j] - params[k + c * d + j])
      let quad = 0
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) quad += dx[a] * P[a][b] * dx[b]
      return logPhi[c] - 0.5 * quad + 0.5 * logDets[c] - 0.5 * d * Math.log(2 * Math.PI)
    })
    logLikelihood += logsumexp(terms)
  }
  // Wishart W_D(V = I/γ², n′ = D + m + 1) evaluated at each precision matrix.
  const dof = d + m + 1
  let logPrior = 0
  for (let c = 0; c < k; c++) {
    const trace = precisions[c].reduce((s, row, i) => s + row[i], 0)
    logPrior +=
      ((dof - d - 1) / 2) * logDets[c] -
      0.5 * gamma * gamma * trace -
      ((dof * d) / 2) * Math.log(2) +
      dof * d * Math.log(gamma) -
      multilgamma(dof / 2, d)
  }
  return logLikelihood + logPrior
}
