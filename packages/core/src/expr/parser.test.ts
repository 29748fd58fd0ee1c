import { describe, expect, it } from 'vitest'
import { sexpr, shape } from '../../test/expr.js'
import { PRIMITIVES } from '../ops.js'
import type { CallNode, Node } from './ast.js'
import { ExpressionError } from './errors.js'
import { parse } from './parser.js'

const tree = (text: string) => sexpr(parse(text).outputs[0])

/** The error parse throws, so its code and span can be asserted. */
function failure(text: string, limits?: Parameters<typeof parse>[1]): ExpressionError {
  try {
    parse(text, limits)
  } catch (e) {
    if (e instanceof ExpressionError) return e
    throw e
  }
  throw new Error(`parse(${JSON.stringify(text)}) did not fail`)
}

describe('parse: precedence and associativity', () => {
  it.each([
    ['x^2 + x', 'add(pow(x, 2), x)'],
    ['x*x + x', 'add(mul(x, x), x)'],
    ['a + b*c', 'add(a, mul(b, c))'],
    ['(a + b)*c', 'mul(add(a, b), c)'],
    ['a - b - c', 'sub(sub(a, b), c)'],
    ['a/b/c', 'div(div(a, b), c)'],
    ['a/b*c', 'mul(div(a, b), c)'],
    ['2^3^2', 'pow(2, pow(3, 2))'],
    ['x**y**z', 'pow(x, pow(y, z))'],
    ['(2^3)^2', 'pow(pow(2, 3), 2)'],
    ['-x^2', 'neg(pow(x, 2))'],
    ['-x*y', 'mul(neg(x), y)'],
    ['x*-y', 'mul(x, neg(y))'],
    ['2^-x', 'pow(2, neg(x))'],
    ['2^-x^2', 'pow(2, neg(pow(x, 2)))'],
    ['2^-x*y', 'mul(pow(2, neg(x)), y)'],
    ['--x', 'neg(neg(x))'],
    ['+x', 'x'],
    ['+-+x', 'neg(x)'],
    ['a - -b', 'sub(a, neg(b))'],
    ['-(x + y)', 'neg(add(x, y))'],
  ])('%s → %s', (text, want) => {
    expect(tree(text)).toBe(want)
  })
  it('evaluates 2^3^2 as 2^9, not 8^2', () => {
    const node = parse('2^3^2').outputs[0] as CallNode
    expect(node.args[0]).toMatchObject({ kind: 'number', value: 2 })
  })
})

describe('parse: implicit multiplication after a number', () => {
  it.each([
    ['2x', 'mul(2, x)'],
    ['3(x+1)', 'mul(3, add(x, 1))'],
    ['2 sin(x)', 'mul(2, sin(x))'],
    ['2 (x)', 'mul(2, x)'],
    ['2x^2', 'mul(2, pow(x, 2))'],
    ['-2x', 'mul(neg(2), x)'],
    ['1 + 2x*y', 'add(1, mul(mul(2, x), y))'],
    ['2pi', 'mul(2, pi)'],
    ['.5x', 'mul(0.5, x)'],
    ['2exp(x)', 'mul(2, exp(x))'],
    ['2ex', 'mul(2, ex)'],
    ['2x2', 'mul(2, x2)'],
    ['2^3x', 'mul(pow(2, 3), x)'],
  ])('%s → %s', (text, want) => {
    expect(tree(text)).toBe(want)
  })
  it.each([
    ['x y', 2, 3],
    ['2 3', 2, 3],
    ['(x)y', 3, 4],
    ['(x)(y)', 3, 4],
    ['x 2', 2, 3],
    ['2x y', 3, 4],
  ])('refuses %s: only a number may be followed by a factor', (text, start, end) => {
    expect(failure(text)).toMatchObject({ code: 'unexpected-token', start, end })
  })
})

describe('parse: numbers, names and calls', () => {
  it.each([
    ['12', 12],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1e-3', 0.001],
    ['1E3', 1000],
    ['2.5e+2', 250],
    ['007', 7],
    ['1e-400', 0],
    ['1.7976931348623157e308', Number.MAX_VALUE],
  ])('%s = %d', (text, value) => {
    expect(parse(text).outputs[0]).toEqual({ kind: 'number', value, start: 0, end: text.length })
  })
  it('knows pi and e as constants, and ln as log', () => {
    expect(parse('pi').outputs[0]).toEqual({ kind: 'constant', name: 'pi', value: Math.PI, start: 0, end: 2 })
    expect(parse('e').outputs[0]).toEqual({ kind: 'constant', name: 'e', value: Math.E, start: 0, end: 1 })
    expect(tree('ln(x)')).toBe('log(x)')
    expect(tree('log(x, 2)')).toBe('log(x, 2)')
  })
  it('calls every primitive of the op table by its name', () => {
    for (const op of PRIMITIVES) {
      const args = op.arity === 1 ? 'x' : 'x, y'
      expect(tree(`${op.name}(${args})`)).toBe(`${op.name}(${args})`)
    }
  })
  it.each([
    ['where(c, a, b)'],
    ['clamp(x, 0, 1)'],
    ['logsumexp(a)'],
    ['logsumexp(a, b, c, d, e)'],
    ['leakyRelu(x)'],
    ['leakyRelu(x, 0.2)'],
    ['mse(a, b)'],
    ['mse(a, b, c, d)'],
  ])('calls the composite %s', (text) => {
    expect(tree(text)).toBe(text)
  })
  it('reads add(mul(x, x), x) as the same tree as x*x + x', () => {
    expect(shape(parse('add(mul(x, x), x)'))).toEqual(shape(parse('x*x + x')))
  })
  it('ignores whitespace, including newlines and tabs', () => {
    expect(shape(parse(' \n x\t*\r\n  sin ( y ) '))).toEqual(shape(parse('x*sin(y)')))
  })
  it('separates outputs with , or ;', () => {
    expect(parse('x, y; z*2').outputs.map(sexpr)).toEqual(['x', 'y', 'mul(z, 2)'])
  })
})

describe('parse: spans', () => {
  const spans = (text: string) => {
    const out: string[] = []
    const visit = (n: Node) => out.push(`${n.kind === 'call' ? n.name : sexpr(n)}@${n.start}-${n.end}`)
    const walk = (n: Node): void => {
      if (n.kind === 'call') n.args.forEach(walk)
      visit(n)
    }
    walk(parse(text).outputs[0])
    return out
  }
  it('x*x + x: each use of x is its own leaf', () => {
    expect(spans('x*x + x')).toEqual(['x@0-1', 'x@2-3', 'mul@0-3', 'x@6-7', 'add@0-7'])
  })
  it('an operator covers its operands with their parentheses, not its own', () => {
    expect(spans('(a+b)*c')).toEqual(['a@1-2', 'b@3-4', 'add@1-4', 'c@6-7', 'mul@0-7'])
    expect(spans('((x))')).toEqual(['x@2-3'])
  })
  it('signs, calls and implicit products', () => {
    expect(spans('-x')).toEqual(['x@1-2', 'neg@0-2'])
    expect(spans('+x * 2')).toEqual(['x@1-2', '2@5-6', 'mul@0-6'])
    expect(spans('sin( x )')).toEqual(['x@5-6', 'sin@0-8'])
    expect(spans('2x')).toEqual(['2@0-1', 'x@1-2', 'mul@0-2'])
    expect(spans('ln(x)')).toEqual(['x@3-4', 'log@0-5'])
  })
})

describe('parse: variables', () => {
  it('lists distinct variables alphabetically, ignoring case, with numbers in order', () => {
    expect(parse('x10 + x2 + b + A + x1 + b').variables).toEqual(['A', 'b', 'x1', 'x2', 'x10'])
    expect(parse('y + x, z').variables).toEqual(['x', 'y', 'z'])
    expect(parse('a + A').variables).toEqual(['A', 'a'])
    expect(parse('2*3').variables).toEqual([])
  })
})

describe('parse: errors point at the offending text', () => {
  it.each([
    ['x +', 'unexpected-end', 2, 3],
    ['x + (', 'unexpected-end', 4, 5],
    ['* x', 'unexpected-token', 0, 1],
    ['x * / y', 'unexpected-token', 4, 5],
    ['x ** * y', 'unexpected-token', 5, 6],
    ['x,,y', 'unexpected-token', 2, 3],
    ['x,', 'unexpected-end', 1, 2],
    [',x', 'unexpected-token', 0, 1],
    ['()', 'unexpected-token', 1, 2],
    ['(x+)', 'unexpected-token', 3, 4],
    ['sin(x,)', 'unexpected-token', 6, 7],
    ['(x, y)', 'unexpected-token', 2, 3],
    ['sin(x; y)', 'unexpected-token', 5, 6],
    ['(x', 'unclosed-paren', 0, 1],
    ['((x)', 'unclosed-paren', 0, 1],
    ['sin(x', 'unclosed-paren', 0, 4],
    ['x)', 'unmatched-paren', 1, 2],
    ['(x))', 'unmatched-paren', 3, 4],
    [')', 'unmatched-paren', 0, 1],
    ['x + )', 'unmatched-paren', 4, 5],
    ['foo(x)', 'unknown-function', 0, 3],
    ['x + bar (1)', 'unknown-function', 4, 7],
    ['pi(2)', 'unknown-function', 0, 2],
    ['sin', 'missing-call', 0, 3],
    ['x + exp', 'missing-call', 4, 7],
    ['ln', 'missing-call', 0, 2],
    ['sin()', 'arity', 0, 5],
    ['sin(x, y)', 'arity', 7, 8],
    ['leakyRelu(x, 1, 2)', 'arity', 16, 17],
    ['atan2(x)', 'arity', 0, 8],
    ['where(a, b)', 'arity', 0, 11],
    ['logsumexp()', 'arity', 0, 11],
    ['mse(a, b, c)', 'arity', 0, 12],
    ['log(x, 2, 3)', 'arity', 10, 11],
  ])('%s → %s at %i–%i', (text, code, start, end) => {
    expect(failure(text)).toMatchObject({ code, start, end })
  })
  it('messages say what is wrong', () => {
    expect(failure('Sin(x)').message).toContain('did you mean sin?')
    expect(failure('pi(2)').message).toContain('constant')
    expect(failure('x(2)').message).toBe("unknown function 'x'; to multiply, put * before the '('")
    expect(failure('sin(x, y)').message).toBe('sin takes 1 argument (sin(x)), got 2')
    expect(failure('mse(a)').message).toContain('even number of arguments')
    expect(failure('logsumexp()').message).toContain('at least 1 argument')
    expect(failure('log(x, 2, 3)').message).toContain('1 or 2 arguments')
    expect(failure('1e').message).toContain("write '1*e'")
    expect(failure('x y').message).toContain("missing operator before 'y'")
  })
})

describe('parse: limits', () => {
  it('refuses text longer than the limit before reading it', () => {
    expect(failure('x'.repeat(4097))).toMatchObject({ code: 'too-long', start: 4096, end: 4097 })
    // One 4096-character name: the length limit's boundary, with the name limit switched off.
    expect(parse('x'.repeat(4096), { limits: { identifier: Infinity } }).variables).toEqual([
      'x'.repeat(4096),
    ])
    expect(failure('x+yy', { limits: { length: 3 } })).toMatchObject({ code: 'too-long', start: 3, end: 4 })
  })
  it('counts distinct variables, not uses', () => {
    expect(failure('a+b+c+a', { limits: { variables: 2 } })).toMatchObject({
      code: 'too-many-variables',
      start: 4,
      end: 5,
    })
    expect(parse('a+b+a+b', { limits: { variables: 2 } }).variables).toEqual(['a', 'b'])
  })
  it('counts nodes as they are made', () => {
    // x, y, x+y, z: four nodes; the second + is the fifth.
    expect(parse('x+y+z', { limits: { nodes: 5 } }).outputs).toHaveLength(1)
    expect(failure('x+y+z', { limits: { nodes: 4 } })).toMatchObject({
      code: 'too-many-nodes',
      start: 0,
      end: 5,
    })
    // A leading + adds no node.
    expect(parse('+x', { limits: { nodes: 1 } }).outputs).toHaveLength(1)
  })
  it('counts depth as nesting of parentheses, calls, signs and powers, not flat operators', () => {
    expect(parse('(-x^2) + sin(y)', { limits: { depth: 3 } }).outputs).toHaveLength(1)
    expect(failure('(-x^2)', { limits: { depth: 2 } })).toMatchObject({ code: 'too-deep', start: 3, end: 4 })
    expect(parse('a+b*c-d/e+f*g', { limits: { depth: 1 } }).outputs).toHaveLength(1)
  })
  it('rejects a non-string with a TypeError', () => {
    expect(() => parse(42 as unknown as string)).toThrow(TypeError)
  })
})

describe('did you mean', () => {
  it.each([
    ['sinn(x)', 'sin', 0, 4],
    ['sigmiod(x)', 'sigmoid', 0, 7],
    ['2 + exq(x)', 'exp', 4, 7],
    ['Sin(x)', 'sin', 0, 3],
  ])('%s suggests %s, pointing at the name', (text, near, start, end) => {
    const e = (() => {
      try {
        parse(text)
      } catch (err) {
        return err as ExpressionError
      }
      throw new Error('parsed')
    })()
    expect(e.code).toBe('unknown-function')
    expect(e.message).toContain(`did you mean ${near}?`)
    expect([e.start, e.end]).toEqual([start, end])
    expect(e.about?.suggestion).toBe(near)
  })

  it('suggests nothing for a name far from every function', () => {
    expect(() => parse('zzzzzz(x)')).toThrow("to multiply, put * before the '('")
  })
})
