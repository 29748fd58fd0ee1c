// Comparing results across backends: bit for bit (NaN equals NaN, +0 is not
// -0), or within a number of units in the last place (core's `ulps`).

import { ulps } from '@chainrule/core'

/** Index and values of the first entry where the arrays differ by more than `tolerance` ulps (0: bit for bit). */
export function firstMismatch(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance = 0,
): { index: number; actual: number; expected: number; ulps: number } | null {
  if (actual.length !== expected.length)
    return { index: -1, actual: actual.length, expected: expected.length, ulps: -1 }
  for (let i = 0; i < actual.length; i++) {
    const same =
      tolerance === 0 ? Object.is(actual[i], expected[i]) : ulps(actual[i], expected[i]) <= tolerance
    if (!same)
      return { index: i, actual: actual[i], expected: expected[i], ulps: ulps(actual[i], expected[i]) }
  }
  return null
}
