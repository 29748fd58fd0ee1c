import { describe, expect, it } from 'vitest'
import { lowerNeighbour } from './probe.js'

const sumSquares = (y: Float64Array) => y.reduce((s, v) => s + v * v, 0)

describe('lowerNeighbour', () => {
  it('finds nothing lower at a minimum, or where f is flat', () => {
    expect(lowerNeighbour(new Float64Array([0, 0, 0]), 0, sumSquares)).toBeNull()
    expect(lowerNeighbour(new Float64Array([5, -2]), 7, () => 7)).toBeNull()
    // 40 inputs: only the fixed oblique directions are probed, and none is lower either.
    expect(lowerNeighbour(new Float64Array(40), 0, sumSquares)).toBeNull()
  })

  it('finds lower ground at a saddle, a maximum and an inflection point, a probe step away', () => {
    const saddle = lowerNeighbour(new Float64Array([0, 0]), 0, (y) => y[0] * y[1])
    expect(saddle).not.toBeNull()
    expect(saddle![0] * saddle![1]).toBeLessThan(0)
    const cube = lowerNeighbour(new Float64Array([1e-5]), 1e-15, (y) => y[0] ** 3)
    expect(cube![0]).toBeCloseTo(1e-5 - 1.00001e-3, 12)
    // Past 32 inputs the oblique directions still see a maximum in one coordinate.
    const cap = lowerNeighbour(new Float64Array(40), 0, (y) => -(y[7] * y[7]))
    expect(cap).not.toBeNull()
    expect(Math.max(...cap!.map(Math.abs))).toBeLessThanOrEqual(1e-3)
  })
})
