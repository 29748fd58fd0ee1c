// The timing harness's behaviour, not its speed: batches interleave across
// methods, every method gets a median, and the budget bounds the batches.
import { describe, expect, test } from 'vitest'
import { digits, relativeError } from './accuracy.js'
import { fmtTime, timeAll } from './timing.js'

describe('timeAll', () => {
  test('interleaves the methods batch by batch after calibrating each', () => {
    const order: string[] = []
    const spin = (name: string) => () => {
      order.push(name)
      const t = performance.now()
      while (performance.now() - t < 0.2);
    }
    const t = timeAll(
      { a: spin('a'), b: spin('b') },
      { batches: 3, minBatches: 3, minBatchSeconds: 0, maxSeconds: 10 },
    )
    // Calibration runs each once (a batch of one call already lasts ≥ 0 s), then three rounds of a, b.
    expect(order).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b'])
    expect(t.a.batches).toBe(3)
    expect(t.b.samples).toBe(3)
    expect(t.a.median).toBeGreaterThan(0)
  })

  test('stops adding batches past maxSeconds once minBatches are done', () => {
    const t = timeAll({ a: () => 0 }, { batches: 1000, minBatches: 2, minBatchSeconds: 0.001, maxSeconds: 0 })
    expect(t.a.batches).toBe(2)
  })

  test('fmtTime picks a unit', () => {
    expect(fmtTime(2.5e-8)).toBe('25 ns')
    expect(fmtTime(3.2e-6)).toBe('3.20 µs')
    expect(fmtTime(0.0123)).toBe('12.3 ms')
    expect(fmtTime(3375)).toBe('56 min')
    expect(fmtTime(Number.NaN)).toBe('–')
  })
})

describe('accuracy', () => {
  test('normwise relative error and digits', () => {
    expect(relativeError([1, 2.002], [1, 2])).toBeCloseTo(0.001, 12)
    expect(relativeError([0, 0], [0, 0])).toBe(0)
    expect(relativeError([Number.NaN], [1])).toBeNaN()
    expect(digits(1e-7)).toBeCloseTo(7, 12)
    expect(digits(0)).toBe(16)
    expect(digits(Number.NaN)).toBe(0)
    expect(() => relativeError([1], [1, 2])).toThrow(/lengths/)
  })
})
