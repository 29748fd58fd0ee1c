// Korean sentences for the expression language's error codes. Core's messages
// are English and precise (they name the token and the position); these say
// the same in Korean for the CLI's --lang ko and the web page, and the
// Record type makes a new error code fail to compile until it is translated.

import { type ExpressionErrorAbout, type ExpressionErrorCode, quote } from './errors.js'

export const EXPRESSION_ERRORS_KO: Readonly<Record<ExpressionErrorCode, string>> = Object.freeze({
  empty: '식이 비어 있습니다.',
  'too-long': '식이 너무 깁니다.',
  'too-deep': '괄호나 함수가 너무 깊게 중첩되었습니다.',
  'too-many-nodes': '식이 너무 큽니다.',
  'too-many-variables': '변수가 너무 많습니다.',
  'too-long-name': '이름이 너무 깁니다.',
  'bad-character': '식에 쓸 수 없는 문자입니다.',
  'bad-number': '잘못된 숫자입니다.',
  'number-overflow': '숫자가 너무 큽니다.',
  'member-access': '점(.)으로 속성에 접근할 수 없습니다.',
  'reserved-name': '예약된 이름이라 변수로 쓸 수 없습니다.',
  'unknown-function': '알 수 없는 함수입니다.',
  'missing-call': '함수 이름 뒤에 괄호와 인수가 필요합니다.',
  arity: '함수에 주어진 인수의 개수가 맞지 않습니다.',
  'unexpected-token': '여기에 올 수 없는 기호입니다.',
  'unexpected-end': '식이 끝났지만 피연산자가 더 필요합니다.',
  'unclosed-paren': '닫히지 않은 괄호가 있습니다.',
  'unmatched-paren': '짝이 없는 닫는 괄호입니다.',
  'unknown-variable': '알 수 없는 변수입니다.',
  'bad-variables': '변수 목록이 잘못되었습니다.',
})

/**
 * The message of an expression error in `lang`: core's own in English, the Korean sentence otherwise,
 * with the name, the suggestion and the usage the English message gives (`about`).
 */
export function expressionErrorMessage(
  lang: 'en' | 'ko',
  code: string,
  message: string,
  about: ExpressionErrorAbout = {},
): string {
  if (lang !== 'ko' || !Object.hasOwn(EXPRESSION_ERRORS_KO, code)) return message
  const parts = [EXPRESSION_ERRORS_KO[code as ExpressionErrorCode]]
  if (about.name !== undefined) parts.push(`이름: ${quote(about.name)}.`)
  if (about.suggestion !== undefined) parts.push(`${about.suggestion}을(를) 쓰려던 것인가요?`)
  else if (code === 'unknown-function') parts.push("곱하려면 '(' 앞에 *를 쓰세요.")
  if (about.usage !== undefined) parts.push(`예: ${about.usage}`)
  return parts.join(' ')
}
