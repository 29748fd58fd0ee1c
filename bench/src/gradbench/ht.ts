// GradBench's `ht` eval (ADBench's hand tracking): a skinned hand of 22 bones
// posed by 26 angles θ (global rotation as an angle-axis, translation, then
// Euler angles per finger joint), its vertices blended by the bone weights,
// mirrored if the model says so, and the error of each of c observed points
// against its vertex ("simple") or against a point inside its triangle at
// barycentric (u₀, u₁, 1 − u₀ − u₁) ("complicated", `us` non-empty).
// `jacobian` is the 3c × (2 + 26) (or 3c × 26) Jacobian, columns ∂/∂u₀, ∂/∂u₁
// of each point's own pair, then ∂/∂θ: forward mode with compressed seeding —
// one tangent sweep per θ, and one for all u₀ and one for all u₁ at once, as
// point i's error depends only on its own pair.
import { add, cos, div, lt, mul, neg, type Operand, sin, sqrt, sub, type Var } from '@chainrule/core'
import { field, InputError, type Module, type ToolApi } from './module.js'
import { once, repeat, runsOf, type Timing } from './runs.js'

type M = Operand[][]

export interface HtModel {
  readonly parents: number[]
  readonly baseRelatives: number[][][]
  readonly inverseBaseAbsolutes: number[][][]
  /** nverts × 4 (homogeneous). */
  readonly basePositions: number[][]
  /** nverts × bones. */
  readonly weights: number[][]
  readonly triangles: number[][]
  readonly mirrored: boolean
}

export interface HtInput {
  readonly theta: Float64Array
  /** c × 2, flattened; empty for the simple variant. */
  readonly us: Float64Array
  readonly model: HtModel
  readonly correspondences: number[]
  /** c × 3. */
  readonly points: number[][]
}

const list = (v: unknown, what: string): unknown[] => {
  if (!Array.isArray(v)) throw new InputError(`${what} must be a list`)
  return v
}

export function parseHt(input: unknown): HtInput {
  const theta = Float64Array.from(list(field(input, 'theta'), 'input.theta') as number[])
  if (theta.length !== 26) throw new InputError('input.theta must have 26 numbers')
  const us = Float64Array.from((list(field(input, 'us'), 'input.us') as number[][]).flat())
  const data = field(input, 'data')
  const model = field(data, 'model') as Record<string, unknown>
  const m: HtModel = {
    parents: list(field(model, 'parents'), 'model.parents') as number[],
    baseRelatives: list(field(model, 'base_relatives'), 'model.base_relatives') as number[][][],
    inverseBaseAbsolutes: list(
      field(model, 'inverse_base_absolutes'),
      'model.inverse_base_absolutes',
    ) as number[][][],
    basePositions: list(field(model, 'base_positions'), 'model.base_positions') as number[][],
    weights: list(field(model, 'weights'), 'model.weights') as number[][],
    triangles: list(field(model, 'triangles'), 'model.triangles') as number[][],
    mirrored: field(model, 'is_mirrored') === true,
  }
  const correspondences = list(field(data, 'correspondences'), 'data.correspondences') as number[]
  const points = list(field(data, 'points'), 'data.points') as number[][]
  if (us.length !== 0 && us.length !== 2 * correspondences.length)
    throw new InputError('input.us must have one pair per correspondence, or none')
  return { theta, us, model: m, correspondences, points }
}

const matmul = (a: M, b: M): M =>
  a.map((row) =>
    b[0].map((_, j) => {
      let s: Operand = 0
      for (let k = 0; k < row.length; k++) {
        const x = row[k]
        const y = b[k][j]
        if (x === 0 || y === 0) continue
        s = s === 0 ? mul(x, y) : add(s, mul(x, y))
      }
      return s
    }),
  )

function euler(v: Operand[]): M {
  const [tx, tz, ty] = v
  const [cx, sx, cy, sy, cz, sz] = [cos(tx), sin(tx), cos(ty), sin(ty), cos(tz), sin(tz)]
  const Rx: M = [
    [1, 0, 0],
    [0, cx, neg(sx)],
    [0, sx, cx],
  ]
  const Ry: M = [
    [cy, 0, sy],
    [0, 1, 0],
    [neg(sy), 0, cy],
  ]
  const Rz: M = [
    [cz, neg(sz), 0],
    [sz, cz, 0],
    [0, 0, 1],
  ]
  return matmul(matmul(Rz, Ry), Rx)
}

function angleAxis(v: Operand[]): M {
  const norm = sqrt(add(add(mul(v[0], v[0]), mul(v[1], v[1])), mul(v[2], v[2])))
  if (lt(norm, 1e-4))
    return [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]
  const [ux, uy, uz] = v.map((e) => div(e, norm))
  const s = sin(norm)
  const c = cos(norm)
  const oc = sub(1, c)
  return [
    [
      add(mul(ux, ux), mul(sub(1, mul(ux, ux)), c)),
      sub(mul(mul(ux, uy), oc), mul(uz, s)),
      add(mul(mul(ux, uz), oc), mul(uy, s)),
    ],
    [
      add(mul(mul(ux, uy), oc), mul(uz, s)),
      add(mul(uy, uy), mul(sub(1, mul(uy, uy)), c)),
      sub(mul(mul(uy, uz), oc), mul(ux, s)),
    ],
    [
      sub(mul(mul(ux, uz), oc), mul(uy, s)),
      add(mul(mul(uz, uy), oc), mul(ux, s)),
      add(mul(uz, uz), mul(sub(1, mul(uz, uz)), c)),
    ],
  ]
}

/** The 3c errors, over numbers or Vars: θ then us (2c, or none). */
export function htErrors(d: HtInput, theta: readonly Operand[], us: readonly Operand[]): Operand[] {
  const { model } = d
  const bones = model.parents.length
  // Pose parameters as columns: global rotation, scale (1), translation, then one per bone.
  const pose: Operand[][] = Array.from({ length: bones + 3 }, () => [0, 0, 0])
  pose[0] = [theta[0], theta[1], theta[2]]
  pose[1] = [1, 1, 1]
  pose[2] = [theta[3], theta[4], theta[5]]
  let t = 6
  let col = 5
  for (let finger = 0; finger < 5; finger++) {
    for (let joint = 2; joint <= 4; joint++) {
      pose[col][0] = theta[t++]
      if (joint === 2) pose[col][1] = theta[t++]
      col++
    }
    col++
  }
  const absolutes: M[] = []
  const transforms: M[] = []
  for (let i = 0; i < bones; i++) {
    const R = euler(pose[i + 3])
    const tr: M = [
      [R[0][0], R[0][1], R[0][2], 0],
      [R[1][0], R[1][1], R[1][2], 0],
      [R[2][0], R[2][1], R[2][2], 0],
      [0, 0, 0, 1],
    ]
    const relative = matmul(model.baseRelatives[i], tr)
    absolutes.push(model.parents[i] === -1 ? relative : matmul(absolutes[model.parents[i]], relative))
    transforms.push(matmul(absolutes[i], model.inverseBaseAbsolutes[i]))
  }
  const G = angleAxis(pose[0]).map((row) => row.map((e, j) => mul(e, pose[1][j])))
  const vertexCache = new Map<number, Operand[]>()
  const vertex = (v: number): Operand[] => {
    const hit = vertexCache.get(v)
    if (hit) return hit
    const base = model.basePositions[v]
    const p: Operand[] = [0, 0, 0]
    for (let b = 0; b < bones; b++) {
      const w = model.weights[v][b]
      if (w === 0) continue
      for (let r = 0; r < 3; r++) {
        let s: Operand = 0
        for (let k = 0; k < 4; k++) {
          const x = transforms[b][r][k]
          if (x === 0 || base[k] === 0) continue
          s = s === 0 ? mul(x, base[k]) : add(s, mul(x, base[k]))
        }
        p[r] = p[r] === 0 ? mul(s, w) : add(p[r], mul(s, w))
      }
    }
    if (model.mirrored) p[0] = neg(p[0])
    const out = [0, 1, 2].map((r) =>
      add(add(add(mul(G[r][0], p[0]), mul(G[r][1], p[1])), mul(G[r][2], p[2])), pose[2][r]),
    )
    vertexCache.set(v, out)
    return out
  }
  const errors: Operand[] = []
  d.correspondences.forEach((c, i) => {
    let hand: Operand[]
    if (us.length === 0) hand = vertex(c)
    else {
      const [a, b, e] = model.triangles[c].map(vertex)
      const u0 = us[2 * i]
      const u1 = us[2 * i + 1]
      const u2 = sub(sub(1, u0), u1)
      hand = [0, 1, 2].map((j) => add(add(mul(u0, a[j]), mul(u1, b[j])), mul(u2, e[j])))
    }
    for (let j = 0; j < 3; j++) errors.push(sub(d.points[i][j], hand[j]))
  })
  return errors
}

export function htObjective(d: HtInput): number[] {
  return htErrors(d, Array.from(d.theta), Array.from(d.us)) as number[]
}

export const ht: Module = {
  objective: (input) => {
    const d = parseHt(input)
    return repeat(runsOf(input), () => htObjective(d))
  },
  jacobian: (input, api: ToolApi) => {
    const d = parseHt(input)
    const nt = d.theta.length
    const x = new Float64Array(nt + d.us.length)
    x.set(d.theta)
    x.set(d.us, nt)
    const f = (z: Var[]) => htErrors(d, z.slice(0, nt), z.slice(nt))
    const recorded = once('record', () => api.trace(f, x, { vector: true }))
    const program = recorded.result
    const nodes = program.size
    const complicated = d.us.length > 0
    const seeds: Float64Array[] = []
    if (complicated)
      for (const k of [0, 1]) {
        const v = new Float64Array(x.length)
        for (let i = nt + k; i < x.length; i += 2) v[i] = 1
        seeds.push(v)
      }
    for (let j = 0; j < nt; j++) {
      const v = new Float64Array(x.length)
      v[j] = 1
      seeds.push(v)
    }
    try {
      const r = repeat(runsOf(input), () => seeds.map((v) => program.jvp(x, v).jvp))
      const columns = r.output
      const rows = columns[0].length
      const output = Array.from({ length: rows }, (_, i) => columns.map((c) => c[i]))
      return { output, timings: [recorded.timing, ...r.timings] as Timing[], nodes }
    } finally {
      program.dispose()
    }
  },
}
