// The timing harness's behaviour, not its speed: every clock here is fake, so
// the figures are exact and no assertion depends on the machine.
import { describe, expect, test } from 'vitest'
import { formatDuration, median, time, timeAll, timeOnce } from './measure.js'

/** A clock that advances `step` ms per reading. */
function fakeClock(step = 1) {
  let t = 0
  return { now: () => (t += step) }
}

describe('timeAll', () => {
  test('interleaves the methods batch by batch after calibrating each', () => {
    const order: string[] = []
    const events: string[] = []
    const fn = (name: string) => () => order.push(name)
    const t = timeAll(
      { a: fn('a'), b: fn('b') },
      { batches: 3, minBatches: 3, minBatchSeconds: 0, maxSeconds: 10 },
      {
        ...fakeClock(),
        onCalibrate: (k) => events.push(`cal ${k}`),
        onRound: (r, n) => events.push(`${r}/${n}`),
      },
    )
    // Calibration runs each twice (a batch of one call already lasts ≥ 0 s, and a second confirms it),
    // then three rounds of a, b.
    expect(order).toEqual(['a', 'a', 'b', 'b', 'a', 'b', 'a', 'b', 'a', 'b'])
    expect(events).toEqual(['cal a', 'cal b', '1/3', '2/3', '3/3'])
    expect(t.a.batches).toBe(3)
    expect(t.b.samples).toBe(3)
    // Each batch spans exactly two readings of the 1 ms clock: 1 ms per call, reported in seconds.
    expect(t.a.median).toBe(0.001)
    expect(t.a.spread).toBe(0)
  })

  test('calibration grows a batch until it lasts minBatchSeconds; the median is per call', () => {
    // A clock that advances 0.25 ms per call of fn, not per reading: 4 calls reach 1 ms.
    let t = 0
    let calls = 0
    const r = time(
      () => {
        calls++
        t += 0.25
      },
      { batches: 3, minBatches: 3, minBatchSeconds: 0.001, maxSeconds: 10 },
      { now: () => t },
    )
    expect(r.median).toBe(0.00025)
    expect(r.samples).toBe(3 * 4)
    // 1, 2 and 4 calls, a second batch of 4 confirming, then three batches of 4.
    expect(calls).toBe(1 + 2 + 4 + 4 + 3 * 4)
  })

  test('a stall during calibration does not fix a batch too short to read on a coarse clock', () => {
    // A whole-millisecond clock; each call takes 0.01 ms, but the third batch is stalled by 5 ms.
    let t = 0
    let readings = 0
    const now = () => {
      // Two readings per batch; the sixth ends the third batch (100 calls), which the stall lengthens.
      if (++readings === 6) t += 5
      return Math.floor(t)
    }
    const r = time(
      () => {
        t += 0.01
      },
      { batches: 3, minBatches: 3, minBatchSeconds: 0.002, maxSeconds: 10 },
      { now },
    )
    // Without the confirming batch, 100 calls (1 ms) would be kept and every timed batch read 0 or 1 ms.
    expect(r.median).toBeGreaterThan(0)
    expect(r.samples / 3).toBeGreaterThanOrEqual(200)
  })

  test('one slow batch moves neither the median nor, much, the spread', () => {
    let t = 0
    let n = 0
    const r = time(
      () => (t += ++n === 4 ? 100 : 1),
      { batches: 5, minBatches: 5, minBatchSeconds: 0.001 },
      {
        now: () => t,
      },
    )
    expect(r.median).toBe(0.001)
    expect(r.spread).toBe(0)
  })

  test('stops adding batches past maxSeconds once minBatches are done', () => {
    const t = timeAll(
      { a: () => 0 },
      { batches: 1000, minBatches: 2, minBatchSeconds: 0.001, maxSeconds: 0 },
      fakeClock(),
    )
    expect(t.a.batches).toBe(2)
  })
})

describe('median, timeOnce and formatDuration', () => {
  test('median of odd, even and no counts, without reordering the input', () => {
    const xs = [4, 1, 3, 2]
    expect(median([3, 1, 2])).toBe(2)
    expect(median(xs)).toBe(2.5)
    expect(xs).toEqual([4, 1, 3, 2])
    expect(median([])).toBeNaN()
  })

  test('timeOnce reports seconds and the result', () => {
    expect(timeOnce(() => 'r', fakeClock(5).now)).toEqual({ seconds: 0.005, result: 'r' })
  })

  test('formatDuration: three significant digits in the unit that fits', () => {
    expect(formatDuration(2.5e-8)).toBe('25 ns')
    expect(formatDuration(3.2e-6)).toBe('3.2 µs')
    expect(formatDuration(0.0123)).toBe('12.3 ms')
    expect(formatDuration(0.001)).toBe('1 ms')
    expect(formatDuration(2.5)).toBe('2.5 s')
    expect(formatDuration(0)).toBe('0 ns')
    expect(formatDuration(3375)).toBe('56 min')
    expect(formatDuration(Number.NaN)).toBe('–')
  })
})
