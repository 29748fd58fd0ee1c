// Points from a request body, decoded by core's docs/ARCHITECTURE.md §11 rules (numbers or the
// three strings, every variable present, no unknown names). Core's messages
// name the offending key and list the expression's variables; a hostile body
// can make both long, so the API says the same thing in its own bounded words.

import { DecodeError, decodePoint, decodePoints } from '@chainrule/core'
import { ApiError, pointerSegments, quote } from '../errors.js'

/** "/points/3/x" → "points/3/'x'": numbers as they are, names quoted and cut. */
function where(path: string): string {
  return pointerSegments(path, 1).join('/')
}

function rewrite(e: unknown, value: unknown, variables: readonly string[]): never {
  if (!(e instanceof DecodeError)) throw e
  const at = where(e.path)
  switch (e.code) {
    case 'missing-variable': {
      const given = value as Record<string, unknown>
      const name = variables.find((v) => !Object.hasOwn(given, v)) ?? ''
      throw new ApiError(400, e.code, `${at} has no value for the variable ${quote(name)}`)
    }
    case 'unknown-variable':
      throw new ApiError(
        400,
        e.code,
        `${at} is not a variable of the expression (it has ${variables.length})`,
      )
    case 'invalid-number':
      throw new ApiError(400, e.code, `${at} must be a number or "NaN", "Infinity", "-Infinity"`)
    default:
      throw new ApiError(400, e.code, `${at} must be an object with a value for each variable`)
  }
}

export function pointFrom(value: unknown, variables: readonly string[], path: string): Float64Array {
  try {
    return decodePoint(value, variables, path)
  } catch (e) {
    rewrite(e, value, variables)
  }
}

export function pointsFrom(
  value: unknown[],
  variables: readonly string[],
): { points: Float64Array; k: number } {
  try {
    return decodePoints(value, variables, '/points')
  } catch (e) {
    const row = e instanceof DecodeError ? Number(e.path.split('/')[2]) : 0
    rewrite(e, value[row], variables)
  }
}
