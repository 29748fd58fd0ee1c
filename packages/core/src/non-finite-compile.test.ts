// Provenance through the expression language: the origin's span is the text
// the user typed, so the CLI and API can put a caret under it.
import { describe, expect, it } from 'vitest'
import { encodeResult } from './encoding.js'
import { compile } from './index.js'
import { findNonFiniteOrigin } from './non-finite.js'

const originText = (text: string, x: number[]) => {
  const p = compile(text)
  const o = findNonFiniteOrigin(p, x)
  return o && { ...o, text: text.slice(o.start, o.end) }
}

describe('non-finite origins in compiled expressions', () => {
  it.each([
    ['log(-1) + x', [1], 'log', 'log(-1)', 'forward'],
    ['x + 1/y', [1, 0], 'div', '1/y', 'forward'],
    ['exp(1000*x) - exp(1000*x)', [1], 'exp', 'exp(1000*x)', 'forward'],
    ['2 * (x/y)', [0, 0], 'div', 'x/y', 'forward'],
    ['x*sqrt(x)', [0], 'sqrt', 'sqrt(x)', 'reverse'],
  ] as const)('%s at %j: %s, spanning %s', (text, x, op, span, sweep) => {
    expect(originText(text, [...x])).toMatchObject({ op, text: span, sweep })
  })
  it('reaches the response body', () => {
    const p = compile('x^2 + log(x)')
    const r = p.gradient([-1])
    const body = encodeResult({ value: r.value, gradient: r.gradient }, { program: p, x: [-1] })
    expect(body).toMatchObject({
      value: 'NaN',
      nonFinite: ['/value', '/gradient/0'],
      origin: { op: 'log', start: 6, end: 12 },
    })
  })
})
