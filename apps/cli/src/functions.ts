// The language's vocabulary for people, generated from core's function table
// (every op of the op table, then the composites), so `chainrule functions`
// and --help list exactly what the parser accepts.
import { ALIASES, CONSTANTS, FUNCTIONS, typesetText } from '@chainrule/core'
import type { Lang } from './messages.js'

export interface FunctionRow {
  readonly usage: string
  /** ∂/∂x (and ∂/∂y) by the op table's rule, for a primitive. */
  readonly derivative: string
  readonly kink: boolean
}

/** One row per function the expression language accepts, in the table's order. */
export function functionRows(lang: Lang = 'en'): FunctionRow[] {
  return [...FUNCTIONS.values()].map((def) => {
    const rules = def.op?.rule ?? []
    const names = ['x', 'y']
    // A composite's usage reads "clamp(x, lo, hi) = min(max(x, lo), hi)": the call, then what it is.
    const [call, ...meaning] = (lang === 'ko' ? usageKo(def.usage) : def.usage).split(' = ')
    const derivative =
      rules.length > 0
        ? rules.map((rule, slot) => `∂/∂${names[slot]} = ${rule('x', 'y', typesetText)}`).join(', ')
        : meaning.length > 0
          ? `= ${meaning.join(' = ')}`
          : ''
    return { usage: call, derivative, kink: def.op?.kink !== undefined }
  })
}

/**
 * Core's usage strings in Korean: "log(x) 또는 log(x, base)", "where(c, a, b) = c > 0이면 a, 아니면 b".
 * Formulas stay as they are.
 */
function usageKo(usage: string): string {
  return usage
    .replaceAll(' or ', ' 또는 ')
    .replace(
      /= (.+?) if (.+?), else (.+?)( \(.*\))?$/,
      (_, a, c, b, rest = '') => `= ${c}이면 ${a}, 아니면 ${b}${rest}`,
    )
}

/** `add, sub, mul, …` for --help. */
export function functionNames(): string {
  return [...FUNCTIONS.keys()].join(', ')
}

export function constantsLine(lang: Lang): string {
  const constants = [...CONSTANTS].map(([name, value]) => `${name} = ${value}`).join(', ')
  const aliases = [...ALIASES].map(([alias, name]) => `${alias} = ${name}`).join(', ')
  return lang === 'ko'
    ? `상수: ${constants}. 별칭: ${aliases}.`
    : `Constants: ${constants}. Aliases: ${aliases}.`
}
