import { describe, expect, it } from 'vitest'
import { cli, json } from '../test/cli.js'

// docs/ARCHITECTURE.md §1: x*x + x at 2 is A = x, B = x, C = A·B, D = x, E = C + D, and f′(2) = 2 + 2 + 1 = 5.
const ENGLISH = `at  x = 2

Graph (each use of a variable is a leaf of its own)
             value  adjoint
  A = x          2        2
  B = x          2        2
  C = A · B      4        1
  D = x          2        1
  E = C + D      6        1

Reverse sweep
  1. Start at the output: dE/dE = 1.
  2. dE/dC = dE/dE · ∂E/∂C = 1 × 1 = 1. E = C + D, so ∂E/∂C = 1.
  3. dE/dD = dE/dE · ∂E/∂D = 1 × 1 = 1. E = C + D, so ∂E/∂D = 1.
  4. dE/dA = dE/dC · ∂C/∂A = 1 × 2 = 2. C = A · B, so ∂C/∂A = B = 2.
  5. dE/dB = dE/dC · ∂C/∂B = 1 × 2 = 2. C = A · B, so ∂C/∂B = A = 2.

Derivatives
  x is used at A, B and D, so its derivative is the sum of their adjoints: f′(2) = dE/dA + dE/dB + dE/dD = 2 + 2 + 1 = 5.
`

// Hangul takes two columns in a terminal; the table is aligned by display width.
const KOREAN = `위치  x = 2

계산 그래프 (변수를 쓸 때마다 잎 노드가 하나씩)
             값  수반값
  A = x       2       2
  B = x       2       2
  C = A · B   4       1
  D = x       2       1
  E = C + D   6       1

역방향 전파
  1. 출력에서 시작합니다: dE/dE = 1.
  2. dE/dC = dE/dE · ∂E/∂C = 1 × 1 = 1. E = C + D 이므로 ∂E/∂C = 1 입니다.
  3. dE/dD = dE/dE · ∂E/∂D = 1 × 1 = 1. E = C + D 이므로 ∂E/∂D = 1 입니다.
  4. dE/dA = dE/dC · ∂C/∂A = 1 × 2 = 2. C = A · B 이므로 ∂C/∂A = B = 2 입니다.
  5. dE/dB = dE/dC · ∂C/∂B = 1 × 2 = 2. C = A · B 이므로 ∂C/∂B = A = 2 입니다.

도함수
  x는 A, B, D에서 쓰였으므로, 그 수반값(adjoint)을 모두 더한 것이 도함수입니다: f′(2) = dE/dA + dE/dB + dE/dD = 2 + 2 + 1 = 5.
`

describe('chainrule explain', () => {
  it('says how names were read: e as Euler’s number, xy as one variable (with x*y for the product)', async () => {
    const r = await cli(['explain', 'a*e', '--at', 'a=1'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(
      "Notes\n  e is read as Euler's number, 2.71828; a variable needs another name, such as E or e1",
    )
    const ko = await cli(['explain', 'xy', '--at', 'xy=1', '--lang', 'ko'])
    expect(ko.stdout).toContain('xy는 곱이 아니라 이름이 xy인 변수 하나입니다. 곱은 x*y로 쓰세요.')
    const stray = await cli(['grad', 'xy', '--at', 'x=1'])
    expect(stray.code).toBe(2)
    expect(stray.stderr).toContain(
      'x is not a variable of the expression (xy); xy is one variable named xy, not a product: for the product write x*y',
    )
    const f = await cli(['grad', 'f*y', '--at', 'f=2,y=3'])
    expect(f.stdout).not.toContain('∂f/∂f')
    expect(f.stdout).toContain('∂g/∂f')
  })

  it('(x-3)^2 at 1: constants get no adjoint and no step, and the run exits 0 with f = 4, f′ = −4', async () => {
    const r = await cli(['explain', '(x-3)^2', '--at', 'x=1'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('f′(1) = dE/dA = -4')
    expect(r.stdout).not.toContain('NaN')
    const j = json(await cli(['explain', '(x-3)^2', '--at', 'x=1', '--json']))
    expect(j.value).toBe(4)
    expect((j.nodes as { adjoint?: number }[]).filter((n) => n.adjoint === undefined)).toHaveLength(2)
    const g = await cli(['graph', '(x-3)^2', '--at', 'x=1'])
    expect(g.code).toBe(0)
    expect(g.stdout).not.toContain('NaN')
  })

  it('x*x + x at 2 in English: the origin text’s walkthrough', async () => {
    expect(await cli(['explain', 'x*x + x', '--at', 'x=2'])).toEqual({ code: 0, stdout: ENGLISH, stderr: '' })
  })

  it('the same in Korean with --lang ko', async () => {
    expect(await cli(['explain', 'x*x + x', '--at', 'x=2', '--lang', 'ko'])).toEqual({
      code: 0,
      stdout: KOREAN,
      stderr: '',
    })
  })

  it('--json: nodes, steps and the summed derivatives', async () => {
    const r = json(
      await cli(['explain', 'x*x + x', '--at', 'x=2', '--json', '--lang', 'ko', '--backend', 'js']),
    )
    expect(r).toMatchObject({
      command: 'explain',
      backend: 'js',
      lang: 'ko',
      variables: ['x'],
      at: { x: 2 },
      value: 6,
    })
    expect(r.nodes).toEqual([
      { label: 'A', formula: 'A = x', value: 2, adjoint: 2 },
      { label: 'B', formula: 'B = x', value: 2, adjoint: 2 },
      { label: 'C', formula: 'C = A · B', value: 4, adjoint: 1 },
      { label: 'D', formula: 'D = x', value: 2, adjoint: 1 },
      { label: 'E', formula: 'E = C + D', value: 6, adjoint: 1 },
    ])
    const steps = r.steps as { label: string; local: number; adjoint: number; text: string }[]
    expect(steps.map((s) => [s.label, s.local, s.adjoint])).toEqual([
      ['E', 1, 1],
      ['C', 1, 1],
      ['D', 1, 1],
      ['A', 2, 2],
      ['B', 2, 2],
    ])
    expect(steps[0].text).toBe('출력에서 시작합니다: dE/dE = 1.')
    expect(r.derivatives).toMatchObject([{ variable: 'x', leaves: ['A', 'B', 'D'], value: 5 }])
  })

  it('two variables: each sums its own leaves, and the sums are the gradient', async () => {
    const r = json(await cli(['explain', 'x*y + x^3 - log(y)', '--at', 'x=3,y=4', '--json']))
    expect(
      (r.derivatives as { variable: string; value: number }[]).map((d) => [d.variable, d.value]),
    ).toEqual([
      ['x', 31],
      ['y', 2.75],
    ])
  })
})
