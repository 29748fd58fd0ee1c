import { describe, expect, it } from 'vitest'
import { compile, costOf, RECORD, resolveLimits, workOf, workProblem } from './index.js'

describe('work estimate', () => {
  const program = compile('x*y + sin(x)')
  const cost = costOf(program)

  it('a gradient is two sweeps per point over the tape; a call that may re-record adds a recording', () => {
    expect(cost).toEqual({ size: program.size, rerecords: false })
    expect(workOf('gradient', program, cost, { k: 3 })).toBe(2 * program.size * 3)
    const branchy = compile('where(x, x, -x)')
    const c = costOf(branchy)
    expect(c.rerecords).toBe(true)
    expect(workOf('evaluate', branchy, c, { k: 1 })).toBe((2 * 1 + RECORD) * c.size)
  })

  it('workProblem refuses past limits.work with code work-budget, and names both numbers', () => {
    const limit = 2 * program.size * 3
    expect(workProblem('gradient', program, cost, { k: 3 }, resolveLimits({ work: limit }))).toBeUndefined()
    expect(workProblem('gradient', program, cost, { k: 4 }, resolveLimits({ work: limit }))).toEqual({
      code: 'work-budget',
      message: `needs about ${(limit + 2 * program.size).toPrecision(2)} node visits, over the limit of ${limit}: use fewer points or a smaller expression`,
    })
  })
})
