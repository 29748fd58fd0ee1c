// log Γ(x) by the Lanczos approximation (g = 7, nine terms; ~15 digits for
// x > 0), and the multivariate log Γ_p(a) that the Wishart prior of gmm needs.
// Both are constants of the gmm objective: no derivative is taken through them.

const G = 7
const C = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
]

export function lgamma(x: number): number {
  // Reflection keeps the series where it converges: Γ(x)Γ(1−x) = π / sin(πx).
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x)
  const z = x - 1
  let a = C[0]
  for (let i = 1; i < C.length; i++) a += C[i] / (z + i)
  const t = z + G + 0.5
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a)
}

/** log Γ_p(a) = p(p−1)/4 · log π + Σ_{j=1..p} log Γ(a + (1 − j)/2). */
export function multilgamma(a: number, p: number): number {
  let s = 0.25 * p * (p - 1) * Math.log(Math.PI)
  for (let j = 1; j <= p; j++) s += lgamma(a + 0.5 * (1 - j))
  return s
}
