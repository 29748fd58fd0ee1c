// GradBench's `ba` eval (ADBench's bundle adjustment): n cameras (rotation as
// a Rodrigues vector, centre, focal length, principal point, two radial
// distortion terms), m points and p observations, observation i seeing point
// i mod m from camera i mod n with weight wᵢ and feature fᵢ. `objective`: the
// weighted reprojection errors wᵢ·(proj − fᵢ) and the weight errors 1 − wᵢ²;
// `jacobian`: their sparse Jacobian over (cameras, points, weights), row by
// row in the eval's compressed-row layout. The inputs repeat one camera, point,
// weight and feature, but every observation's 2 × 15 block is computed: one
// taped function of an observation's 17 numbers (camera, point, weight,
// feature), traced once and swept at each observation (Program.jacobian), and
// the weight error's derivative likewise. The eval receives the first 30
// entries of rows, cols and vals and their last, as its reference sends.
import { add, cos, div, mul, ne, type Operand, sin, sqrt, sub, type Var } from '@chainrule/core'
import { field, InputError, int, type Module, num, type ToolApi, vector } from './module.js'
import { once, repeat, runsOf, type Timing } from './runs.js'

const CAM = 11

export interface BAInput {
  readonly n: number
  readonly m: number
  readonly p: number
  readonly cams: Float64Array
  readonly X: Float64Array
  readonly w: Float64Array
  readonly feats: Float64Array
  /** Camera and point index of each observation. */
  readonly obs: Int32Array
}

export function parseBA(input: unknown): BAInput {
  const n = int(input, 'n')
  const m = int(input, 'm')
  const p = int(input, 'p')
  if (n < 1 || m < 1) throw new InputError('input.n and input.m must be at least 1')
  const cam = vector(input, 'cam', CAM)
  const x = vector(input, 'x', 3)
  field(input, 'w')
  const w = num(input, 'w')
  const feat = vector(input, 'feat', 2)
  const cams = new Float64Array(CAM * n)
  for (let i = 0; i < n; i++) cams.set(cam, i * CAM)
  const X = new Float64Array(3 * m)
  for (let i = 0; i < m; i++) X.set(x, i * 3)
  const feats = new Float64Array(2 * p)
  const obs = new Int32Array(2 * p)
  for (let i = 0; i < p; i++) {
    feats.set(feat, 2 * i)
    obs[2 * i] = i % n
    obs[2 * i + 1] = i % m
  }
  return { n, m, p, cams, X, w: new Float64Array(p).fill(w), feats, obs }
}

interface Arith<T> {
  add(a: T, b: T): T
  sub(a: T, b: T): T
  mul(a: T, b: T): T
  div(a: T, b: T): T
  sqrt(a: T): T
  cos(a: T): T
  sin(a: T): T
  nonzero(a: T): boolean
  of(c: number): T
}

/** The two weighted reprojection errors of one observation, over numbers or Operands. */
function reprojection<T>(
  A: Arith<T>,
  cam: (i: number) => T,
  X: (i: number) => T,
  w: T,
  f: (i: number) => T,
): [T, T] {
  const o = [0, 1, 2].map((i) => A.sub(X(i), cam(3 + i)))
  const r = [0, 1, 2].map((i) => cam(i))
  const cross = (a: T[], b: T[]) => [
    A.sub(A.mul(a[1], b[2]), A.mul(a[2], b[1])),
    A.sub(A.mul(a[2], b[0]), A.mul(a[0], b[2])),
    A.sub(A.mul(a[0], b[1]), A.mul(a[1], b[0])),
  ]
  const sq = A.add(A.add(A.mul(r[0], r[0]), A.mul(r[1], r[1])), A.mul(r[2], r[2]))
  let xc: T[]
  if (A.nonzero(sq)) {
    const theta = A.sqrt(sq)
    const c = A.cos(theta)
    const s = A.sin(theta)
    const u = r.map((ri) => A.div(ri, theta))
    const uxo = cross(u, o)
    const dot = A.add(A.add(A.mul(u[0], o[0]), A.mul(u[1], o[1])), A.mul(u[2], o[2]))
    const t = A.mul(dot, A.sub(A.of(1), c))
    xc = [0, 1, 2].map((i) => A.add(A.add(A.mul(o[i], c), A.mul(uxo[i], s)), A.mul(u[i], t)))
  } else {
    const rxo = cross(r, o)
    xc = [0, 1, 2].map((i) => A.add(o[i], rxo[i]))
  }
  const px = A.div(xc[0], xc[2])
  const py = A.div(xc[1], xc[2])
  const rsq = A.add(A.mul(px, px), A.mul(py, py))
  const L = A.add(A.add(A.of(1), A.mul(cam(9), rsq)), A.mul(A.mul(cam(10), rsq), rsq))
  const qx = A.add(A.mul(A.mul(px, L), cam(6)), cam(7))
  const qy = A.add(A.mul(A.mul(py, L), cam(6)), cam(8))
  return [A.mul(w, A.sub(qx, f(0))), A.mul(w, A.sub(qy, f(1)))]
}

const numbers: Arith<number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  sqrt: Math.sqrt,
  cos: Math.cos,
  sin: Math.sin,
  nonzero: (a) => a !== 0,
  of: (c) => c,
}

const operands: Arith<Operand> = {
  add,
  sub,
  mul,
  div,
  sqrt,
  cos,
  sin,
  nonzero: (a) => ne(a, 0),
  of: (c) => c,
}

/** One observation over z = [camera (11), point (3), weight, feature (2)]. */
export const baObservationVars = (z: Var[]): Operand[] =>
  reprojection(
    operands,
    (i) => z[i],
    (i) => z[CAM + i],
    z[CAM + 3],
    (i) => z[CAM + 4 + i],
  )

export function baObjective(d: BAInput): { reproj: Float64Array; wErr: Float64Array } {
  const reproj = new Float64Array(2 * d.p)
  const wErr = new Float64Array(d.p)
  for (let i = 0; i < d.p; i++) {
    const c = d.obs[2 * i] * CAM
    const x = d.obs[2 * i + 1] * 3
    const [e0, e1] = reprojection(
      numbers,
      (j) => d.cams[c + j],
      (j) => d.X[x + j],
      d.w[i],
      (j) => d.feats[2 * i + j],
    )
    reproj[2 * i] = e0
    reproj[2 * i + 1] = e1
  }
  for (let i = 0; i < d.p; i++) wErr[i] = 1 - d.w[i] * d.w[i]
  return { reproj, wErr }
}

const BLOCK = CAM + 3 + 1

/** The whole sparse Jacobian, in compressed rows: row starts, then column and value of each entry. */
export function baJacobian(
  d: BAInput,
  observation: { jacobian(z: ArrayLike<number>): { jacobian: Float64Array[] } },
  weight: { gradient(z: ArrayLike<number>): { gradient: Float64Array } },
) {
  const rows = new Int32Array(1 + 3 * d.p)
  const cols = new Int32Array(2 * BLOCK * d.p + d.p)
  const vals = new Float64Array(cols.length)
  const z = new Float64Array(CAM + 6)
  const wz = new Float64Array(1)
  let r = 0
  let e = 0
  for (let i = 0; i < d.p; i++) {
    const cam = d.obs[2 * i]
    const pt = d.obs[2 * i + 1]
    z.set(d.cams.subarray(cam * CAM, cam * CAM + CAM), 0)
    z.set(d.X.subarray(pt * 3, pt * 3 + 3), CAM)
    z[CAM + 3] = d.w[i]
    z.set(d.feats.subarray(2 * i, 2 * i + 2), CAM + 4)
    const J = observation.jacobian(z).jacobian
    for (let row = 0; row < 2; row++) {
      for (let j = 0; j < BLOCK; j++) {
        cols[e] =
          j < CAM ? CAM * cam + j : j < CAM + 3 ? CAM * d.n + 3 * pt + j - CAM : CAM * d.n + 3 * d.m + i
        vals[e++] = J[row][j]
      }
      rows[r + 1] = rows[r] + BLOCK
      r++
    }
  }
  for (let i = 0; i < d.p; i++) {
    wz[0] = d.w[i]
    cols[e] = CAM * d.n + 3 * d.m + i
    vals[e++] = weight.gradient(wz).gradient[0]
    rows[r + 1] = rows[r] + 1
    r++
  }
  return { rows, cols, vals }
}

const shown = <T extends Int32Array | Float64Array>(a: T) => [
  ...Array.from(a.subarray(0, 2 * BLOCK)),
  a[a.length - 1],
]

export const ba: Module = {
  objective: (input) => {
    const d = parseBA(input)
    const r = repeat(runsOf(input), () => baObjective(d))
    const { reproj, wErr } = r.output
    return {
      ...r,
      output: {
        reproj_error: { elements: [reproj[0], reproj[1]], repeated: d.p },
        w_err: { element: wErr[0], repeated: d.p },
      },
    }
  },
  jacobian: (input, api: ToolApi) => {
    const d = parseBA(input)
    if (d.p < 1) throw new InputError('input.p must be at least 1')
    const z = new Float64Array(CAM + 6)
    z.set(d.cams.subarray(0, CAM))
    z.set(d.X.subarray(0, 3), CAM)
    z[CAM + 3] = d.w[0]
    z.set(d.feats.subarray(0, 2), CAM + 4)
    const recorded = once('record', () => ({
      observation: api.trace(baObservationVars, z, { vector: true }),
      weight: api.trace((w: Var) => sub(1, w.mul(w)), [d.w[0]]),
    }))
    const { observation, weight } = recorded.result
    try {
      const r = repeat(runsOf(input), () => baJacobian(d, observation, weight))
      const { rows, cols, vals } = r.output
      return {
        output: { rows: shown(rows), cols: shown(cols), vals: shown(vals) },
        timings: [recorded.timing, ...r.timings] as Timing[],
        nodes: observation.size + weight.size,
      }
    } finally {
      observation.dispose()
      weight.dispose()
    }
  },
}
