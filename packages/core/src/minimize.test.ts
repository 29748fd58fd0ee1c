import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { property } from '../test/property.js'
import { compile, DEFAULT_LR, gradient, type Method, minimize, type Var } from './index.js'

const METHODS: readonly Method[] = ['gd', 'momentum', 'adam', 'lbfgs']
const TOL = 1e-8
const norm = (v: readonly number[]) => Math.hypot(...v)
const tally = (into: Map<string, number>, key: string) => into.set(key, (into.get(key) ?? 0) + 1)

/** A function of known minimiser xStar (value fStar), and how far from it `converged` may stop. */
interface Known {
  readonly f: (...x: Var[]) => Var
  readonly xStar: readonly number[]
  readonly fStar: number
  readonly near: number
}

const rosenbrock: Known = {
  f: (x, y) => x.neg().add(1).square().add(y.sub(x.square()).square().mul(100)),
  xStar: [1, 1],
  fStar: 0,
  near: 1e-5,
}
const beale: Known = {
  f: (x, y) =>
    x
      .neg()
      .add(x.mul(y))
      .add(1.5)
      .square()
      .add(x.neg().add(x.mul(y.square())).add(2.25).square())
      .add(
        x
          .neg()
          .add(x.mul(y.pow(3)))
          .add(2.625)
          .square(),
      ),
  xStar: [3, 0.5],
  fStar: 0,
  near: 1e-5,
}
const booth: Known = {
  f: (x, y) => x.add(y.mul(2)).sub(7).square().add(x.mul(2).add(y).sub(5).square()),
  xStar: [1, 3],
  fStar: 0,
  near: 1e-6,
}

/** ½(x − c)ᵀA(x − c) + f0 with A = MᵀM + ½I: |x − c| ≤ 2|∇f| since A's eigenvalues are ≥ ½. */
function quadratic(m: readonly number[][], c: readonly number[], f0: number): Known {
  const n = c.length
  const A = c.map((_, i) =>
    c.map((_, j) => m.reduce((s, row) => s + row[i] * row[j], 0) + (i === j ? 0.5 : 0)),
  )
  return {
    f: (...x) => {
      const d = x.map((xi, i) => xi.sub(c[i]))
      let s = d[0].mul(0).add(f0)
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s = s.add(d[i].mul(d[j]).mul(0.5 * A[i][j]))
      return s
    },
    xStar: c,
    fStar: f0,
    near: 2 * TOL,
  }
}

const coord = fc.double({ min: -2, max: 2, noNaN: true })
const spd = fc
  .integer({ min: 1, max: 4 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.array(coord, { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
      fc.array(coord, { minLength: n, maxLength: n }),
      coord,
      fc.array(coord, { minLength: n, maxLength: n }),
    ),
  )
  .map(([m, c, f0, x0]) => ({ known: quadratic(m, c, f0), x0 }))
const named = (known: Known, lo: readonly number[], hi: readonly number[]) =>
  fc
    .tuple(...lo.map((l, i) => fc.double({ min: l, max: hi[i], noNaN: true })))
    .map((x0) => ({ known, x0: x0 as number[] }))
const problems = fc.oneof(
  spd,
  named(rosenbrock, [-2, -1], [2, 3]),
  named(beale, [1, -1], [4, 1.5]),
  named(booth, [-5, -5], [5, 5]),
)

describe('minimize: a converged run is at the minimum', () => {
  it('adam’s default step converges on x*x + x from 2 and nearly solves Rosenbrock from (−1.2, 1)', () => {
    expect(DEFAULT_LR).toEqual({ gd: undefined, momentum: undefined, adam: 0.1, lbfgs: 1 })
    const q = minimize(compile('x*x + x'), [2], { method: 'adam', trajectory: false })
    expect(q.status).toBe('converged')
    expect(q.x[0]).toBeCloseTo(-0.5, 6)
    const r = minimize(compile('(1-x)^2 + 100*(y-x^2)^2'), [-1.2, 1], { method: 'adam', trajectory: false })
    expect(r.value).toBeLessThan(1e-3)
  })

  it('gd and momentum with default steps do not diverge on Rosenbrock from (−1.2, 1); a fixed 0.01 does', () => {
    const p = compile('(1 - x)^2 + 100*(y - x^2)^2')
    for (const method of ['gd', 'momentum'] as const) {
      const r = minimize(p, [-1.2, 1], { method, trajectory: false })
      expect(r.status, method).toBe('max-iterations')
      expect(r.value, method).toBeLessThan(0.02)
      expect(minimize(p, [-1.2, 1], { method, lr: 0.01, trajectory: false }).status).toBe('diverged')
    }
    // With room, momentum's searched step converges to (1, 1).
    const long = minimize(p, [-1.2, 1], { method: 'momentum', maxIter: 10_000, trajectory: false })
    expect(long.status).toBe('converged')
    expect(long.x[0]).toBeCloseTo(1, 6)
    // Near a minimum f stops resolving decrease; the searched step still reaches tol.
    expect(minimize(compile('x^4 - 3x^2 + x'), [2], { method: 'gd' }).status).toBe('converged')
  })

  it('on SPD quadratics, Rosenbrock, Beale and Booth, for every method', () => {
    const statuses = new Map<string, number>()
    fc.assert(
      fc.property(problems, fc.constantFrom(...METHODS), ({ known, x0 }, method) => {
        const lr = method === 'adam' ? 0.02 : method === 'lbfgs' ? 1 : 1e-3
        const r = minimize(known.f, x0, { method, lr, maxIter: 3000, tol: TOL, trajectory: false })
        tally(statuses, `${method} ${r.status}`)
        expect(r.converged).toBe(r.status === 'converged')
        expect(r.x.every(Number.isFinite) && Number.isFinite(r.value)).toBe(true)
        if (r.status !== 'converged') return
        expect(norm(gradient(known.f, r.x))).toBeLessThanOrEqual(TOL)
        const off = norm(r.x.map((xi, i) => xi - known.xStar[i]))
        expect(off).toBeLessThanOrEqual(known.near)
        expect(r.value - known.fStar).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(known.fStar)))
      }),
      property({ seed: 2026, runs: 160 }),
    )
    // Not vacuous: L-BFGS converges on most of these, and some slow runs stop at maxIter.
    expect(statuses.get('lbfgs converged') ?? 0).toBeGreaterThan(20)
    expect(statuses.get('gd max-iterations') ?? 0).toBeGreaterThan(0)
  }, 120_000)
})

const unbounded: [string, (...x: Var[]) => Var, number][] = [
  ['−x²', (x) => x.square().neg(), 1],
  ['x³', (x) => x.pow(3), 1],
  ['x·y', (x, y) => x.mul(y), 2],
  ['x·y + x³ − ln y', (x, y) => x.mul(y).add(x.pow(3)).sub(y.log()), 2],
]

describe('minimize: flat points of functions unbounded below are not minima', () => {
  // Gradient exactly 0 at the start, and f lower a little way off: no method may stop there.
  const flat: [string, (...x: Var[]) => Var, number[]][] = [
    ['x⁵ at 0', (x) => x.pow(5), [0]],
    ['−x⁶ at 0', (x) => x.pow(6).neg(), [0]],
    ['−1e-12·x² at 0', (x) => x.square().mul(-1e-12), [0]],
    ['x² − 1e-9·y² at (0, 0)', (x, y) => x.square().sub(y.square().mul(1e-9)), [0, 0]],
  ]
  it.each(flat)('%s', (_name, f, start) => {
    for (const method of METHODS) {
      const r = minimize(f, start, { method, maxIter: 200 })
      expect(r.status, method).not.toBe('converged')
      expect(r.value, method).toBeLessThan(0)
    }
  })
})

describe('minimize: a function unbounded below never converges', () => {
  it('−x², x³, x·y and x·y + x³ − ln y from random points, for every method', () => {
    const statuses = new Map<string, number>()
    fc.assert(
      fc.property(
        fc.constantFrom(...unbounded),
        fc.constantFrom(...METHODS),
        fc.tuple(fc.double({ min: 0.1, max: 3, noNaN: true }), fc.double({ min: 0.1, max: 5, noNaN: true })),
        fc.constantFrom(0.001, 0.01, 0.1, 1),
        ([, f, n], method, start, lr) => {
          const r = minimize(f, start.slice(0, n), { method, lr, maxIter: 2000, trajectory: false })
          tally(statuses, r.status)
          expect(r.status).not.toBe('converged')
          expect(r.converged).toBe(false)
          expect(r.x.every(Number.isFinite) && Number.isFinite(r.value)).toBe(true)
        },
      ),
      property({ seed: 11, runs: 200 }),
    )
    expect(statuses.get('diverged') ?? 0).toBeGreaterThan(0)
    expect(statuses.get('max-iterations') ?? 0).toBeGreaterThan(0)
  }, 120_000)
})

describe('minimize: budget', () => {
  const rosenbrock = compile('(1-x)^2 + 100(y-x^2)^2')
  const start = [-1.2, 1]

  it('counts a gradient as 2 sweeps plus perCall and stops after the iteration that reaches the cap', () => {
    // gd: the start's gradient, then one gradient per iteration.
    const plain = minimize(rosenbrock, start, { method: 'gd', lr: 1e-4, budget: { sweeps: 10 } })
    expect(plain).toMatchObject({ status: 'work-budget', converged: false, iterations: 4, evaluations: 5 })
    const recording = minimize(rosenbrock, start, {
      method: 'gd',
      lr: 1e-4,
      budget: { sweeps: 10, perCall: 3 },
    })
    expect(recording).toMatchObject({ status: 'work-budget', iterations: 1, evaluations: 2 })
  })

  it("counts the convergence probe's value sweeps", () => {
    // x⁵ at 0: gradient 0, so the probe runs, finds lower ground, and the jump costs a gradient.
    // 2 + 2 gradient sweeps stay under 5; only with the probe's values counted is the cap reached.
    const r = minimize(compile('x^5'), [0], { method: 'gd', budget: { sweeps: 5 } })
    expect(r).toMatchObject({ status: 'work-budget', iterations: 1, evaluations: 2 })
  })

  it('a converged run stays converged, and no budget means no cap', () => {
    const r = minimize(compile('x^2'), [0], { budget: { sweeps: 1 } })
    expect(r).toMatchObject({ status: 'converged', iterations: 0 })
    expect(minimize(rosenbrock, start, { maxIter: 3000 }).status).toBe('converged')
  })

  it.each([[{ sweeps: 0 }], [{ sweeps: Number.NaN }], [{ sweeps: 10, perCall: -1 }]])(
    'refuses %o',
    (budget) => {
      expect(() => minimize(rosenbrock, start, { budget })).toThrow(
        'minimize: budget.sweeps must be > 0 and budget.perCall a finite number ≥ 0',
      )
    },
  )
})
