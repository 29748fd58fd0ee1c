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

// Every local derivative by its rule, then its number; negative factors bracketed.
const RULES_EN = `at  x = 1, y = 2

Graph (each use of a variable is a leaf of its own)
                   value    adjoint
  A = x                1  -0.832294
  B = y                2  -0.416147
  C = A · B            2  -0.416147
  D = sin(C)    0.909297          1
  E = x                1         -1
  F = D − E   -0.0907026          1

Reverse sweep
  1. Start at the output: dF/dF = 1.
  2. dF/dD = dF/dF · ∂F/∂D = 1 × 1 = 1. F = D − E, so ∂F/∂D = 1.
  3. dF/dE = dF/dF · ∂F/∂E = 1 × (-1) = -1. F = D − E, so ∂F/∂E = −1.
  4. dF/dC = dF/dD · ∂D/∂C = 1 × (-0.416147) = -0.416147. D = sin(C), so ∂D/∂C = cos(C) = cos(2) = -0.416147.
  5. dF/dA = dF/dC · ∂C/∂A = -0.416147 × 2 = -0.832294. C = A · B, so ∂C/∂A = B = 2.
  6. dF/dB = dF/dC · ∂C/∂B = -0.416147 × 1 = -0.416147. C = A · B, so ∂C/∂B = A = 1.

Derivatives
  x is used at A and E, so its derivative is the sum of their adjoints: ∂f/∂x = dF/dA + dF/dE = -0.832294 + (-1) = -1.83229.
  y is used once, at B: ∂f/∂y = dF/dB = -0.416147.
`

const RULES_KO = `위치  x = 1, y = 2

계산 그래프 (변수를 쓸 때마다 잎 노드가 하나씩)
                      값     수반값
  A = x                1  -0.832294
  B = y                2  -0.416147
  C = A · B            2  -0.416147
  D = sin(C)    0.909297          1
  E = x                1         -1
  F = D − E   -0.0907026          1

역방향 전파
  1. 출력에서 시작합니다: dF/dF = 1.
  2. dF/dD = dF/dF · ∂F/∂D = 1 × 1 = 1. F = D − E 이므로 ∂F/∂D = 1 입니다.
  3. dF/dE = dF/dF · ∂F/∂E = 1 × (-1) = -1. F = D − E 이므로 ∂F/∂E = −1 입니다.
  4. dF/dC = dF/dD · ∂D/∂C = 1 × (-0.416147) = -0.416147. D = sin(C) 이므로 ∂D/∂C = cos(C) = cos(2) = -0.416147 입니다.
  5. dF/dA = dF/dC · ∂C/∂A = -0.416147 × 2 = -0.832294. C = A · B 이므로 ∂C/∂A = B = 2 입니다.
  6. dF/dB = dF/dC · ∂C/∂B = -0.416147 × 1 = -0.416147. C = A · B 이므로 ∂C/∂B = A = 1 입니다.

도함수
  x는 A, E에서 쓰였으므로, 그 수반값(adjoint)을 모두 더한 것이 도함수입니다: ∂f/∂x = dF/dA + dF/dE = -0.832294 + (-1) = -1.83229.
  y는 B에서 한 번 쓰였습니다: ∂f/∂y = dF/dB = -0.416147.
`

// Forward mode: one tangent sweep per input, as dual numbers; for x*x + x at 2, ḟ = 5.
const FORWARD_EN = `at  x = 2

Graph (each use of a variable is a leaf of its own)
             value  tangent
  A = x          2        1
  B = x          2        1
  C = A · B      4        4
  D = x          2        1
  E = C + D      6        5

Forward sweep for x (tangents, as dual numbers)
  Seed ẋ = 1 (every other input's tangent 0), then carry each node's tangent up with its local derivatives, as dual numbers do.
  1. Ȧ = ẋ = 1
  2. Ḃ = ẋ = 1
  3. Ċ = Ȧ·B + A·Ḃ = 1·2 + 2·1 = 4
  4. Ḋ = ẋ = 1
  5. Ė = Ċ + Ḋ = 4 + 1 = 5
  The output's tangent is ∂f/∂x at (2): Ė = 5.

Sweeps for the whole gradient
  With one input both modes need 1 sweep: reverse mode finds the derivative in 1 backward sweep, forward mode in 1 forward sweep. With n inputs reverse still needs 1 sweep for the whole gradient, forward n.
`

const FORWARD_KO = `위치  x = 2

계산 그래프 (변수를 쓸 때마다 잎 노드가 하나씩)
             값  접선값
  A = x       2       1
  B = x       2       1
  C = A · B   4       4
  D = x       2       1
  E = C + D   6       5

x에 대한 순방향 전파 (접선값, 이중수)
  ẋ = 1로 시작하고(다른 입력의 접선값은 0), 이중수(dual number)처럼 각 노드의 접선값을 국소 도함수와 함께 위로 전달합니다.
  1. Ȧ = ẋ = 1
  2. Ḃ = ẋ = 1
  3. Ċ = Ȧ·B + A·Ḃ = 1·2 + 2·1 = 4
  4. Ḋ = ẋ = 1
  5. Ė = Ċ + Ḋ = 4 + 1 = 5
  출력의 접선값이 (2)에서의 ∂f/∂x입니다: Ė = 5.

기울기 전체에 필요한 전파 횟수
  입력이 하나이면 두 모드 모두 1번 전파합니다: 역방향 모드는 역방향 전파 1번, 순방향 모드는 순방향 전파 1번으로 도함수를 구합니다. 입력이 n개이면 역방향은 여전히 1번으로 기울기 전체를, 순방향은 n번이 필요합니다.
`

// Two inputs: two forward sweeps, where reverse needs one.
const FORWARD2_EN = `at  x = 1, y = 2

Graph (each use of a variable is a leaf of its own)
                   value  tangent x  tangent y
  A = x                1          1          0
  B = y                2          0          1
  C = A · B            2          2          1
  D = sin(C)    0.909297  -0.832294  -0.416147
  E = x                1          1          0
  F = D − E   -0.0907026   -1.83229  -0.416147

Forward sweep for x (tangents, as dual numbers)
  Seed ẋ = 1 (every other input's tangent 0), then carry each node's tangent up with its local derivatives, as dual numbers do.
  1. Ȧ = ẋ = 1
  2. Ḃ = ẏ = 0
  3. Ċ = Ȧ·B + A·Ḃ = 1·2 + 1·0 = 2
  4. Ḋ = cos(C)·Ċ = cos(2)·2 = -0.832294
  5. Ė = ẋ = 1
  6. Ḟ = Ḋ − Ė = (-0.832294) − 1 = -1.83229
  The output's tangent is ∂f/∂x at (1, 2): Ḟ = -1.83229.

Forward sweep for y (tangents, as dual numbers)
  Seed ẏ = 1 (every other input's tangent 0), then carry each node's tangent up with its local derivatives, as dual numbers do.
  1. Ȧ = ẋ = 0
  2. Ḃ = ẏ = 1
  3. Ċ = Ȧ·B + A·Ḃ = 0·2 + 1·1 = 1
  4. Ḋ = cos(C)·Ċ = cos(2)·1 = -0.416147
  5. Ė = ẋ = 0
  6. Ḟ = Ḋ − Ė = (-0.416147) − 0 = -0.416147
  The output's tangent is ∂f/∂y at (1, 2): Ḟ = -0.416147.

Sweeps for the whole gradient
  Reverse mode finds all 2 partial derivatives of one output in 1 backward sweep; forward mode needs one sweep per input, 2 in all. With many outputs and few inputs it is the other way round: forward needs one sweep per input, reverse one per output.
`

const FORWARD2_KO = `위치  x = 1, y = 2

계산 그래프 (변수를 쓸 때마다 잎 노드가 하나씩)
                      값   접선값 x   접선값 y
  A = x                1          1          0
  B = y                2          0          1
  C = A · B            2          2          1
  D = sin(C)    0.909297  -0.832294  -0.416147
  E = x                1          1          0
  F = D − E   -0.0907026   -1.83229  -0.416147

x에 대한 순방향 전파 (접선값, 이중수)
  ẋ = 1로 시작하고(다른 입력의 접선값은 0), 이중수(dual number)처럼 각 노드의 접선값을 국소 도함수와 함께 위로 전달합니다.
  1. Ȧ = ẋ = 1
  2. Ḃ = ẏ = 0
  3. Ċ = Ȧ·B + A·Ḃ = 1·2 + 1·0 = 2
  4. Ḋ = cos(C)·Ċ = cos(2)·2 = -0.832294
  5. Ė = ẋ = 1
  6. Ḟ = Ḋ − Ė = (-0.832294) − 1 = -1.83229
  출력의 접선값이 (1, 2)에서의 ∂f/∂x입니다: Ḟ = -1.83229.

y에 대한 순방향 전파 (접선값, 이중수)
  ẏ = 1로 시작하고(다른 입력의 접선값은 0), 이중수(dual number)처럼 각 노드의 접선값을 국소 도함수와 함께 위로 전달합니다.
  1. Ȧ = ẋ = 0
  2. Ḃ = ẏ = 1
  3. Ċ = Ȧ·B + A·Ḃ = 0·2 + 1·1 = 1
  4. Ḋ = cos(C)·Ċ = cos(2)·1 = -0.416147
  5. Ė = ẋ = 0
  6. Ḟ = Ḋ − Ė = (-0.416147) − 0 = -0.416147
  출력의 접선값이 (1, 2)에서의 ∂f/∂y입니다: Ḟ = -0.416147.

기울기 전체에 필요한 전파 횟수
  역방향 모드는 출력 하나의 편도함수 2개를 역방향 전파 1번으로 모두 구합니다. 순방향 모드는 입력마다 한 번씩, 모두 2번 전파해야 합니다. 출력이 많고 입력이 적으면 반대입니다: 순방향은 입력마다, 역방향은 출력마다 한 번씩입니다.
`

describe('chainrule explain', () => {
  it.each([
    ['rules, English', ['explain', 'sin(x*y) - x', '--at', 'x=1,y=2'], RULES_EN],
    ['rules, Korean', ['explain', 'sin(x*y) - x', '--at', 'x=1,y=2', '--lang', 'ko'], RULES_KO],
    ['forward mode, English', ['explain', 'x*x + x', '--at', 'x=2', '--mode', 'forward'], FORWARD_EN],
    [
      'forward mode, Korean',
      ['explain', 'x*x + x', '--at', 'x=2', '--mode', 'forward', '--lang', 'ko'],
      FORWARD_KO,
    ],
    [
      'forward mode, two inputs, English',
      ['explain', 'sin(x*y) - x', '--at', 'x=1,y=2', '--mode', 'forward'],
      FORWARD2_EN,
    ],
    [
      'forward mode, two inputs, Korean',
      ['explain', 'sin(x*y) - x', '--at', 'x=1,y=2', '--mode', 'forward', '--lang', 'ko'],
      FORWARD2_KO,
    ],
  ])('golden: %s', async (_, args, stdout) => {
    expect(await cli(args as string[])).toEqual({ code: 0, stdout, stderr: '' })
  })

  it('--mode forward --json carries the sweeps', async () => {
    const j = json(await cli(['explain', 'x*x + x', '--at', 'x=2', '--mode', 'forward', '--json']))
    expect(j.mode).toBe('forward')
    expect((j.forward as { value: number }[])[0].value).toBe(5)
    expect(j.sweeps).toMatchObject({ reverse: 1, forward: 1 })
  })

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

  it('grad and eval say e is Euler’s number, and --at e=… says how to name a variable', async () => {
    const g = await cli(['grad', 'a*e', '--at', 'a=1'])
    expect(g.code).toBe(0)
    expect(g.stderr).toBe(
      "note: e is read as Euler's number, 2.71828; a variable needs another name, such as E or e1 (names are case-sensitive).\n",
    )
    expect((await cli(['eval', 'a*e', '--at', 'a=1', '--lang', 'ko'])).stderr).toContain('오일러 수')
    expect((await cli(['eval', 'exp(a)', '--at', 'a=1'])).stderr).toBe('')
    expect((await cli(['grad', 'a*e', '--at', 'a=1', '--json'])).stderr).toBe('')
    const at = await cli(['grad', 'a+b+e+g', '--at', 'a=1,b=1,e=1,g=1'])
    expect(at.code).toBe(2)
    expect(at.stderr).toContain(
      "e is not a variable of the expression (a, b, g); e is read as Euler's number",
    )
    expect(at.stderr).toContain('such as E or e1')
    const ko = await cli(['grad', 'a+e', '--at', 'a=1,e=1', '--lang', 'ko'])
    expect(ko.stderr).toContain('E나 e1')
  })

  it('names what is not finite and why: f = 4 but ∂f/∂y is NaN at x^y with x < 0', async () => {
    const r = await cli(['explain', 'x^y', '--at', 'x=-0.5,y=-2'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('∂f/∂y is not finite')
    expect(r.stderr).not.toMatch(/^warning: f is not finite/m)
    expect(r.stdout).toContain('∂C/∂B = A^B · ln(A), undefined here = NaN.')
    expect(r.stdout).toContain('At A = -0.5, B = -2, ∂C/∂B = A^B · ln(A) is outside its domain')
    const log = await cli(['explain', 'log(x)', '--at', 'x=-1'])
    expect(log.stdout).toContain('∂B/∂A = 1/A, undefined here (outside the domain of log) = NaN.')
    expect(log.stderr).toContain('f is not finite')
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
