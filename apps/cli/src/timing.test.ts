// The adapter only: the harness's own behaviour is tested in core (measure.test.ts).
import { describe, expect, it } from 'vitest'
import { timePerCall } from './timing.js'

describe('timePerCall', () => {
  it('times exactly `repeats` batches on the given millisecond clock and reports ms per call', () => {
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
    // Calibration 1 + 2 + 4 calls and a second batch of 4 confirming, then three batches of 4.
    expect(calls).toBe(1 + 2 + 4 + 4 + 3 * 4)
  })

  it('minBatchMs sets how long a batch must last', () => {
    let t = 0
    let calls = 0
    const perCall = timePerCall(
      () => {
        calls++
        t += 1
      },
      () => t,
      { repeats: 1, minBatchMs: 8 },
    )
    expect(perCall).toBe(1)
    expect(calls).toBe(1 + 2 + 4 + 8 + 8 + 8)
  })
})
