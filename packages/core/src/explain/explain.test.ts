import { describe, expect, it } from 'vitest'
import { add, compile, explain, mul, toJSON, trace } from '../index.js'
import type { Var } from '../var.js'
import { derivativeName } from './format.js'
import { withRo } from './messages.js'
import { letters } from './unfold.js'

// The origin text's add(mul(x, x), x).
const f = (x: Var) => add(mul(x, x), x)

describe('explain', () => {
  it('reproduces the origin text walkthrough of x*x + x at 2 exactly', () => {
    const e = explain(f, [2])
    expect(e.nodes.map((n) => n.formula)).toEqual(['A = x', 'B = x', 'C = A · B', 'D = x', 'E = C + D'])
    expect(e.nodes.map((n) => n.value)).toEqual([2, 2, 4, 2, 6])
    expect(e.steps.map((s) => [s.label, s.adjoint])).toEqual([
      ['E', 1],
      ['C', 1],
      ['D', 1],
      ['A', 2],
      ['B', 2],
    ])
    expect(e.steps.map((s) => s.text)).toEqual([
      'Start at the output: dE/dE = 1.',
      'dE/dC = dE/dE · ∂E/∂C = 1 × 1 = 1. E = C + D, so ∂E/∂C = 1.',
      'dE/dD = dE/dE · ∂E/∂D = 1 × 1 = 1. E = C + D, so ∂E/∂D = 1.',
      'dE/dA = dE/dC · ∂C/∂A = 1 × 2 = 2. C = A · B, so ∂C/∂A = B = 2.',
      'dE/dB = dE/dC · ∂C/∂B = 1 × 2 = 2. C = A · B, so ∂C/∂B = A = 2.',
    ])
    expect(e.derivatives).toHaveLength(1)
    expect(e.derivatives[0]).toMatchObject({ variable: 'x', leaves: ['A', 'B', 'D'], value: 5 })
    expect(e.derivatives[0].text).toContain('f′(2) = dE/dA + dE/dB + dE/dD = 2 + 2 + 1 = 5')
    expect(e.steps[1].latex).toBe(
      '\\frac{\\partial E}{\\partial C} = \\frac{\\partial E}{\\partial E} \\cdot \\frac{\\partial E}{\\partial C} = 1 \\times 1 = 1',
    )
  })

  it('gives the same walkthrough for the compiled expressions x*x + x and add(mul(x, x), x)', () => {
    const traced = explain(f, [2])
    for (const text of ['x*x + x', 'add(mul(x, x), x)']) {
      const e = explain(compile(text), [2])
      expect(e.steps.map((s) => s.text)).toEqual(traced.steps.map((s) => s.text))
      expect(e.derivatives[0].text).toBe(traced.derivatives[0].text)
      expect(e.nodes.map((n) => n.formula)).toEqual(['A = x', 'B = x', 'C = A · B', 'D = x', 'E = C + D'])
    }
  })

  it('shows each local partial by its rule, then its number, negative factors bracketed', () => {
    const e = explain(compile('sin(x*x)'), [Math.SQRT2])
    expect(e.steps[1].text).toBe(
      'dD/dC = dD/dD · ∂D/∂C = 1 × (-0.416147) = -0.416147. D = sin(C), so ∂D/∂C = cos(C) = cos(2) = -0.416147.',
    )
    expect(e.steps[1].terms[0]).toMatchObject({
      rule: '∂D/∂C = cos(C) = cos(2) = -0.416147',
      ruleLatex:
        '\\frac{\\partial D}{\\partial C} = \\cos\\left(C\\right) = \\cos\\left(2\\right) = -0.416147',
    })
    expect(e.steps[1].latex).toContain('1 \\times \\left(-0.416147\\right)')
    const p = explain(compile('(x-3)^2'), [1])
    expect(p.steps[1].terms[0].rule).toBe('∂E/∂C = D · C^(D − 1) = 2 · (-2)^(2 − 1) = -4')
    const k = explain(compile('x*x + x'), [2], { lang: 'ko' })
    expect(k.steps[3].text).toBe('dE/dA = dE/dC · ∂C/∂A = 1 × 2 = 2. C = A · B 이므로 ∂C/∂A = B = 2 입니다.')
  })

  it('says where a kink pins the derivative and where a point is outside a domain, in both languages', () => {
    for (const text of ['relu(x)', 'abs(x)']) {
      const e = explain(compile(text), [0])
      expect(e.notes).toHaveLength(1)
      expect(e.notes[0]).toMatchObject({ kind: 'kink', label: 'B', op: text.slice(0, text.indexOf('(')) })
      expect(e.notes[0].text).toContain('pins ∂B/∂A = 0 there by convention')
      expect(e.steps[1].notes).toEqual(e.notes)
      expect(e.steps[1].text).toContain('has a kink')
      expect(explain(compile(text), [0], { lang: 'ko' }).notes[0].text).toContain('관례에 따라')
    }
    expect(explain(compile('relu(x)'), [1]).notes).toEqual([])
    const log = explain(compile('log(x)'), [-1])
    expect(log.notes).toEqual([
      {
        kind: 'domain',
        label: 'B',
        node: 1,
        op: 'log',
        text: 'log(-1) is outside the domain of log, so B is NaN, and so is everything computed from it.',
      },
    ])
    expect(explain(compile('log(x)'), [-1], { lang: 'ko' }).notes[0].text).toContain('정의역 밖')
    // NaN that only passes through is said once, where it starts.
    expect(explain(compile('sin(log(x))'), [-1]).notes.map((n) => n.label)).toEqual(['B'])
  })

  it('states min/max’s tie convention in the rule and says a kink once, so the numbers read true', () => {
    const e = explain(compile('max(x, y)'), [1, 1])
    expect(e.steps[1].text).toContain('∂C/∂A = [A > B] + ½[A = B] = [1 > 1] + ½[1 = 1] = 0.5.')
    expect(e.steps[2].text).toContain('∂C/∂B = [B > A] + ½[B = A] = [1 > 1] + ½[1 = 1] = 0.5.')
    expect(e.steps.filter((s) => s.text.includes('has a kink'))).toHaveLength(1)
    expect(e.steps[1].latex).toBeDefined()
    const m = explain(compile('min(x, y)'), [1, 1])
    expect(m.steps[1].text).toContain('∂C/∂A = [A < B] + ½[A = B] = [1 < 1] + ½[1 = 1] = 0.5.')
  })

  it('does not evaluate a rule outside its op’s domain into a false equation, in both languages', () => {
    const e = explain(compile('log(x)'), [-1])
    expect(e.steps[1].text).toContain('∂B/∂A = 1/A, undefined here (outside the domain of log) = NaN.')
    expect(e.steps[1].terms[0].ruleLatex).toBe(
      '\\frac{\\partial B}{\\partial A} = \\frac{1}{A}, \\text{undefined here (outside the domain of log)} = \\text{NaN}',
    )
    const k = explain(compile('log(x)'), [-1], { lang: 'ko' })
    expect(k.steps[1].text).toContain('∂B/∂A = 1/A, 여기서는 정의되지 않음(log의 정의역 밖) = NaN')
    // A NaN operand only passes through: its substituted rule still reads true.
    expect(explain(compile('sin(log(x))'), [-1]).steps[1].text).toContain('= cos(NaN) = NaN')
  })

  it('says where a partial’s rule leaves its domain though the value is a number (x^y at x < 0)', () => {
    const e = explain(compile('x^y'), [-0.5, -2])
    expect(e.value).toBe(4)
    expect(e.notes).toEqual([expect.objectContaining({ kind: 'domain', label: 'C', operand: 'B' })])
    expect(e.steps[1].notes).toBeUndefined()
    expect(e.steps[2].text).toContain('∂C/∂B = A^B · ln(A), undefined here = NaN.')
    expect(e.steps[2].text).toContain('∂C/∂B = A^B · ln(A) is outside its domain, so ∂C/∂B is NaN')
    expect(explain(compile('x^y'), [-0.5, -2], { lang: 'ko' }).notes[0].text).toContain('정의역 밖')
    // A constant exponent is not differentiated, so its NaN partial (ln of x − 3 < 0) is no note.
    expect(explain(compile('(x-3)^2'), [1]).notes).toEqual([])
  })

  it('picks 로 or 으로 by the word’s last sound, so a kink pinned at 0 reads 0으로', () => {
    expect(['0', '1', '2', '3', '0.5', '-1', '값', '일', 'x*y'].map(withRo)).toEqual([
      '0으로',
      '1로',
      '2로',
      '3으로',
      '0.5로',
      '-1로',
      '값으로',
      '일로',
      'x*y로',
    ])
    expect(explain(compile('relu(x)'), [0], { lang: 'ko' }).notes[0].text).toContain('∂B/∂A = 0으로 정합니다')
  })

  it('says how names were read: e as Euler’s number, xy as one variable; a variable f does not give ∂f/∂f', () => {
    const e = explain(compile('a*e + b'), [1, 2])
    const euler = e.notes.find((n) => n.kind === 'name')!
    expect(euler.text).toBe(
      "e is read as Euler's number, 2.71828; a variable needs another name, such as E or e1 (names are case-sensitive).",
    )
    expect(e.nodes.find((n) => n.label === euler.label)?.formula).toBe(`${euler.label} = 2.71828`)
    expect(explain(compile('a*e'), [1], { lang: 'ko' }).notes[0].text).toContain('오일러 수')
    const xy = explain(compile('xy + xy'), [3])
    expect(xy.notes).toEqual([
      {
        kind: 'name',
        label: 'A',
        node: 0,
        op: 'input',
        text: 'xy is one variable named xy, not a product; for the product write x*y.',
      },
    ])
    expect(explain(compile('xy'), [3], { lang: 'ko' }).notes[0].text).toContain('x*y')
    const f = explain(compile('f*g + x'), [1, 2, 3])
    expect(f.derivatives.map((d) => d.text.match(/∂\w\/∂\w/)?.[0])).toEqual(['∂h/∂f', '∂h/∂g', '∂h/∂x'])
  })

  it('forward mode: the tangent sweep of x*x + x at 2 as dual numbers gives ḟ = 5', () => {
    const e = explain(compile('x*x + x'), [2], { mode: 'forward' })
    expect(e.mode).toBe('forward')
    expect(e.forward).toHaveLength(1)
    const [sweep] = e.forward!
    expect(sweep.steps.map((s) => s.text)).toEqual([
      'Ȧ = ẋ = 1',
      'Ḃ = ẋ = 1',
      'Ċ = Ȧ·B + A·Ḃ = 1·2 + 2·1 = 4',
      'Ḋ = ẋ = 1',
      'Ė = Ċ + Ḋ = 4 + 1 = 5',
    ])
    expect(sweep.steps[2].latex).toBe(
      '\\dot{C} = \\dot{A} \\cdot B + A \\cdot \\dot{B} = 1 \\cdot 2 + 2 \\cdot 1 = 4',
    )
    expect(sweep.value).toBe(5)
    expect(sweep.text).toBe("The output's tangent is ∂f/∂x at (2): Ė = 5.")
    expect(e.sweeps).toMatchObject({ reverse: 1, forward: 1 })
    expect(explain(compile('x*x + x'), [2]).forward).toBeUndefined()
    const ko = explain(compile('x*x + x'), [2], { mode: 'forward', lang: 'ko' })
    expect(ko.forward![0].seed).toContain('이중수(dual number)')
    expect(ko.sweeps.text).toContain('입력이 하나이면')
  })

  it('forward mode: one sweep per input, each equal to the gradient’s component; constants carry no tangent', () => {
    for (const [text, x] of [
      ['sin(x*y) - x', [1, 2]],
      ['x*y + x^3 - log(y)', [3, 4]],
      ['(x-3)^2 + exp(z)/y', [1, 2, 0.5]],
      ['relu(x) + abs(y)', [0, -2]],
    ] as const) {
      const p = compile(text)
      const e = explain(p, x, { mode: 'forward' })
      const { gradient } = p.gradient(x)
      expect(e.forward!.map((f) => f.variable)).toEqual(p.variables)
      e.forward!.forEach((f, j) => {
        expect(f.value).toBeCloseTo(gradient[j], 12)
      })
      expect(e.sweeps).toMatchObject({ reverse: 1, forward: p.variables.length })
      expect(e.sweeps.text).toContain(`${p.variables.length} in all`)
    }
    const sub = explain(compile('sin(x) - x'), [1], { mode: 'forward' }).forward![0]
    expect(sub.steps.at(-1)!.text).toMatch(/^Ḋ = Ḃ − Ċ = /)
  })

  it('speaks Korean', () => {
    const e = explain(f, [2], { lang: 'ko' })
    expect(e.steps[0].text).toBe('출력에서 시작합니다: dE/dE = 1.')
    expect(e.steps[1].text).toBe('dE/dC = dE/dE · ∂E/∂C = 1 × 1 = 1. E = C + D 이므로 ∂E/∂C = 1 입니다.')
    expect(e.derivatives[0].text).toContain('A, B, D')
    expect(e.derivatives[0].text).toContain('= 5')
  })

  it('labels constants but gives them no derivative step', () => {
    const e = explain((x: Var) => x.mul(3).add(1), [2])
    expect(e.nodes.map((n) => n.formula)).toEqual(['A = x', 'B = 3', 'C = A · B', 'D = 1', 'E = C + D'])
    expect(e.steps.map((s) => s.label)).toEqual(['E', 'C', 'A'])
    expect(e.derivatives[0].value).toBe(3)
  })

  it('a constant gets no adjoint, no local partial and no step, even where its partial is NaN', () => {
    // (x-3)^2 at 1: ∂(a^b)/∂b is NaN for a < 0, but b = 2 is a constant and is not differentiated.
    const e = explain(compile('(x-3)^2'), [1])
    expect(e.value).toBe(4)
    expect(e.derivatives[0].value).toBe(-4)
    const constants = e.nodes.filter((n) => n.kind === 'const')
    expect(constants.map((n) => n.formula)).toEqual(['B = 3', 'D = 2'])
    for (const n of constants) {
      expect(n.adjoint).toBeUndefined()
      expect(n.locals).toEqual([])
    }
    expect(e.steps.map((s) => s.label)).toEqual(['E', 'C', 'A'])
    expect(e.steps.every((s) => Number.isFinite(s.adjoint))).toBe(true)
    const g = toJSON(compile('x^2 + x'), { at: [2] })
    const two = g.nodes.find((n) => n.kind === 'const')!
    expect(two.adjoint).toBeUndefined()
    expect(g.edges.find((edge) => edge.from === two.id)).not.toHaveProperty('local')
  })

  it('a shared interior node gets one step that sums its uses', () => {
    // t = sin(x) is used twice: f = t·t, df/dx = 2 sin x cos x.
    const e = explain(
      (x: Var) => {
        const t = x.sin()
        return t.mul(t)
      },
      [0.5],
    )
    const t = e.steps.find((s) => s.label === 'B')!
    expect(t.terms).toHaveLength(2)
    expect(t.adjoint).toBe(2 * Math.sin(0.5))
    expect(e.derivatives[0].value).toBeCloseTo(Math.sin(1), 15)
  })

  it('several variables each sum their own leaves; the sums equal the gradient', () => {
    const e = explain((x: Var, y: Var) => x.mul(y).add(x.pow(3)).sub(y.log()), [3, 4])
    expect(e.derivatives.map((d) => d.value)).toEqual([31, 2.75])
    for (const d of e.derivatives) {
      const sum = e.nodes.filter((n) => d.leaves.includes(n.label)).reduce((s, n) => s + (n.adjoint ?? 0), 0)
      expect(sum).toBeCloseTo(d.value, 12)
    }
  })

  it('a deep chain unfolds without recursion', () => {
    const p = trace(
      (x: Var) => {
        let y = x
        for (let i = 0; i < 50_000; i++) y = y.sin()
        return y
      },
      [0.1],
    )
    const e = explain(p, [0.1])
    expect(e.nodes).toHaveLength(50_001)
    expect(e.steps).toHaveLength(50_001)
  }, 60_000)

  it('labels run A … Z, AA, AB, …', () => {
    expect([0, 25, 26, 27, 701, 702].map(letters)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA'])
  })

  it('toJSON carries values, adjoints and local partials on edges', () => {
    const g = toJSON(f, { at: [2] })
    expect(g.nodes.map((n) => [n.label, n.value, n.adjoint])).toEqual([
      ['A', 2, 2],
      ['B', 2, 2],
      ['C', 4, 1],
      ['D', 2, 1],
      ['E', 6, 1],
    ])
    expect(g.edges).toEqual([
      { from: 0, to: 2, slot: 0, local: 2 },
      { from: 1, to: 2, slot: 1, local: 2 },
      { from: 2, to: 4, slot: 0, local: 1 },
      { from: 3, to: 4, slot: 1, local: 1 },
    ])
  })
})

describe('derivativeName', () => {
  it("names a derivative as explain's derivatives do: f′(2) for one variable, ∂f/∂x for several, never ∂f/∂f", () => {
    expect(derivativeName(['x'], 0, 2)).toBe('f′(2)')
    expect(derivativeName(['x', 'y'], 1, 2)).toBe('∂f/∂y')
    expect(derivativeName(['f', 'x'], 0, 2)).toBe('∂g/∂f')
    const e = explain(compile('x*x + x'), [2])
    expect(e.derivatives[0].text).toContain(`${derivativeName(['x'], 0, 2)} = `)
  })
})
