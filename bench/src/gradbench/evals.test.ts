// The evals added beside the first four, against references written
// independently of them: det's primal against Gaussian elimination and its
// gradient against the cofactors (each a determinant of a minor, also by
// elimination); kmeans's cost and dir against the nearest-centroid assignment
// (the gradient of Σ |Cⱼ − Pᵢ|² over a cluster is 2Σ(Cⱼ − Pᵢ), its Hessian
// diagonal 2·|cluster|), on both backends.
import { describe, expect, test } from 'vitest'
import { relativeError } from '../accuracy.js'
import { normal, rng } from '../rng.js'
import { baObjective, parseBA } from './ba.js'
import { htObjective, parseHt } from './ht.js'
import { lstmObjective, parseLstm } from './lstm.js'
import { odePrimal } from './ode.js'
import { BACKENDS, Session } from './protocol.js'

const once = { min_runs: 1, min_seconds: 0 }

/** Determinant by Gaussian elimination with partial pivoting. */
function eliminate(a: number[], n: number): number {
  const m = a.slice()
  let det = 1
  for (let c = 0; c < n; c++) {
    let p = c
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r
    if (m[p * n + c] === 0) return 0
    if (p !== c) {
      for (let j = 0; j < n; j++) [m[c * n + j], m[p * n + j]] = [m[p * n + j], m[c * n + j]]
      det = -det
    }
    det *= m[c * n + c]
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c] / m[c * n + c]
      for (let j = c; j < n; j++) m[r * n + j] -= f * m[c * n + j]
    }
  }
  return det
}

function cofactor(a: number[], n: number, i: number, j: number): number {
  const minor: number[] = []
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (r !== i && c !== j) minor.push(a[r * n + c])
  return ((i + j) % 2 === 0 ? 1 : -1) * (n === 1 ? 1 : eliminate(minor, n - 1))
}

describe.each(BACKENDS)('det and kmeans on the %s backend', (backend) => {
  const s = new Session(backend)
  let id = 0
  const evaluate = (module: string, fn: string, input: object) => {
    const r = s.handle({ id: id++, kind: 'evaluate', module, function: fn, input: { ...input, ...once } })
    if (!r.success) throw new Error(r.error)
    return r.output
  }

  test('det: the determinant by minors and its gradient, the cofactor matrix', () => {
    const r = rng(11)
    for (const ell of [1, 2, 3, 5, 6]) {
      const A = Array.from({ length: ell * ell }, () => normal(r))
      expect(evaluate('det', 'primal', { A, ell })).toBeCloseTo(eliminate(A, ell), 11)
      const g = evaluate('det', 'gradient', { A, ell }) as number[]
      const want = A.map((_, k) => cofactor(A, ell, Math.floor(k / ell), k % ell))
      expect(relativeError(g, want)).toBeLessThan(1e-12)
    }
  })

  test('det: an A of the wrong length is an error answer', () => {
    const r = s.handle({
      id: id++,
      kind: 'evaluate',
      module: 'det',
      function: 'gradient',
      input: { A: [1, 2, 3], ell: 2 },
    })
    expect(r).toMatchObject({ success: false, error: 'input.A must have 4 numbers, got 3' })
  })

  test('kmeans: cost and dir against the nearest-centroid assignment', () => {
    const r = rng(5)
    const [n, k, d] = [40, 4, 3]
    const points = Array.from({ length: n }, () => Array.from({ length: d }, () => r()))
    const centroids = points.slice(-k)
    const nearest = points.map((p) => {
      const dist = centroids.map((c) => c.reduce((s, cj, t) => s + (cj - p[t]) ** 2, 0))
      const j = dist.indexOf(Math.min(...dist))
      return { j, dist: dist[j] }
    })
    const cost = nearest.reduce((s, a) => s + a.dist, 0)
    expect(evaluate('kmeans', 'cost', { points, centroids })).toBeCloseTo(cost, 12)
    const dir = evaluate('kmeans', 'dir', { points, centroids }) as number[][]
    const want = centroids.map((c, j) => {
      const members = points.filter((_, i) => nearest[i].j === j)
      return c.map((cj, t) => members.reduce((s, p) => s + 2 * (cj - p[t]), 0) / (2 * members.length))
    })
    expect(dir).toHaveLength(k)
    expect(relativeError(dir.flat(), want.flat())).toBeLessThan(1e-12)
  })

  test("ode: the primal against the closed form for s = 1, the gradient of y's last element against central differences", () => {
    const r = rng(3)
    const x = Array.from({ length: 7 }, () => r())
    const y = evaluate('ode', 'primal', { x, s: 1 }) as number[]
    expect(y[0]).toBeCloseTo(2 * x[0], 14)
    for (const s of [1, 4]) {
      const g = evaluate('ode', 'gradient', { x, s }) as number[]
      const fd = x.map((_, i) => {
        const at = (t: number) =>
          odePrimal(
            Float64Array.from(x, (v, j) => (j === i ? v + t : v)),
            s,
          )[6]
        return (at(1e-6) - at(-1e-6)) / 2e-6
      })
      expect(relativeError(g, fd)).toBeLessThan(1e-7)
    }
  })

  test("ba: the first observation's block against central differences, in the eval's compressed-row layout", () => {
    const input = {
      n: 3,
      m: 4,
      p: 5,
      cam: [-0.76, -1.1, -0.85, 34.6, 39.7, 53.9, 419.2, 5.9, -8.5, 0.088, 0.0027],
      x: [7.2, 0.0011, 3.0],
      w: 0.42,
      feat: [271.8, 834.2],
    }
    const out = evaluate('ba', 'jacobian', input) as { rows: number[]; cols: number[]; vals: number[] }
    expect(out.rows.slice(0, 4)).toEqual([0, 15, 30, 45])
    expect(out.rows.at(-1)).toBe(2 * 15 * 5 + 5)
    expect(out.cols.slice(0, 15)).toEqual([...Array.from({ length: 11 }, (_, i) => i), 33, 34, 35, 45])
    expect(out.cols.at(-1)).toBe(33 + 12 + 4)
    expect(out.vals.at(-1)).toBeCloseTo(-2 * 0.42, 14)
    const d = parseBA(input)
    // Perturb one camera, point or weight entry of observation 0 (camera 0, point 0, weight 0).
    const err = (which: 'cams' | 'X' | 'w', j: number, t: number) => {
      const copy = { ...d, cams: d.cams.slice(), X: d.X.slice(), w: d.w.slice() }
      copy[which][j] += t
      return baObjective(copy).reproj
    }
    const entries: ['cams' | 'X' | 'w', number][] = [
      ...Array.from({ length: 11 }, (_, j) => ['cams', j] as ['cams', number]),
      ['X', 0],
      ['X', 1],
      ['X', 2],
      ['w', 0],
    ]
    for (const row of [0, 1]) {
      const fd = entries.map(([which, j]) => {
        const h = 1e-6 * Math.max(1, Math.abs(d[which][j]))
        return (err(which, j, h)[row] - err(which, j, -h)[row]) / (2 * h)
      })
      expect(relativeError(out.vals.slice(15 * row, 15 * row + 15), fd)).toBeLessThan(1e-6)
    }
  })

  test('lstm: the gradient over main_params and extra_params against central differences of the plain loss', () => {
    const r = rng(8)
    const [l, b, c] = [2, 3, 5]
    const mat = (n: number, w: number) =>
      Array.from({ length: n }, () => Array.from({ length: w }, () => r()))
    const input = {
      main_params: mat(2 * l, 4 * b),
      extra_params: mat(3, b),
      state: mat(2 * l, b),
      sequence: Array.from({ length: c }, () => Array.from({ length: b }, () => (r() < 0.5 ? 0 : 1))),
    }
    const d = parseLstm(input)
    expect(evaluate('lstm', 'objective', input)).toBeCloseTo(lstmObjective(d), 14)
    const g = evaluate('lstm', 'jacobian', input) as number[]
    expect(g).toHaveLength(8 * b * l + 3 * b)
    const fd = Array.from(d.params, (_, i) => {
      const at = (t: number) => lstmObjective({ ...d, params: d.params.map((v, j) => (j === i ? v + t : v)) })
      return (at(1e-6) - at(-1e-6)) / 2e-6
    })
    expect(relativeError(g, fd)).toBeLessThan(1e-7)
  })

  test('ht: both variants of the Jacobian against central differences of the plain errors', () => {
    const r = rng(21)
    const bones = 22
    const mat4 = () =>
      [0, 1, 2, 3].map((i) =>
        [0, 1, 2, 3].map((j) => (i === 3 ? (j === 3 ? 1 : 0) : (i === j ? 1 : 0) + 0.3 * (r() - 0.5))),
      )
    const verts = 6
    const model = {
      bone_count: bones,
      bone_names: Array.from({ length: bones }, (_, i) => `b${i}`),
      parents: Array.from({ length: bones }, (_, i) => i - 1),
      base_relatives: Array.from({ length: bones }, mat4),
      inverse_base_absolutes: Array.from({ length: bones }, mat4),
      base_positions: Array.from({ length: verts }, () => [r(), r(), r(), 1]),
      weights: Array.from({ length: verts }, () =>
        Array.from({ length: bones }, () => (r() < 0.7 ? 0 : r())),
      ),
      triangles: [
        [0, 1, 2],
        [3, 4, 5],
      ],
      is_mirrored: true,
    }
    const theta = Array.from({ length: 26 }, () => r() - 0.5)
    for (const us of [
      [],
      [
        [0.2, 0.3],
        [0.5, 0.1],
        [0.4, 0.4],
      ],
    ]) {
      const c = 3
      const input = {
        theta,
        us,
        data: {
          model,
          correspondences: us.length ? [0, 1, 0] : [1, 4, 5],
          points: Array.from({ length: c }, () => [r(), r(), r()]),
        },
      }
      const d = parseHt(input)
      const J = evaluate('ht', 'jacobian', input) as number[][]
      expect(J).toHaveLength(3 * c)
      const at = (j: number, t: number) => {
        if (us.length && j < 2) {
          // Column j: every point's own u_j moved at once (each row depends on its own pair only).
          const moved = d.us.map((v, k) => (k % 2 === j ? v + t : v))
          return htObjective({ ...d, us: moved })
        }
        const k = j - (us.length ? 2 : 0)
        return htObjective({ ...d, theta: d.theta.map((v, i) => (i === k ? v + t : v)) })
      }
      const cols = (us.length ? 2 : 0) + theta.length
      for (let j = 0; j < cols; j++) {
        const fd = at(j, 1e-6).map((v, i) => (v - at(j, -1e-6)[i]) / 2e-6)
        expect(
          relativeError(
            J.map((row) => row[j]),
            fd,
          ),
        ).toBeLessThan(1e-6)
      }
    }
  })
})
