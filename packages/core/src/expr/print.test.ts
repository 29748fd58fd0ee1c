import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { anyOutputs, anyTree, shape } from '../../test/expr.js'
import { property } from '../../test/property.js'
import type { Expression, Node } from './ast.js'
import { parse } from './parser.js'
import { print } from './print.js'

const canonical = (text: string) => print(parse(text))
const expressionOf = (outputs: Node[]): Expression => ({ text: '', outputs, variables: [] })

describe('print: canonical text with minimal parentheses', () => {
  it.each([
    ['x*x + x', 'x*x + x'],
    ['add(mul(x, x), x)', 'x*x + x'],
    ['x  +x*  x', 'x + x*x'],
    ['2x', '2*x'],
    ['3(x+1)', '3*(x + 1)'],
    ['x**2', 'x^2'],
    ['ln(x)', 'log(x)'],
    ['((x))', 'x'],
    ['+x', 'x'],
    ['(a+b)*c', '(a + b)*c'],
    ['a+(b*c)', 'a + b*c'],
    ['a-(b-c)', 'a - (b - c)'],
    ['a+(b+c)', 'a + (b + c)'],
    ['(a-b)-c', 'a - b - c'],
    ['a/(b*c)', 'a/(b*c)'],
    ['2^3^2', '2^3^2'],
    ['(2^3)^2', '(2^3)^2'],
    ['-x^2', '-x^2'],
    ['(-x)^2', '(-x)^2'],
    ['x^(-y)', 'x^-y'],
    ['x^(y*z)', 'x^(y*z)'],
    ['-(x*y)', '-(x*y)'],
    ['(-x)*y', '-x*y'],
    ['x*(-y)', 'x*-y'],
    ['a - (-b)', 'a - -b'],
    ['-(-x)', '--x'],
    ['sin(x)^2', 'sin(x)^2'],
    ['1e21', '1e+21'],
    ['.5', '0.5'],
    ['1e-7 + x', '1e-7 + x'],
    ['x, y; z', 'x, y, z'],
    ['where(x, 1, 2)', 'where(x, 1, 2)'],
    ['square(x) + pi*e', 'square(x) + pi*e'],
    ['leakyRelu(x, 0.2)', 'leakyRelu(x, 0.2)'],
  ])('%s → %s', (text, want) => {
    expect(canonical(text)).toBe(want)
  })

  it('refuses a number node the parser could not have made', () => {
    const bad = (value: number): Node => ({ kind: 'number', value, start: 0, end: 0 })
    expect(() => print(bad(-1))).toThrow(RangeError)
    expect(() => print(bad(-0))).toThrow(RangeError)
    expect(() => print(bad(Number.NaN))).toThrow(RangeError)
    expect(() => print(bad(Number.POSITIVE_INFINITY))).toThrow(RangeError)
  })
})

describe('print: round trip', () => {
  it('parse(print(tree)) is the same tree, spans aside', () => {
    fc.assert(
      fc.property(anyOutputs, (outputs) => {
        const text = print(expressionOf(outputs))
        expect(shape(parse(text, { limits: { length: Infinity, nodes: Infinity } }))).toEqual(
          outputs.map((o) => shape(o)),
        )
      }),
      property({ seed: 101, runs: 1000 }),
    )
  })
  it('printing is idempotent', () => {
    fc.assert(
      fc.property(anyTree, (node) => {
        const once = print(node)
        expect(print(parse(once, { limits: { length: Infinity } }))).toBe(once)
      }),
      property({ seed: 102, runs: 1000 }),
    )
  })
  it('prints trees deeper than the JavaScript stack', () => {
    const n = 100_000
    const text = `${'x+'.repeat(n)}x`
    const off = { length: Infinity, nodes: Infinity, depth: Infinity }
    expect(print(parse(text, { limits: off }))).toBe(`${'x + '.repeat(n)}x`)
    const deep = `${'-'.repeat(n)}x`
    expect(print(parse(deep, { limits: off }))).toBe(deep)
  })
})
