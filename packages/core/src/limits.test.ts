import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, resolveLimits } from './limits.js'

describe('limits', () => {
  it('defaults to the API limits of docs/ARCHITECTURE.md §12', () => {
    expect(DEFAULT_LIMITS).toMatchObject({ length: 4096, depth: 256, nodes: 20_000, variables: 64 })
    expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true)
    expect(resolveLimits()).toBe(DEFAULT_LIMITS)
  })
  it('overrides some limits and keeps the rest', () => {
    const l = resolveLimits({ depth: 10, length: Infinity, nodes: undefined })
    expect(l).toEqual({ ...DEFAULT_LIMITS, depth: 10, length: Infinity })
    expect(Object.isFrozen(l)).toBe(true)
  })
  it.each([
    [{ depth: 0 }, 'positive integer'],
    [{ depth: 1.5 }, 'positive integer'],
    [{ nodes: -1 }, 'positive integer'],
    [{ length: Number.NaN }, 'positive integer'],
    [{ variables: '64' as unknown as number }, 'positive integer'],
    [{ lenght: 10 } as unknown as { length: number }, "unknown limit 'lenght'"],
  ])('refuses %j', (overrides, why) => {
    expect(() => resolveLimits(overrides)).toThrow(RangeError)
    expect(() => resolveLimits(overrides)).toThrow(why)
  })
})
