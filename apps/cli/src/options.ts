// Numeric option values (--lr, --max-iter, --tol, --runs, …), parsed strictly:
// commander hands over text, and `Number('')` would be 0.
import { UsageError } from './errors.js'
import { parseNumber } from './numbers.js'

export function numberOption(flag: string, kind: 'positive' | 'count' = 'positive') {
  return (text: string): number => {
    const x = parseNumber(text.trim())
    const ok =
      x !== undefined && Number.isFinite(x) && (kind === 'count' ? Number.isInteger(x) && x >= 0 : x > 0)
    if (!ok) {
      const want = kind === 'count' ? 'a whole number ≥ 0' : 'a positive number'
      throw new UsageError('invalid-option', `${flag}: expected ${want}, got '${text}'`)
    }
    return x
  }
}
