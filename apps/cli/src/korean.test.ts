// Every refusal and warning the CLI can print, driven once with --lang ko: the
// Korean says it without an English sentence. Names of code (options, codes,
// functions) and the user's own input (quoted, or echoed under a caret) may stay.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli } from './test/cli.js'

/**
 * Lines holding `words` English words in a row (three: a phrase), once quoted input, option names
 * and caret lines are set aside.
 */
function englishSentences(stderr: string, words = 3): string[] {
  // A phrase's words are apart by spaces; a list of names (an option's choices) is by commas.
  const run = words === 3 ? /[A-Za-z]+\s+[A-Za-z]{2,}\s+[A-Za-z]+/ : /[A-Za-z]{2,}[\s,;:]+[A-Za-z]{2,}/
  const lines = stderr.split('\n')
  return lines
    .filter((line, i) => !(line.startsWith('  ') || /^\s*\^+\s*$/.test(lines[i + 1] ?? '')))
    .map((line) =>
      line
        .replace(/'[^']*'|"[^"]*"/g, '□')
        .replace(/--[a-z][\w-]*/g, '□')
        .replace(/<[a-z]+>/g, '□'),
    )
    .filter((line) => run.test(line))
}

const sum = (terms: number) => Array.from({ length: terms }, (_, i) => `sin(x+${i})`).join('+')

const FILES: Record<string, string> = {
  'empty.csv': '',
  'header-twice.csv': 'x,x\n1,2\n',
  'stray.csv': 'x,z\n1,2\n',
  'missing.csv': 'y\n1\n',
  'short-row.csv': 'x,y\n1\n',
  'not-a-number.csv': 'x,y\n1,abc\n',
  'overflow.csv': 'x,y\n1,1e999\n',
  'nan.csv': 'x,y\n1,-1\n',
  'unclosed.json': '[{"x": 1, "y": 2}',
  'bad-char.json': '[{"x": @}]',
  'no-colon.json': '[{"x" 1}]',
  'array-value.json': '[{"x": [1], "y": 2}]',
  'short-array.json': '[[1]]',
  'after-end.json': '[] 1',
  'twice.json': '[{"x": 1, "x": 2}]',
  'missing.json': '[{"x": 1}]',
  'stray.json': '[{"z": 1}]',
  'bad-string.json': '[{"\\q": 1}]',
  'lines.jsonl': '{"x": 1, "y": 2}\n[1, 2]\n',
  'lines-missing.jsonl': '{"x": 1}\n',
}

/** [what, argv, stdin?]: each error path of the CLI, once. */
const CASES: readonly (readonly [string, readonly string[], string?])[] = [
  // commander's own
  ['missing argument', ['grad']],
  ['unknown command', ['gradd', 'x']],
  ['invalid choice', ['grad', 'x', '--backend', 'foo']],
  ['option without its value', ['grad', 'x', '--at']],
  ['invalid choice of --method', ['minimize', 'x^2', '--from', 'x=1', '--method', 'newton']],
  // the CLI's checks of its arguments
  ['unknown option with a suggestion', ['grad', 'x', '--att', 'x=1']],
  ['unknown option', ['grad', 'x', '--at', 'x=1', '--bogus']],
  ['two expressions', ['grad', 'x', 'y', '--at', 'x=1']],
  ['a list where one is needed', ['grad', 'x; x^2', '--at', 'x=1']],
  ['a list to compare', ['compare', 'x; x^2', '--at', 'x=1']],
  ['stdin for both', ['grad', '-', '--points', '-'], 'x'],
  ['stdin too long', ['grad', '-', '--at', 'x=1'], 'x+'.repeat(3000)],
  ['--points with another command', ['hessian', 'x', '--at', 'x=1', '--points', 'missing.csv']],
  // numeric options
  ['--lr not positive', ['minimize', 'x^2', '--from', 'x=1', '--lr', '-1']],
  ['--max-iter not whole', ['minimize', 'x^2', '--from', 'x=1', '--max-iter', '1.5']],
  ['--max-iter over its limit', ['minimize', 'x^2', '--from', 'x=1', '--max-iter', '99999']],
  ['--runs over its limit', ['bench', 'x', '--at', 'x=1', '--runs', '5000']],
  ['--batch over the points limit', ['bench', 'x', '--at', 'x=1', '--batch', '99999']],
  ['--h not a step', ['compare', 'x', '--at', 'x=1', '--h', '1e-2,abc']],
  // the point
  ['--at missing', ['grad', 'x*y']],
  ['--from missing', ['minimize', 'x^2']],
  ['--at entry empty', ['grad', 'x', '--at', 'x=1,']],
  ['--at without =', ['grad', 'x', '--at', 'x']],
  ['--at not a name', ['grad', 'x', '--at', '2=1']],
  ['--at twice', ['grad', 'x', '--at', 'x=1,x=2']],
  ['--at value missing', ['grad', 'x', '--at', 'x=']],
  ['--at value not constant', ['grad', 'x', '--at', 'x=y']],
  ['--at value an expression error', ['grad', 'x', '--at', 'x=sinn(1)']],
  ['--at names a stray variable', ['grad', 'x', '--at', 'y=1']],
  ['--at names a letter of xy', ['grad', 'xy', '--at', 'x=1']],
  ['--at misses a variable', ['grad', 'x+y', '--at', 'x=1']],
  // compare's variable, limits
  ['compare without a variable', ['compare', '2 + 3']],
  ['compare --variable stray', ['compare', 'x', '--at', 'x=1', '--variable', 'y']],
  ['compare --wrt stray', ['compare', 'x', '--at', 'x=1', '--wrt', 'y']],
  ['over the work budget', ['minimize', sum(300), '--from', 'x=1', '--max-iter', '10000']],
  // expressions
  ['expression error', ['grad', 'x^2 + * 3', '--at', 'x=2']],
  ['unknown function', ['grad', 'sinn(x)', '--at', 'x=1']],
  // points files
  ['points file missing', ['grad', 'x*y', '--points', 'nope.csv']],
  ...Object.keys(FILES)
    .filter((f) => f !== 'nan.csv')
    .map((f) => [`points ${f}`, ['grad', 'x*y', '--points', f]] as const),
  // warnings
  ['not finite', ['grad', 'log(x)', '--at', 'x=-1']],
  ['not finite at points', ['grad', 'x*log(y)', '--points', 'nan.csv']],
  ['diverged', ['minimize', 'x^4', '--from', 'x=3', '--method', 'gd', '--lr', '10']],
]

describe('--lang ko: every refusal and warning without an English sentence', () => {
  it.each(CASES.map(([what, argv, stdin]) => ({ what, argv, stdin })))('$what', async ({ argv, stdin }) => {
    const ko = await cli([...argv, '--lang', 'ko'], { files: FILES, stdin })
    const en = await cli(argv, { files: FILES, stdin })
    expect(ko.code).toBe(en.code)
    expect(ko.code).toBeGreaterThan(0)
    expect(ko.stderr).not.toBe('')
    expect(englishSentences(ko.stderr)).toEqual([])
    // The detector sees the English (two words in a row at least): the check is not vacuous.
    expect(englishSentences(en.stderr, 2)).not.toEqual([])
  })

  it('every error code the CLI throws is among the cases, and --json keeps the English message and code', async () => {
    const seen = new Set<string>()
    for (const [, argv, stdin] of CASES) {
      const j = await cli([...argv, '--lang', 'ko', '--json'], { files: FILES, stdin })
      const e = await cli([...argv, '--json'], { files: FILES, stdin })
      expect(j.stdout).toBe(e.stdout)
      // The error object: the whole stdout, or its last line after JSON lines (--points).
      const last = j.stdout.trim().startsWith('{\n') ? j.stdout : (j.stdout.trim().split('\n').pop() ?? '')
      const error = last.startsWith('{') ? JSON.parse(last).error : undefined
      if (error) seen.add(error.code)
    }
    // The codes written literally at a throw site in the CLI's source.
    const dir = new URL('.', import.meta.url).pathname
    const sources = ['', 'commands', 'points'].flatMap((sub) =>
      readdirSync(join(dir, sub))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => readFileSync(join(dir, sub, f), 'utf8')),
    )
    const thrown = new Set(
      sources.flatMap((s) =>
        [...s.matchAll(/(?:new UsageError|pointsError)\(\s*'([\w-]+)'/g)].map((m) => m[1]),
      ),
    )
    expect(thrown.size).toBeGreaterThan(5)
    for (const code of thrown) expect(seen, code).toContain(code)
  })
})

describe('goldens: Korean errors', () => {
  it.each([
    [
      ['minimize', 'x^2', '--from', 'x=1', '--max-iter', '99999'],
      '오류: --max-iter 99999: 한도는 10000입니다\n',
    ],
    [
      ['compare', 'x', '--at', 'x=1', '--h', '1e-2,abc'],
      "오류: --h: 'abc'은(는) 양의 간격이 아닙니다 (6번째 열)\n  1e-2,abc\n       ^^^\n",
    ],
    [
      ['grad', 'x+y', '--at', 'x=1'],
      '오류: --at: y의 값이 없습니다 (변수: x, y) (4번째 열)\n  x=1\n     ^\n',
    ],
    [
      ['grad', 'x', '--backend', 'foo'],
      "오류: 옵션 '--backend <name>'에 'foo'은(는) 쓸 수 없습니다. 쓸 수 있는 값: wasm, js\n",
    ],
    [['gradd', 'x'], "오류: 알 수 없는 명령 'gradd'입니다\n(grad을(를) 쓰려던 것인가요?)\n"],
    [['grad'], "오류: 필수 인수 'expr'이(가) 없습니다\n"],
    [
      ['compare', 'x', '--at', 'x=1', '--variable', 'y'],
      "오류: --variable: 'y'은(는) 식의 변수가 아닙니다 (x)\n",
    ],
    [
      ['grad', 'x*y', '--points', 'overflow.csv'],
      "오류: --points: 2번째 줄: '1e999'은(는) 64비트 부동소수점수로 나타내기에 너무 큽니다 (Infinity가 됩니다) (3번째 열)\n  1,1e999\n    ^^^^^\n",
    ],
    [
      ['grad', 'x*y', '--points', 'array-value.json'],
      '오류: --points: /0/x: 숫자나 "NaN", "Infinity", "-Infinity"가 와야 하는데 배열입니다\n',
    ],
  ] as const)('%j', async (argv, stderr) => {
    const r = await cli([...argv, '--lang', 'ko'], { files: FILES })
    expect(r).toEqual({ code: 2, stdout: '', stderr })
  })
})

describe('--lang ko: the labels of tables and progress lines', () => {
  it('bench, hessian and jacobian head their columns in Korean; minimize and bench report progress in Korean', async () => {
    const bench = await cli(['bench', 'x*x', '--at', 'x=2', '--runs', '1', '--batch', '4', '--lang', 'ko'], {
      stderrTty: true,
    })
    expect(bench.code).toBe(0)
    expect(bench.stdout).toContain('점당 시간')
    expect(bench.stdout).toContain('번갈아 잰 1회의 중앙값')
    expect(englishSentences(bench.stdout)).toEqual([])
    expect(bench.stderr).toContain('보정 중')
    // Progress lines overwrite each other (\r, erase to the end of the line): one line each here.
    const lines = (t: string) => t.replaceAll('\x1b[K', '').replaceAll('\r', '\n')
    expect(englishSentences(lines(bench.stderr))).toEqual([])
    const hessian = await cli(['hessian', 'x*y', '--at', 'x=1,y=2', '--lang', 'ko'])
    expect(hessian.stdout).toContain('헤세 행렬')
    const jacobian = await cli(['jacobian', 'x*y; x', '--at', 'x=1,y=2', '--lang', 'ko'])
    expect(jacobian.stdout).toContain('야코비 행렬')
    const minimize = await cli(['minimize', 'x^2', '--from', 'x=1', '--lang', 'ko'], { stderrTty: true })
    expect(minimize.stderr).toContain('반복 ')
    expect(englishSentences(minimize.stdout + lines(minimize.stderr))).toEqual([])
  })
})

describe('--lang ko on stdout', () => {
  it('compare’s legend names the methods in Korean; functions’ usage strings read in Korean', async () => {
    const c = await cli(['compare', 'exp(x)', '--at', 'x=1', '--lang', 'ko'])
    expect(c.stdout).toContain('c 중앙 차분')
    expect(c.stdout).not.toContain('c central')
    expect((await cli(['compare', 'exp(x)', '--at', 'x=1'])).stdout).toContain('c central   f forward')
    const f = await cli(['functions', '--lang', 'ko'])
    expect(f.stdout).toContain('log(x) 또는 log(x, base)')
    expect(f.stdout).toContain('= c > 0이면 a, 아니면 b')
    expect(f.stdout).not.toMatch(/ or |, else /)
    expect((await cli(['functions', '--lang', 'ko', '--json'])).stdout).toContain('log(x) or log(x, base)')
  })
})

describe('--lang ko graph labels', () => {
  it('graph --format dot and mermaid label values and adjoints in Korean; English unchanged', async () => {
    const dot = await cli(['graph', 'x*x', '--at', 'x=2', '--format', 'dot', '--lang', 'ko'])
    expect(dot.stdout).toContain('A = x\\n값 2\\n수반값 2')
    const mermaid = await cli(['graph', 'x*x', '--at', 'x=2', '--format', 'mermaid', '--lang', 'ko'])
    expect(mermaid.stdout).toContain('C = A · B<br/>값 4<br/>수반값 1')
    expect((await cli(['graph', 'x*x', '--at', 'x=2', '--format', 'dot'])).stdout).toContain(
      'value 2\\nadjoint 2',
    )
  })
})
