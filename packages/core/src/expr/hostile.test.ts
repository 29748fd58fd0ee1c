import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HOSTILE_EXPRESSIONS, type Nesting, nest, openerSpan } from '../../test/hostile.js'
import { property } from '../../test/property.js'
import { createApi } from '../api.js'
import { jsBackend } from '../js-backend.js'
import { DEFAULT_LIMITS } from '../limits.js'
import { ExpressionError, formatError } from './errors.js'
import { parse } from './parser.js'
import { print } from './print.js'

const { compile } = createApi(jsBackend)

/** What parsing did: the error, or null for a valid expression. Any other exception fails the test. */
function outcome(text: string, limits?: Parameters<typeof parse>[1]): ExpressionError | null {
  try {
    parse(text, limits)
    return null
  } catch (e) {
    if (e instanceof ExpressionError) return e
    throw e
  }
}

const label = (text: string) =>
  text.length > 40 ? `${JSON.stringify(text.slice(0, 30))}… (${text.length})` : JSON.stringify(text)

describe('the hostile catalogue', () => {
  it.each(HOSTILE_EXPRESSIONS.map((h) => [label(h.text), h.probe, h] as const))('%s (%s)', (_, __, h) => {
    const e = outcome(h.text)
    expect(e).toBeInstanceOf(ExpressionError)
    expect({ code: e!.code, start: e!.start, end: e!.end }).toEqual({
      code: h.code,
      start: h.start,
      end: h.end,
    })
    // compile fails the same way, and the rendered message is short and printable.
    expect(() => compile(h.text)).toThrow(ExpressionError)
    const shown = formatError(e!, h.text)
    expect(shown).toMatch(/^[\x20-\x7e\n…’·−²Σ]*$/)
    expect(shown.length).toBeLessThan(400)
  })
  it('holds no duplicate texts', () => {
    const texts = HOSTILE_EXPRESSIONS.map((h) => h.text)
    expect(new Set(texts).size).toBe(texts.length)
  })
})

describe('nesting', () => {
  const kinds: Nesting[] = ['(', '-', 'sin(', '^']
  const depth = DEFAULT_LIMITS.depth
  const value = (kind: Nesting, levels: number, x: number) => {
    switch (kind) {
      case '(':
        return x
      case '-':
        return levels % 2 === 0 ? x : -x
      case 'sin(': {
        let v = x
        for (let i = 0; i < levels; i++) v = Math.sin(v)
        return v
      }
      case '^':
        return x ** 1 // x^x^…^x at x = 1 is 1
    }
  }

  it.each(kinds)('%s nested exactly to the depth limit works', (kind) => {
    const p = compile(nest(kind, depth))
    const x = kind === '^' ? 1 : 0.5
    expect(p.evaluate([x])[0]).toBe(value(kind, depth, x))
  })
  it.each(kinds)('%s nested one level deeper fails at the extra opener', (kind) => {
    expect(outcome(nest(kind, depth + 1))).toMatchObject({ code: 'too-deep', ...openerSpan(kind, depth + 1) })
  })
  it.each(kinds)(
    '%s nested 100 000 deep is too long under the defaults, too deep when length is unlimited',
    (kind) => {
      const text = nest(kind, 100_000)
      expect(outcome(text)).toMatchObject({ code: 'too-long', start: 4096, end: text.length })
      expect(outcome(text, { limits: { length: Infinity } })).toMatchObject({
        code: 'too-deep',
        ...openerSpan(kind, depth + 1),
      })
    },
  )
  it.each(kinds)(
    '%s nested 100 000 deep parses, prints and compiles when every limit is off (no recursion)',
    (kind) => {
      const off = { length: Infinity, depth: Infinity, nodes: Infinity }
      const text = nest(kind, 100_000)
      const expr = parse(text, { limits: off })
      expect(print(parse(print(expr), { limits: off }))).toBe(print(expr))
      const x = kind === '^' ? 1 : 0.5
      expect(compile(text, { limits: off }).evaluate([x])[0]).toBe(value(kind, 100_000, x))
    },
    // Heavy by design (a 100 000-deep text through every pass): a hang guard, not a speed limit.
    60_000,
  )
  it('a left-deep flat sum does not count as nesting', () => {
    const text = `${'x+'.repeat(999)}x`
    expect(compile(text, { limits: { depth: 1 } }).gradient([1]).gradient[0]).toBe(1000)
  })
})

describe('a flat x+x+… of 200 000 terms', () => {
  const text = `${'x+'.repeat(199_999)}x`
  it('is too long under the default limits', () => {
    expect(outcome(text)).toMatchObject({ code: 'too-long', start: 4096, end: 399_999 })
  })
  it('is too many nodes when only the length limit is off', () => {
    expect(outcome(text, { limits: { length: Infinity } })).toMatchObject({ code: 'too-many-nodes' })
  })
  it('compiles to the right value and gradient when the limits are off', () => {
    const p = compile(text, { limits: { length: Infinity, nodes: Infinity } })
    const r = p.gradient([1.5])
    expect(r.value).toBe(300_000)
    expect(r.gradient[0]).toBe(200_000)
  })
})

describe('fuzz: nothing but ExpressionError or a valid expression', () => {
  /** Either a well-placed ExpressionError, or a tree that prints, re-parses and compiles. */
  function check(text: string): void {
    const e = outcome(text)
    if (e !== null) {
      expect(e.start).toBeGreaterThanOrEqual(0)
      expect(e.start).toBeLessThanOrEqual(e.end)
      expect(e.end).toBeLessThanOrEqual(text.length)
      expect(formatError(e, text)).toContain(e.message)
      return
    }
    const expr = parse(text)
    const again = print(expr)
    expect(print(parse(again, { limits: { length: Infinity } }))).toBe(again)
    const p = compile(text)
    expect(p.evaluate(expr.variables.map(() => 0.5))).toHaveLength(expr.outputs.length)
  }

  it('over arbitrary strings of any code units, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), check),
      property({ seed: 106, runs: 3000 }),
    )
  })
  it('over ASCII strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 64 }), check),
      property({ seed: 107, runs: 3000 }),
    )
  })
  // biome-ignore format: a token list reads better filled than one token per line
  const pieces = [
    'x', 'y', 'x2', '_', '1', '2.5', '.5', '1e3', '1e', '.', '0x1', 'e', 'pi', '(', ')', '(', ')', ',', ';',
    '+', '-', '*', '/', '^', '**', ' ', 'sin', 'log', 'ln', 'where', 'clamp', 'logsumexp', 'mse', 'leakyRelu',
    'atan2', 'constructor', '__proto__', '[', '"', '=', '\u200b', '\ud800', 'Infinity', 'NaN',
  ]
  it('over grammar-shaped strings', () => {
    const grammarish = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((p) => p.join(''))
    fc.assert(fc.property(grammarish, check), property({ seed: 108, runs: 3000 }))
  })
  it('over 4 KiB grammar-shaped strings', () => {
    const big = fc
      .array(fc.constantFrom(...pieces), { minLength: 1500, maxLength: 2500 })
      .map((p) => p.join('').slice(0, 4096))
    fc.assert(fc.property(big, check), property({ seed: 109, runs: 200 }))
  }, 60_000)
})
