import { describe, expect, it } from 'vitest'
import { median, timePerCall } from './timing.js'

describe('timing', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })

  it('batches grow until they take the minimum time; the result is per call', () => {
    // A clock that advances 0.25 ms per call of fn: a batch needs 4 calls to reach 1 ms.
    let t = 0
    let calls = 0
    const perCall = timePerCall(
      () => {
        calls++
        t += 0.25
      },
      () => t,
      { repeats: 3 },
    )
    expect(perCall).toBe(0.25)
    expect(calls).toBe(1 + 2 + 4 + 3 * 4)
  })

  it('one slow batch does not move the median', () => {
    let t = 0
    let batch = 0
    const perCall = timePerCall(
      () => {
        t += batch === 2 ? 100 : 1
      },
      () => {
        batch++
        return t
      },
      { repeats: 5, minBatchMs: 1 },
    )
    expect(perCall).toBe(1)
  })
})
