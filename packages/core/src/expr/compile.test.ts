import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { anyTree, evaluate, smoothText, VARIABLES } from '../../test/expr.js'
import { property } from '../../test/property.js'
import { createApi } from '../api.js'
import { jsBackend } from '../js-backend.js'
import { OP } from '../ops.js'
import { type Node, postOrder } from './ast.js'
import { type CompiledProgram, compileWith } from './compile.js'
import { ExpressionError } from './errors.js'
import { print } from './print.js'

const api = createApi(jsBackend)
const { compile } = api

function failure(run: () => unknown): ExpressionError {
  try {
    run()
  } catch (e) {
    if (e instanceof ExpressionError) return e
    throw e
  }
  throw new Error('did not fail')
}

/** The syntax-tree nodes of output 0 in post-order, as docs/ARCHITECTURE.md §10 labels them. */
function nodesOf(p: CompiledProgram): Node[] {
  const out: Node[] = []
  postOrder(p.expression.outputs[0], (n) => out.push(n))
  return out
}

describe('compile: the origin text example', () => {
  it("compile('x^2 + x').gradient([2]) → value 6, gradient [5]", () => {
    const p = compile('x^2 + x')
    expect(p.variables).toEqual(['x'])
    const r = p.gradient([2])
    expect(r.value).toBe(6)
    expect(Array.from(r.gradient)).toEqual([5])
  })

  it('x*x + x: every syntax-tree node maps to the tape node holding its value', () => {
    const p = compile('x*x + x')
    expect(p.gradient([2]).value).toBe(6)
    const nodes = nodesOf(p)
    const values = p.nodeValues()
    const adjoints = p.nodeAdjoints()
    // A = x, B = x, C = A·B, D = x, E = C + D.
    expect(nodes.map((n) => values[p.nodeOf(n)])).toEqual([2, 2, 4, 2, 6])
    const [a, b, c, d, e] = nodes.map((n) => p.nodeOf(n))
    expect(a).toBe(b)
    expect(a).toBe(d)
    expect(p.tape.op[a]).toBe(OP.input.code)
    expect(p.tape.op[c]).toBe(OP.mul.code)
    expect([p.tape.a[c], p.tape.b[c]]).toEqual([a, b])
    expect(p.tape.op[e]).toBe(OP.add.code)
    expect([p.tape.a[e], p.tape.b[e]]).toEqual([c, d])
    // dE/dE = 1, dE/dC = 1, and x collects 2 + 2 + 1 = 5.
    expect([adjoints[e], adjoints[c], adjoints[a]]).toEqual([1, 1, 5])
  })

  it('stamps each tape node with its span, and keeps the text as the source', () => {
    const p = compile('x*x + sin(2)')
    const { spans, source, op } = p.tape
    expect(source).toBe('x*x + sin(2)')
    const at = (i: number) => [spans![2 * i], spans![2 * i + 1]]
    const byOp = (name: string) => [...op.keys()].filter((i) => op[i] === OP[name as 'add'].code).map(at)
    expect(byOp('input')).toEqual([[-1, -1]])
    expect(byOp('mul')).toEqual([[0, 3]])
    expect(byOp('const')).toEqual([[10, 11]])
    expect(byOp('sin')).toEqual([[6, 12]])
    expect(byOp('add')).toEqual([[0, 12]])
  })
})

describe('compile: variables', () => {
  it('orders variables alphabetically by default, x2 before x10', () => {
    expect(compile('y + x').variables).toEqual(['x', 'y'])
    expect(compile('x10*x2 + x1').variables).toEqual(['x1', 'x2', 'x10'])
    expect(api.gradient(compile('x*y + y'), [2, 3])).toEqual([3, 3])
  })
  it('takes the order from options, which may name unused inputs', () => {
    const p = compile('x + 2y', { variables: ['y', 'x'] })
    expect(p.variables).toEqual(['y', 'x'])
    expect(Array.from(p.gradient([1, 0]).gradient)).toEqual([2, 1])
    const q = compile('x^2', { variables: ['x', 'unused'] })
    expect(q.inputs).toBe(2)
    expect(Array.from(q.gradient([3, 7]).gradient)).toEqual([6, 0])
    const constant = compile('2*3', { variables: [] })
    expect(constant.evaluate([])[0]).toBe(6)
  })
  it('refuses a variables list that misses one the expression uses, pointing at its first use', () => {
    expect(failure(() => compile('x + z*z', { variables: ['x'] }))).toMatchObject({
      code: 'unknown-variable',
      start: 4,
      end: 5,
    })
  })
  it('puts the list of variables given in the detail, so a caller short of room can show the brief', () => {
    const e = failure(() => compile('x + z', { variables: ['x', 'y', 'w', 'v'] })) as ExpressionError
    expect(e.message).toBe("'z' is not among the variables given ('x', 'y', 'w' and 1 more)")
    expect(e.brief).toBe("'z' is not among the variables given")
    expect(e.detail).toBe("'x', 'y', 'w' and 1 more")
  })
  it.each([
    [['x', 'x'], 'listed twice'],
    [['x', '1y'], 'not a name'],
    [['x', 'constructor'], 'reserved'],
    [['x', 'pi'], 'constant or function'],
    [['x', 'ln'], 'constant or function'],
    [['x', 'a.b'], 'not a name'],
  ])('refuses the variables list %j (%s), with no position in the text', (variables, why) => {
    const e = failure(() => compile('x', { variables }))
    expect(e).toMatchObject({ code: 'bad-variables', start: -1, end: -1 })
    expect(e.message).toContain(why)
  })
  it('applies the variables limit to the list given', () => {
    const many = Array.from({ length: 65 }, (_, i) => `v${i}`)
    expect(failure(() => compile('v0', { variables: many }))).toMatchObject({
      code: 'too-many-variables',
      start: -1,
    })
    expect(compile('v0', { variables: many, limits: { variables: 65 } }).inputs).toBe(65)
  })
})

describe('compile: constants, aliases, composites and outputs', () => {
  it.each([
    ['pi', Math.PI],
    ['e', Math.E],
    ['ln(e^2)', 2],
    ['log(8, 2)', 3],
    ['log(100, 10)', 2],
    ['clamp(5, 0, 1)', 1],
    ['clamp(-5, 0, 1)', 0],
    ['leakyRelu(-2)', -0.02],
    ['leakyRelu(-2, 0.5)', -1],
    ['leakyRelu(3)', 3],
    ['mse(1, 2, 3, 5)', (4 + 9) / 2],
    ['mse(1, 4)', 9],
    ['logsumexp(0, 0)', Math.LN2],
    ['logsumexp(1000, 1000)', 1000 + Math.LN2],
    ['where(1, 2, 3)', 2],
    ['where(0, 2, 3)', 3],
    ['where(-1, 2, 3)', 3],
    ['2^3^2', 512],
    ['-2^2', -4],
    ['2*3(1)', 6],
  ])('%s = %d', (text, value) => {
    expect(compile(text).evaluate([])[0]).toBeCloseTo(value, 14)
  })
  it('differentiates the composites', () => {
    const g = (text: string, x: number[]) => Array.from(compile(text).gradient(x).gradient)
    expect(g('log(x, 2)', [8])[0]).toBeCloseTo(1 / (8 * Math.LN2), 15)
    expect(g('clamp(x, 0, 1)', [0.5])).toEqual([1])
    expect(g('clamp(x, 0, 1)', [2])).toEqual([0])
    expect(g('leakyRelu(x)', [-2])).toEqual([0.01])
    // Variables are [a, x]: ∂/∂a = x, ∂/∂x = a for x < 0.
    expect(g('leakyRelu(x, a)', [0.3, -2])).toEqual([-2, 0.3])
    const [sx, sy] = g('logsumexp(x, y)', [1, 2])
    expect(sx).toBeCloseTo(1 / (1 + Math.E), 15)
    expect(sy).toBeCloseTo(Math.E / (1 + Math.E), 15)
    // mse(a, b, c, d) = ((a − c)² + (b − d)²)/2.
    expect(g('mse(a, b, c, d)', [1, 2, 3, 5])).toEqual([-2, -3, 2, 3])
  })
  it('makes one output per , or ;', () => {
    const p = compile('x*y, x + y; x - y')
    expect(p.outputs).toBe(3)
    const { value, jacobian } = p.jacobian([2, 3])
    expect(Array.from(value)).toEqual([6, 5, -1])
    expect(jacobian.map((row) => Array.from(row))).toEqual([
      [3, 2],
      [1, 1],
      [1, -1],
    ])
  })
  it('works with every transform, since a compiled expression is a Program', () => {
    expect(api.hessian(compile('x^3*y'), [2, 5])).toEqual([
      [60, 12],
      [12, 0],
    ])
  })
})

describe('compile: where records only the branch taken', () => {
  it('never lets the untaken branch put NaN into the gradient', () => {
    const p = compile('where(x, sqrt(x), -x)')
    expect(p.gradient([4]).gradient[0]).toBe(0.25)
    // At −1 sqrt(x) would be NaN with derivative NaN; it is not on the tape.
    const r = p.gradient([-1])
    expect(r.value).toBe(1)
    expect(r.gradient[0]).toBe(-1)
    expect(p.status.kind).toBe('retrace')
    expect(p.recordings).toBe(2)
    expect(p.gradient([-3]).gradient[0]).toBe(-1)
    expect(p.recordings).toBe(2)
  })
  it('maps the untaken branch to no tape node, and follows re-recordings', () => {
    const p = compile('where(x, sqrt(x), -x)')
    const [c, , sqrt, x2, neg, where] = nodesOf(p)
    expect(p.nodeOf(sqrt)).toBeGreaterThanOrEqual(0)
    expect(p.nodeOf(neg)).toBe(-1)
    expect(p.nodeOf(where)).toBe(p.nodeOf(sqrt))
    p.gradient([-1])
    expect(p.nodeOf(sqrt)).toBe(-1)
    expect(p.nodeOf(where)).toBe(p.nodeOf(neg))
    expect(p.nodeValues()[p.nodeOf(neg)]).toBe(1)
    expect(p.nodeOf(c)).toBe(p.nodeOf(x2))
  })
  it('treats where(c, a, b) as c > 0 ? a : b, so c = 0 and c = NaN take b', () => {
    const p = compile('where(c, 1, 2)')
    expect(p.evaluate([0])[0]).toBe(2)
    expect(p.evaluate([Number.NaN])[0]).toBe(2)
    expect(p.evaluate([1e-300])[0]).toBe(1)
  })
})

describe('compile: agrees with a plain Math interpreter', () => {
  const point = fc.record(
    Object.fromEntries(VARIABLES.map((v) => [v, fc.double({ min: -3, max: 3, noNaN: true })])),
  )
  it('gives exactly the reference value for random trees at random points', () => {
    fc.assert(
      fc.property(anyTree, point, (tree, at) => {
        const p = compile(print(tree), { variables: VARIABLES, limits: { length: Infinity } })
        const got = p.evaluate(VARIABLES.map((v) => at[v]))[0]
        expect(got).toBe(evaluate(tree, at))
      }),
      property({ seed: 103, runs: 500 }),
    )
  })
})

describe('compile: AD against central differences', () => {
  const box = fc.tuple(...[0, 1, 2].map(() => fc.double({ min: -1.5, max: 1.5, noNaN: true })))
  it('matches central differences (rel ≤ 1e-6) on random smooth expressions', () => {
    fc.assert(
      fc.property(smoothText, box, (text, x) => {
        const p = compile(text, { variables: ['x', 'y', 'z'] })
        const { value, gradient } = p.gradient(x)
        expect(Number.isFinite(value)).toBe(true)
        for (let j = 0; j < 3; j++) {
          const h = 1e-5 * Math.max(1, Math.abs(x[j]))
          const up = [...x]
          const down = [...x]
          up[j] += h
          down[j] -= h
          const fd = (p.evaluate(up)[0] - p.evaluate(down)[0]) / (up[j] - down[j])
          const scale = Math.max(1, Math.abs(gradient[j]), Math.abs(fd))
          expect(Math.abs(gradient[j] - fd) / scale).toBeLessThanOrEqual(1e-6)
        }
      }),
      property({ seed: 104, runs: 500 }),
    )
  })
  it('matches the Richardson (Ridders) estimate (rel ≤ 1e-9) on random smooth expressions', () => {
    fc.assert(
      fc.property(smoothText, box, (text, x) => {
        const p = compile(text, { variables: ['x', 'y', 'z'] })
        const ad = p.gradient(x).gradient
        const ridders = api.numeric.gradient(p, x, { method: 'richardson' }).gradient
        for (let j = 0; j < 3; j++) {
          const scale = Math.max(1, Math.abs(ad[j]))
          expect(Math.abs(ad[j] - ridders[j]) / scale).toBeLessThanOrEqual(1e-9)
        }
      }),
      property({ seed: 105, runs: 300 }),
    )
  })
})

describe('compile: on any backend', () => {
  it('compileWith loads on the backend it is given', () => {
    const loads: number[] = []
    const spy = {
      name: 'js' as const,
      load: (t: Parameters<typeof jsBackend.load>[0], v?: readonly string[]) => {
        loads.push(t.op.length)
        return jsBackend.load(t, v)
      },
    }
    const p = compileWith(spy, 'x*x + x')
    expect(p.gradient([3]).gradient[0]).toBe(7)
    expect(loads).toEqual([p.size])
  })
})
