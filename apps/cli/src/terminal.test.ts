// Nothing a user typed or a file held reaches the terminal as a control
// sequence: escape sequences (CSI clear screen, OSC 52 clipboard, OSC 0
// title), other C0/C1 controls and bidi overrides are replaced by '?' in every
// message, on stderr and in --json output, wherever the message quotes input.
import { describe, expect, it } from 'vitest'
import { cli, json } from './test/cli.js'

const PAYLOADS = {
  csi: '\x1b[2J\x1b[H',
  osc52: '\x1b]52;c;aGk=\x07',
  title: '\x1b]0;pwned\x1b\\',
  c1: '\x9b2J',
  bidi: 'a\u202ecba\u202c\u2066\u200f\u061c',
  bell: '\x07\x08\x7f',
} as const

/** Every character a terminal would act on or reorder by (a newline between lines is fine). */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

/** The places a message quotes input, each given the payload `p`. */
const SITES: [string, (p: string) => Promise<{ code: number; stdout: string; stderr: string }>][] = [
  ['a CSV header cell', (p) => cli(['eval', 'x', '--points', 'f'], { files: { f: `x,${p}\n1,2\n` } })],
  ['a CSV cell', (p) => cli(['eval', 'x', '--points', 'f'], { files: { f: `x\n${p}\n` } })],
  [
    'a JSON key',
    (p) => cli(['eval', 'x', '--points', 'f'], { files: { f: `[${JSON.stringify({ [p]: 1 })}]` } }),
  ],
  [
    'a JSON Lines key',
    (p) => cli(['eval', 'x', '--points', 'f'], { files: { f: JSON.stringify({ [p]: 1 }) } }),
  ],
  [
    'a JSON string value',
    (p) => cli(['eval', 'x', '--points', 'f'], { files: { f: `[{"x": ${JSON.stringify(p)}}]` } }),
  ],
  ['a raw character in JSON', (p) => cli(['eval', 'x', '--points', 'f'], { files: { f: `[{"x": 1}${p}]` } })],
  ['a points file name', (p) => cli(['eval', 'x', '--points', `${p}.csv`])],
  ['an --at name', (p) => cli(['eval', 'x', '--at', `${p}=1`])],
  ['an --at entry', (p) => cli(['eval', 'x', '--at', p])],
  ['an --at value', (p) => cli(['eval', 'x', '--at', `x=1${p}`])],
  ['a variable --at does not know', (p) => cli(['eval', 'x', '--at', `x=1,y${p}=2`])],
  ['--variable', (p) => cli(['compare', 'x', '--at', 'x=1', '--variable', p])],
  ['--h', (p) => cli(['compare', 'x', '--at', 'x=1', '--h', p])],
  ['a numeric option', (p) => cli(['minimize', 'x^2', '--from', 'x=1', '--lr', p])],
  ['a choice (commander)', (p) => cli(['eval', 'x', '--at', 'x=1', '--backend', p])],
  ['an unknown command (commander)', (p) => cli([p])],
  ['the expression', (p) => cli(['eval', `x + ${p}`, '--at', 'x=1'])],
]

describe('a clean terminal', () => {
  for (const [site, run] of SITES) {
    for (const [name, payload] of Object.entries(PAYLOADS)) {
      it(`${site}: ${name} never reaches stderr or --json stdout`, async () => {
        const r = await run(payload)
        expect(r.code).toBe(2)
        expect(r.stderr).toMatch(/^error: /)
        expect(r.stderr).not.toMatch(UNSAFE)
      })
    }
  }

  it('--json errors carry the same safe message', async () => {
    const file = `[${JSON.stringify({ [`z${PAYLOADS.bidi}${PAYLOADS.c1}`]: 1 })}]`
    const r = await cli(['eval', 'x', '--points', 'f', '--json'], { files: { f: file } })
    expect(r.stdout).not.toMatch(UNSAFE)
    expect(json(r)).toEqual({
      error: {
        code: 'unknown-variable',
        message: "--points: /0/za?cba?????2J: 'za?cba?????2J' is not a variable ('x')",
      },
    })
  })

  it('exact messages: the quoted piece shows where the control characters were', async () => {
    const csv = await cli(['eval', 'x', '--points', 'f'], { files: { f: `x,${PAYLOADS.osc52}\n` } })
    expect(csv.stderr).toBe(
      "error: --points: line 1: column '?]52;c;aGk=?' is not a variable of the expression (x) (column 3)\n" +
        '  x,?]52;c;aGk=?\n    ^^^^^^^^^^^^\n',
    )
    const at = await cli(['eval', 'x', '--at', `${PAYLOADS.csi}=1`])
    expect(at.stderr).toBe(
      "error: --at: '?[2J?[H' is not a variable name (column 1)\n  ?[2J?[H=1\n  ^^^^^^^\n",
    )
    const choice = await cli(['eval', 'x', '--backend', PAYLOADS.title])
    expect(choice.stderr).toBe(
      "error: option '--backend <name>' argument '?]0;pwned?\\' is invalid. Allowed choices are wasm, js.\n",
    )
  })

  it('Korean messages keep their script (only control and bidi characters are replaced)', async () => {
    const r = await cli(['grad', 'x^2 + * 3', '--at', 'x=2', '--lang', 'ko'])
    expect(r.stderr.split('\n')[0]).toBe('오류: 여기에 올 수 없는 기호입니다. (7번째 열)')
  })
})
