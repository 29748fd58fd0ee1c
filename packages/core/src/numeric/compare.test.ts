import { describe, expect, it } from 'vitest'
import { compareProblem, compile, numeric } from '../index.js'

describe('numeric.compare: the CLI and API compare workflow', () => {
  const p = compile('x*y + x^3 - log(y)')
  const x = [3, 4]

  it('along the first variable by default: AD, each method at its default step, the sweep, gradcheck', () => {
    const r = numeric.compare(p, x)
    expect(r.variable).toBe('x')
    expect(r.ad).toBe(r.gradient[0])
    expect(r.value).toBe(p.evaluate(x)[0])
    expect(Object.keys(r.methods)).toEqual([...numeric.methods])
    expect(r.methods.central.h).toBe(numeric.defaultStep('central', 3))
    for (const m of numeric.methods) expect(r.methods[m].absError).toBe(Math.abs(r.methods[m].value - r.ad))
    expect(r.methods.richardson.errorEstimate).toBeGreaterThanOrEqual(0)
    expect('errorEstimate' in r.methods.central).toBe(false)
    expect(r.sweep.hs).toEqual([...numeric.defaultHs])
    const sweep = numeric.errorSweep(p, x, { index: 0 })
    expect(r.sweep).toEqual({ hs: [...numeric.defaultHs], rows: sweep.rows, best: sweep.best })
    expect(r.gradcheck.ok).toBe(true)
    expect(r.timeMs).toBeUndefined()
    expect(r.notes).toBeUndefined()
    expect(r.gradcheck.atKink).toBe(false)
  })

  it('notes the kink behind a disagreement: on it, or straddled by x ± h, in the chosen language', () => {
    const on = numeric.compare(compile('abs(x)'), [0])
    expect(on.gradcheck.atKink).toBe(true)
    expect(on.notes?.map((n) => [n.kind, n.op])).toEqual([['kink', 'abs']])
    const near = numeric.compare(compile('abs(x) + x'), [1e-7], { lang: 'ko' })
    expect(near.gradcheck.atKink).toBe(false)
    expect(near.notes?.map((n) => [n.kind, n.op])).toEqual([['kink', 'abs']])
    expect(near.notes?.[0].text).toMatch(/중앙 차분/)
    expect(numeric.compare(compile('abs(x)'), [1]).notes).toBeUndefined()
  })

  it('says why every difference is NaN when the point is outside an op’s domain', () => {
    const r = numeric.compare(compile('log(x)'), [-1])
    expect(r.notes).toEqual([expect.objectContaining({ kind: 'domain', op: 'log', label: 'B' })])
    expect(numeric.compare(compile('log(x)'), [-1], { lang: 'ko' }).notes?.[0].text).toContain('정의역 밖')
    expect(numeric.compare(compile('log(x)'), [1]).notes).toBeUndefined()
  })

  it('variable picks the line; a clock adds a time per method', () => {
    let calls = 0
    const r = numeric.compare(p, x, { variable: 'y', hs: [1e-3], time: () => ++calls })
    expect(r.ad).toBe(2.75)
    expect(r.sweep.hs).toEqual([1e-3])
    expect(r.timeMs).toEqual({ ad: 1, central: 2, forward: 3, backward: 4, richardson: 5 })
  })

  it('refuses a constant and a variable the expression lacks, with one message for both front ends', () => {
    expect(compareProblem([], undefined)).toEqual({
      code: 'no-variables',
      message: 'compare needs an expression with a variable',
    })
    expect(compareProblem(['x', 'y'], 'z')).toEqual({
      code: 'unknown-variable',
      message: "'z' is not a variable of the expression (x, y)",
    })
    expect(compareProblem(['x'], 'x')).toBeUndefined()
    expect(() => numeric.compare(p, x, { variable: 'z' })).toThrow(
      "numeric.compare: 'z' is not a variable of the expression (x, y)",
    )
  })
})
