// The --at option, examples in --help, and numeric option values (--lr, --max-iter, --tol, --runs, …), parsed strictly:
// commander hands over text, and `Number('')` would be 0.
import { type Command, Option } from 'commander'
import { quoted, UsageError } from './errors.js'
import { parseNumber } from './numbers.js'

export function numberOption(
  flag: string,
  kind: 'positive' | 'count' = 'positive',
  range: { min?: number; max?: number } = {},
) {
  const min = range.min ?? 0
  return (text: string): number => {
    const x = parseNumber(text.trim())
    const ok =
      x !== undefined && Number.isFinite(x) && (kind === 'count' ? Number.isInteger(x) && x >= min : x > 0)
    if (!ok) {
      const want = kind === 'count' ? `a whole number ≥ ${min}` : 'a positive number'
      const wantKo = kind === 'count' ? `${min} 이상의 정수` : '양수'
      throw new UsageError(
        'invalid-option',
        `${flag}: expected ${want}, got ${quoted(text)}`,
        undefined,
        `${flag}: ${wantKo}가 와야 하는데 ${quoted(text)}입니다`,
      )
    }
    if (range.max !== undefined && x > range.max) {
      throw new UsageError(
        'invalid-option',
        `${flag}: at most ${range.max}, got ${x}`,
        undefined,
        `${flag}: 최대 ${range.max}인데 ${x}입니다`,
      )
    }
    return x
  }
}

export const atOption = () =>
  new Option(
    '--at <point>',
    'the point: name=value, comma-separated (x=2,y=3; values may be pi/4, 1e-3, NaN)',
  )

/** Adds `Examples:` to the command's --help. */
export function examples(cmd: Command, lines: readonly string[]): Command {
  return cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`)
}
