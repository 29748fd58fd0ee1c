import { describe, expect, it } from 'vitest'
import { HOSTILE_EXPRESSIONS } from '../../test/hostile.js'
import { EXPRESSION_ERRORS_KO, expressionErrorMessage } from './messages-ko.js'

describe('Korean expression errors', () => {
  it('every code the hostile catalogue produces has a Korean sentence', () => {
    for (const h of HOSTILE_EXPRESSIONS) {
      expect(EXPRESSION_ERRORS_KO, h.code).toHaveProperty(h.code)
    }
  })
  it('Korean for ko, the precise English message otherwise; unknown codes keep the message', () => {
    expect(expressionErrorMessage('ko', 'unexpected-token', "expected an operand after '+'")).toBe(
      '여기에 올 수 없는 기호입니다.',
    )
    expect(expressionErrorMessage('en', 'unexpected-token', 'x')).toBe('x')
    expect(expressionErrorMessage('ko', 'toString', 'kept')).toBe('kept')
  })

  it('says the name, the suggestion and the usage the English message gives', () => {
    expect(expressionErrorMessage('ko', 'unknown-function', 'x', { name: 'sinn', suggestion: 'sin' })).toBe(
      "알 수 없는 함수입니다. 이름: 'sinn'. sin을(를) 쓰려던 것인가요?",
    )
    expect(expressionErrorMessage('ko', 'missing-call', 'x', { name: 'sin', usage: 'sin(x)' })).toBe(
      "함수 이름 뒤에 괄호와 인수가 필요합니다. 이름: 'sin'. 예: sin(x)",
    )
  })
})
