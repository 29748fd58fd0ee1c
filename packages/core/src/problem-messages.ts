// The sentences of the refusals front ends print before any sweep runs (a
// limit, a variable that is not there, a request value that is not a number),
// in English and Korean, as explain's MESSAGES are: the English is the
// message of record (the API's and --json's), the Korean is for people
// (the CLI's --lang ko, the web page).
import type { Lang } from './explain/messages.js'

export interface ProblemMessages {
  hessianTooLarge(variables: number, limit: number): string
  workBudget(work: string, limit: number): string
  noVariables(): string
  /** `name` already quoted; `list` the expression's variables. */
  notAVariable(name: string, list: string): string
  /** A request's key that names no variable; `list` quoted names. */
  notVariable(name: string, list: string): string
  expectedNumber(got: string): string
  expectedNumbers(length: number, got: string): string
  expectedArray(what: 'numbers' | 'points', got: string): string
  expectedPoint(got: string): string
  missingValue(name: string): string
  /** How a value of the wrong type is shown: `an array`, `the string "1"`; `text` is the value's own. */
  shown(kind: 'string' | 'null' | 'array' | 'object' | 'other', text: string): string
}

export const PROBLEM_MESSAGES: Record<Lang, ProblemMessages> = {
  en: {
    hessianTooLarge: (n, limit) => `a Hessian of ${n} variables is over the limit of ${limit}`,
    workBudget: (work, limit) =>
      `needs about ${work} node visits, over the limit of ${limit}: use fewer points or a smaller expression`,
    noVariables: () => 'compare needs an expression with a variable',
    notAVariable: (name, list) => `${name} is not a variable of the expression (${list})`,
    notVariable: (name, list) => `${name} is not a variable (${list})`,
    expectedNumber: (got) => `expected a number or "NaN", "Infinity", "-Infinity", got ${got}`,
    expectedNumbers: (length, got) => `expected ${length} numbers, got ${got}`,
    expectedArray: (what, got) => `expected an array of ${what}, got ${got}`,
    expectedPoint: (got) => `expected an object of variable values or an array, got ${got}`,
    missingValue: (name) => `missing a value for ${name}`,
    shown: (kind, text) =>
      ({ string: `the string ${text}`, null: 'null', array: 'an array', object: 'an object', other: text })[
        kind
      ],
  },
  ko: {
    hessianTooLarge: (n, limit) => `변수 ${n}개의 헤세 행렬은 한도 ${limit}개를 넘습니다`,
    workBudget: (work, limit) =>
      `노드 방문이 약 ${work}번 필요해 한도 ${limit}번을 넘습니다. 점의 수를 줄이거나 더 작은 식을 쓰세요`,
    noVariables: () => 'compare에는 변수가 있는 식이 필요합니다',
    notAVariable: (name, list) => `${name}은(는) 식의 변수가 아닙니다 (${list})`,
    notVariable: (name, list) => `${name}은(는) 변수가 아닙니다 (${list})`,
    expectedNumber: (got) => `숫자나 "NaN", "Infinity", "-Infinity"가 와야 하는데 ${got}입니다`,
    expectedNumbers: (length, got) => `숫자 ${length}개가 와야 하는데 ${got}개입니다`,
    expectedArray: (what, got) => `${what === 'numbers' ? '숫자' : '점'}의 배열이 와야 하는데 ${got}입니다`,
    expectedPoint: (got) => `변수 값의 객체나 배열이 와야 하는데 ${got}입니다`,
    missingValue: (name) => `${name}의 값이 없습니다`,
    shown: (kind, text) =>
      ({ string: `문자열 ${text}`, null: 'null', array: '배열', object: '객체', other: text })[kind],
  },
}
