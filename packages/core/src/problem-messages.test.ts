import { describe, expect, it } from 'vitest'
import { DecodeError, decodePoint } from './encoding.js'
import { compile } from './index.js'
import { DEFAULT_LIMITS, hessianProblem } from './limits.js'
import { compareProblem } from './numeric/compare.js'
import { PROBLEM_MESSAGES } from './problem-messages.js'
import { costOf, workProblem } from './work.js'

const decodeError = (f: () => unknown): DecodeError => {
  try {
    f()
  } catch (e) {
    if (e instanceof DecodeError) return e
  }
  throw new Error('no DecodeError')
}

describe('the refusals in each language', () => {
  it('every language says every refusal', () => {
    expect(Object.keys(PROBLEM_MESSAGES.ko).sort()).toEqual(Object.keys(PROBLEM_MESSAGES.en).sort())
  })

  it('English stays the message of record; Korean is asked for', () => {
    expect(hessianProblem(65)?.message).toBe('a Hessian of 65 variables is over the limit of 64')
    expect(hessianProblem(65, DEFAULT_LIMITS, 'ko')).toEqual({
      code: 'hessian-too-large',
      message: '변수 65개의 헤세 행렬은 한도 64개를 넘습니다',
    })
    expect(compareProblem([], undefined, 'ko')?.message).toBe('compare에는 변수가 있는 식이 필요합니다')
    expect(compareProblem(['x'], 'y', 'ko')?.message).toBe("'y'은(는) 식의 변수가 아닙니다 (x)")
    const p = compile('x*x + x')
    const limits = { ...DEFAULT_LIMITS, work: 1 }
    expect(workProblem('gradient', p, costOf(p), { k: 1 }, limits)?.message).toMatch(
      /^needs about .* node visits/,
    )
    expect(workProblem('gradient', p, costOf(p), { k: 1 }, limits, 'ko')?.message).toMatch(/^노드 방문이 약/)
  })

  it('a DecodeError carries its message in each language, path first', () => {
    const missing = decodeError(() => decodePoint({ x: 1 }, ['x', 'y'], '/at'))
    expect(missing.message).toBe('/at: missing a value for y')
    expect(missing.messages).toEqual({ en: '/at: missing a value for y', ko: '/at: y의 값이 없습니다' })
    const wrong = decodeError(() => decodePoint({ x: [2] }, ['x']))
    expect(wrong.message).toBe('/x: expected a number or "NaN", "Infinity", "-Infinity", got an array')
    expect(wrong.messages.ko).toBe('/x: 숫자나 "NaN", "Infinity", "-Infinity"가 와야 하는데 배열입니다')
  })
})
