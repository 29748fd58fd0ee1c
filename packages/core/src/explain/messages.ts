// The sentences of an explanation, in English and Korean.
export type Lang = 'en' | 'ko'

export interface Messages {
  seed(out: string): string
  because(formula: string, local: string): string
  sum(variable: string, leaves: string[], equation: string): string
}

const list = (xs: string[], and: string) =>
  xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} ${and} ${xs[xs.length - 1]}`

export const MESSAGES: Record<Lang, Messages> = {
  en: {
    seed: (out) => `Start at the output: d${out}/d${out} = 1.`,
    because: (f, local) => `${f}, so ${local}.`,
    sum: (v, leaves, eq) =>
      leaves.length === 1
        ? `${v} is used once, at ${leaves[0]}: ${eq}.`
        : `${v} is used at ${list(leaves, 'and')}, so its derivative is the sum of their adjoints: ${eq}.`,
  },
  ko: {
    seed: (out) => `출력에서 시작합니다: d${out}/d${out} = 1.`,
    because: (f, local) => `${f} 이므로 ${local} 입니다.`,
    sum: (v, leaves, eq) =>
      leaves.length === 1
        ? `${v}는 ${leaves[0]}에서 한 번 쓰였습니다: ${eq}.`
        : `${v}는 ${leaves.join(', ')}에서 쓰였으므로, 그 수반값(adjoint)을 모두 더한 것이 도함수입니다: ${eq}.`,
  },
}
