// The real binary in a child process: stdin, exit codes and colour as a user
// sees them. It runs the build (turbo builds before it tests; by hand:
// `pnpm --filter @chainrule/cli build`). Node's start-up on a loaded machine
// can take seconds, so every test here has a generous explicit timeout and
// asserts only outputs and exit codes, never how long anything took.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { BIN, DIST, run, SPAWN_TIMEOUT } from './test/bin.js'

describe('the chainrule binary', { timeout: SPAWN_TIMEOUT }, () => {
  it('ends quietly with exit 0 when its reader closes the pipe early (… | head)', async () => {
    // Large output, and the reader goes away after the first chunk.
    const child = spawn(process.execPath, [
      BIN,
      'explain',
      Array(400).fill('sin(x)').join(' + '),
      '--at',
      'x=1',
    ])
    let stderr = ''
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.stdout.once('data', () => child.stdout.destroy())
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(stderr).toBe('')
    expect(code).toBe(0)
  })

  it('is built', () => {
    expect(existsSync(DIST), 'run `pnpm --filter @chainrule/cli build` first').toBe(true)
  })

  it('grad "x^2 + x" --at x=2 → 5, exit 0', async () => {
    expect(await run(['grad', 'x^2 + x', '--at', 'x=2'])).toEqual({
      code: 0,
      stdout: 'at     x = 2\nf      6\ndf/dx  5\n',
      stderr: '',
    })
  })

  it('reads the expression from stdin with -', async () => {
    const r = await run(['grad', '-', '--at', 'x=3,y=4', '--json'], { input: 'x*y + x^3 - log(y)\n' })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ variables: ['x', 'y'], gradient: [31, 2.75] })
  })

  it('exit 1 for a non-finite result, with the warning on stderr', async () => {
    const r = await run(['eval', 'log(x)', '--at', 'x=0'])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('at  x = 0\nf   -Infinity\n')
    expect(r.stderr).toBe(
      'warning: f is not finite: it starts at log (column 1) in the forward sweep\n  log(x)\n  ^^^^^^\n',
    )
  })

  it('exit 2 for an expression error: one message, a caret, no stack; --json puts only the error on stdout', async () => {
    expect(await run(['grad', 'sin(x', '--at', 'x=1'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: the '(' of sin is never closed (column 1)\n  sin(x\n  ^^^^\n",
    })
    const j = await run(['grad', 'sin(x', '--at', 'x=1', '--json'])
    expect(j.code).toBe(2)
    expect(JSON.parse(j.stdout)).toEqual({
      error: {
        code: 'unclosed-paren',
        message: "the '(' of sin is never closed",
        field: 'expression',
        start: 0,
        end: 4,
      },
    })
  })

  it('exit 2 for a usage error from commander', async () => {
    const r = await run(['grad'])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe("error: missing required argument 'expr'\n")
  })

  it('colour only when forced, and NO_COLOR wins', async () => {
    const plain = await run(['grad', 'x^2', '--at', 'x=1'])
    expect(plain.stdout).not.toContain('\x1b[')
    const forced = await run(['grad', 'x^2', '--at', 'x=1'], { env: { FORCE_COLOR: '1' } })
    expect(forced.stdout).toBe(
      '\x1b[2mat   \x1b[22m  x = 1\n\x1b[2mf    \x1b[22m  1\n\x1b[2mdf/dx\x1b[22m  2\n',
    )
    const refused = await run(['grad', 'x^2', '--at', 'x=1'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })
    expect(refused.stdout).toBe(plain.stdout)
  })

  it('an endless stdin (cat /dev/zero | chainrule eval -) is refused at the length limit, exit 2', async () => {
    // With a 32 MB heap: reading the whole of an endless stdin would die of OOM instead.
    const r = await run([], { shell: 'cat /dev/zero | "$NODE" --max-old-space-size=32 "$BIN" eval -' })
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: the expression on stdin is longer than 4096 characters (the length limit); reading stopped there\n',
    })
  })

  it('escape sequences and bidi overrides in input never reach the terminal', async () => {
    // OSC 52 (write the clipboard) in a header cell, from stdin; a CSI clear screen in an option's value.
    const csv = await run(['eval', 'x', '--points', '-'], { input: 'x,\x1b]52;c;aGk=\x07\u202e\n1,2\n' })
    expect(csv).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "error: --points: line 1: column '?]52;c;aGk=??' is not a variable of the expression (x) (column 3)\n" +
        '  x,?]52;c;aGk=??\n    ^^^^^^^^^^^^^\n',
    })
    const option = await run(['eval', 'x', '--backend', '\x1b[2J\x9b2J'])
    expect(option.code).toBe(2)
    expect(option.stderr).toBe(
      "error: option '--backend <name>' argument '?[2J?2J' is invalid. Allowed choices are wasm, js.\n",
    )
  })
})
