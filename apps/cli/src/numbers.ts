// Number literals typed on the command line or read from a CSV cell: decimal
// notation, or one of the names §12 gives the non-finite values. Nothing else
// is coerced: `Number('')` is 0 and `Number('0x10')` is 16, both refused here.

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

const NAMED: ReadonlyMap<string, number> = new Map([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['+Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
])

/** The number `text` spells, or undefined when it is not a number literal. */
export function parseNumber(text: string): number | undefined {
  if (!DECIMAL.test(text)) return NAMED.get(text)
  // 1e999 would silently be Infinity; the expression language refuses it too.
  const x = Number(text)
  return Number.isFinite(x) ? x : undefined
}
