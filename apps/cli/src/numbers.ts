// Number literals typed on the command line or read from a points file:
// decimal notation, or one of the names docs/ARCHITECTURE.md §11 gives the non-finite values.
// Nothing else is coerced: `Number('')` is 0 and `Number('0x10')` is 16, both
// refused here. One rule for --at, CSV cells and JSON numbers: a literal too
// large for a 64-bit float is refused, never silently Infinity (JSON.parse
// would turn 1e400 into Infinity, so JSON numbers are read from their text).

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

const NAMED: ReadonlyMap<string, number> = new Map([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['+Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
])

/** The number a decimal literal spells, or undefined when it would overflow to ±Infinity. */
export function finiteLiteral(literal: string): number | undefined {
  const x = Number(literal)
  return Number.isFinite(x) ? x : undefined
}

/** The number `text` spells, or undefined when it is not a number literal. */
export function parseNumber(text: string): number | undefined {
  if (!DECIMAL.test(text)) return NAMED.get(text)
  return finiteLiteral(text)
}

/** Why parseNumber refused `text`, to follow the quoted text in a message (English, Korean). */
export function numberProblem(text: string): readonly [string, string] {
  return DECIMAL.test(text) ? OVERFLOW : ['is not a number', '은(는) 숫자가 아닙니다']
}

/** The expression language's words for the same refusal (core's `number-overflow`), in English and Korean. */
export const OVERFLOW: readonly [string, string] = [
  'is too large for a 64-bit float (it would be Infinity)',
  '은(는) 64비트 부동소수점수로 나타내기에 너무 큽니다 (Infinity가 됩니다)',
]
