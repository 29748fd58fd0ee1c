import { describe, expect, it } from 'vitest'
import { cli, json } from '../test/cli.js'

const ROSENBROCK = '(1-x)^2 + 100(y-x^2)^2'

describe('chainrule minimize', () => {
  it('Rosenbrock from (-1.2, 1) with L-BFGS: minimiser, value, iterations, status', async () => {
    const r = await cli([
      'minimize',
      ROSENBROCK,
      '--from',
      'x=-1.2,y=1',
      '--method',
      'lbfgs',
      '--backend',
      'js',
    ])
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'method      lbfgs',
        'minimiser   x = 1.00000000002, y = 1.00000000004',
        'f           5.06122167415e-22',
        '|∇f|        4.11e-10',
        'iterations  46 (56 gradient evaluations)',
        'status      converged',
        '',
      ].join('\n'),
    })
  })

  it('adam converges by default; a run ending at --max-iter hints to raise it, in both languages', async () => {
    const q = await cli(['minimize', 'x*x + x', '--from', 'x=2', '--method', 'adam'])
    expect(q.stdout).toMatch(/status\s+converged/)
    expect(q.stderr).toBe('')
    const r = await cli(['minimize', '(1-x)^2 + 100*(y-x^2)^2', '--from', 'x=-1.2,y=1', '--method', 'adam'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe(
      'hint: the run reached its iteration limit before converging; raise --max-iter (limit 10000)\n',
    )
    const ko = await cli([
      'minimize',
      'x*x + x',
      '--from',
      'x=2',
      '--method',
      'adam',
      '--max-iter',
      '5',
      '--lang',
      'ko',
    ])
    expect(ko.stderr).toContain('--max-iter를 늘려 보세요(한도 10000)')
    const json = await cli([
      'minimize',
      'x*x + x',
      '--from',
      'x=2',
      '--method',
      'adam',
      '--max-iter',
      '5',
      '--json',
    ])
    expect(json.stderr).toBe('')
  })

  it('--json: the point as an object, status and counts', async () => {
    const r = json(await cli(['minimize', ROSENBROCK, '--from', 'x=-1.2,y=1', '--json']))
    expect(r).toMatchObject({
      command: 'minimize',
      variables: ['x', 'y'],
      from: { x: -1.2, y: 1 },
      method: 'lbfgs',
      status: 'converged',
      converged: true,
    })
    const x = r.x as { x: number; y: number }
    expect(Math.abs(x.x - 1)).toBeLessThan(1e-8)
    expect(Math.abs(x.y - 1)).toBeLessThan(1e-8)
    expect(r.value as number).toBeLessThan(1e-10)
  })

  it('adam with --lr and --max-iter stops at the limit and says so', async () => {
    const r = json(
      await cli([
        'minimize',
        ROSENBROCK,
        '--from',
        'x=-1.2,y=1',
        '--method',
        'adam',
        '--lr',
        '0.02',
        '--max-iter',
        '50',
        '--json',
      ]),
    )
    expect(r).toMatchObject({
      method: 'adam',
      iterations: 50,
      evaluations: 51,
      status: 'max-iterations',
      converged: false,
    })
  })

  it('on a terminal, a progress line on stderr with iteration, value and gradient norm, cleared at the end', async () => {
    const r = await cli(
      ['minimize', 'x^2', '--from', 'x=1', '--method', 'gd', '--lr', '0.1', '--max-iter', '100'],
      {
        stderrTty: true,
      },
    )
    expect(r.code).toBe(0)
    const frames = r.stderr.split('\r').filter((f) => f !== '')
    expect(frames[0]).toBe('iteration 1  f = 0.64  |∇f| = 1.6\x1b[K')
    expect(frames.length).toBeGreaterThan(1)
    expect(frames.at(-1)).toBe('\x1b[K')
    expect(r.stdout).toContain('iterations  86 (87 gradient evaluations)\nstatus      converged\n')
  })

  it('off a terminal there is no progress line', async () => {
    const r = await cli([
      'minimize',
      'x^2',
      '--from',
      'x=1',
      '--method',
      'gd',
      '--lr',
      '0.1',
      '--max-iter',
      '100',
    ])
    expect(r.stderr).toBe('')
  })

  it('a diverging run exits 1 and reports the last finite point', async () => {
    const r = await cli([
      'minimize',
      'x^2',
      '--from',
      'x=1',
      '--method',
      'gd',
      '--lr',
      '2',
      '--max-iter',
      '2000',
      '--json',
    ])
    expect(r.code).toBe(1)
    const j = json(r)
    expect(j.status).toBe('diverged')
    expect(Number.isFinite((j.x as { x: number }).x)).toBe(true)
  })

  it('Rosenbrock from (−1.2, 1) with gd and momentum at their defaults does not diverge', async () => {
    for (const method of ['gd', 'momentum']) {
      const r = await cli([
        'minimize',
        '(1-x)^2 + 100(y-x^2)^2',
        '--from',
        'x=-1.2,y=1',
        '--method',
        method,
        '--json',
      ])
      expect(r.code, method).toBe(0)
      const j = json(r)
      expect(j.status, method).toBe('max-iterations')
      expect(j.value as number, method).toBeLessThan(0.02)
    }
  })

  it('a run that diverges says so with a hint, and calls its point the last finite one (en, ko)', async () => {
    const args = [
      'minimize',
      '(1-x)^2 + 100(y-x^2)^2',
      '--from',
      'x=-1.2,y=1',
      '--method',
      'gd',
      '--lr',
      '0.01',
    ]
    const r = await cli(args)
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('last finite point')
    expect(r.stdout).not.toContain('minimiser')
    expect(r.stderr).toContain('try a smaller --lr (this run used 0.01)')
    const ko = await cli([...args, '--lang', 'ko'])
    expect(ko.stdout).toContain('마지막 유한한 점')
    expect(ko.stderr).toContain('더 작은 --lr')
  })

  it('an unbounded function is never converged: x*y + x^3 - log(y) from (3, 4) diverges, exit 1', async () => {
    const r = await cli([
      'minimize',
      'x*y + x^3 - log(y)',
      '--from',
      'x=3,y=4',
      '--method',
      'lbfgs',
      '--json',
    ])
    expect(r.code).toBe(1)
    const j = json(r)
    expect(j.status).toBe('diverged')
    expect(j.converged).toBe(false)
    expect(Number.isFinite((j.x as { x: number }).x)).toBe(true)
  })

  it('a line search that cannot descend says so and exits 1 (√|x| has no finite slope at its minimum)', async () => {
    const r = await cli(['minimize', 'abs(x)^0.5', '--from', 'x=0.3', '--method', 'lbfgs'])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/line-search-failed/)
    expect(r.stderr).toContain('the line search found no step that lowers f enough')
  })

  const usage: [string[], string][] = [
    [
      ['minimize', 'x^2', '--from', 'x=1', '--lr', '-1'],
      "error: --lr: expected a positive number, got '-1'\n",
    ],
    [
      ['minimize', 'x^2', '--from', 'x=1', '--max-iter', '1.5'],
      "error: --max-iter: expected a whole number ≥ 0, got '1.5'\n",
    ],
    [
      ['minimize', 'x^2', '--from', 'x=1', '--max-iter', '10001'],
      'error: --max-iter 10001: the limit is 10000\n',
    ],
    [['minimize', 'x^2'], 'error: --from is required: give a value for x\n'],
  ]
  for (const [argv, stderr] of usage) {
    it(`usage: ${argv.join(' ')}`, async () => {
      expect(await cli(argv)).toEqual({ code: 2, stdout: '', stderr })
    })
  }
})
