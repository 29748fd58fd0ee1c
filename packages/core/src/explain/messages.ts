// The sentences of an explanation, in English and Korean.
export type Lang = 'en' | 'ko'

export interface Messages {
  seed(out: string): string
  because(formula: string, local: string): string
  sum(variable: string, leaves: string[], equation: string): string
  /** An op evaluated exactly at its kink: where, and the partials chainrule pins there. */
  kink(op: string, at: string, partials: string): string
  /** A central difference whose points x ± h lie on both sides of a kink. */
  straddle(op: string, h: string): string
  /** An op given operands outside its domain, so its value is NaN. */
  domain(call: string, op: string, label: string): string
  /** A partial's rule at a point outside the op's domain, where it is undefined. */
  undefinedHere(op?: string): string
  /** An op whose value is a number but whose partial's rule leaves its domain here (ln(A) at A < 0). */
  partialDomain(rule: string, at: string, partial: string): string
  /** `e` was read as Euler's number; how to write a variable instead. */
  euler(value: string): string
  /** A name of several letters was read as one variable, not a product. */
  oneVariable(name: string, product: string): string
  /** How a forward sweep starts. */
  seed_forward(variable: string): string
  /** What a forward sweep found. */
  forwardResult(partial: string, equation: string, at: string): string
  /** Why reverse needs one sweep and forward n. */
  sweeps(n: number): string
}

// Digits as Korean reads them (영, 일, 이, 삼, …): 0, 3 and 6 end in a consonant other than ㄹ.
const DIGIT_TAKES_EURO = new Set(['0', '3', '6'])

/**
 * A word with the particle 로/으로 as Korean grammar picks it: 으로 after a final consonant other
 * than ㄹ (0으로, 값으로), 로 after a vowel or ㄹ (1로, 2로, 0.5로, 일로).
 */
export function withRo(word: string): string {
  const last = word.at(-1) ?? ''
  const code = last.charCodeAt(0) - 0xac00
  const hangulFinal = code >= 0 && code < 11172 ? code % 28 : -1
  const euro = hangulFinal > 0 ? hangulFinal !== 8 : DIGIT_TAKES_EURO.has(last) || /[mn]/i.test(last)
  return `${word}${euro ? '으로' : '로'}`
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
    straddle: (op, h) =>
      `the central difference's points (x ± ${h}) lie on both sides of a kink of ${op}, so it measures neither side's slope: its error here is the kink's, not AD's.`,
    kink: (op, at, partials) =>
      `At ${at}, ${op} has a kink, where its derivative does not exist; chainrule pins ${partials} there by convention. A finite difference across the kink measures neither side, so it disagrees with AD by design.`,
    domain: (call, op, label) =>
      `${call} is outside the domain of ${op}, so ${label} is NaN, and so is everything computed from it.`,
    undefinedHere: (op) => (op ? `undefined here (outside the domain of ${op})` : 'undefined here'),
    partialDomain: (rule, at, partial) =>
      `At ${at}, ${rule} is outside its domain, so ${partial} is NaN, and so is every derivative through it.`,
    euler: (v) =>
      `e is read as Euler's number, ${v}; a variable needs another name, such as E or e1 (names are case-sensitive).`,
    oneVariable: (name, product) =>
      `${name} is one variable named ${name}, not a product; for the product write ${product}.`,
    seed_forward: (v) =>
      `Seed ${`${v}\u0307`.normalize('NFC')} = 1 (every other input's tangent 0), then carry each node's tangent up with its local derivatives, as dual numbers do.`,
    forwardResult: (d, eq, at) => `The output's tangent is ${d} at (${at}): ${eq}.`,
    sweeps: (n) =>
      n === 1
        ? 'With one input both modes need 1 sweep: reverse mode finds the derivative in 1 backward sweep, forward mode in 1 forward sweep. With n inputs reverse still needs 1 sweep for the whole gradient, forward n.'
        : `Reverse mode finds all ${n} partial derivatives of one output in 1 backward sweep; forward mode needs one sweep per input, ${n} in all. With many outputs and few inputs it is the other way round: forward needs one sweep per input, reverse one per output.`,
  },
  ko: {
    seed: (out) => `출력에서 시작합니다: d${out}/d${out} = 1.`,
    because: (f, local) => `${f} 이므로 ${local} 입니다.`,
    sum: (v, leaves, eq) =>
      leaves.length === 1
        ? `${v}는 ${leaves[0]}에서 한 번 쓰였습니다: ${eq}.`
        : `${v}는 ${leaves.join(', ')}에서 쓰였으므로, 그 수반값(adjoint)을 모두 더한 것이 도함수입니다: ${eq}.`,
    straddle: (op, h) =>
      `중앙 차분의 두 점(x ± ${h})이 ${op}의 꺾이는 점 양쪽에 있어 어느 쪽의 기울기도 재지 못합니다. 여기서의 오차는 AD가 아니라 꺾이는 점 때문입니다.`,
    kink: (op, at, partials) =>
      `${at}에서 ${op}는 꺾이는 점(kink)이라 도함수가 존재하지 않습니다. chainrule은 관례에 따라 그곳에서 ${withRo(partials)} 정합니다. 꺾이는 점을 사이에 둔 유한 차분은 어느 쪽의 기울기도 아니므로, AD와 다른 것이 정상입니다.`,
    domain: (call, op, label) =>
      `${call}는 ${op}의 정의역 밖이므로 ${label}는 NaN이고, 그로부터 계산되는 값도 모두 NaN입니다.`,
    undefinedHere: (op) => (op ? `여기서는 정의되지 않음(${op}의 정의역 밖)` : '여기서는 정의되지 않음'),
    partialDomain: (rule, at, partial) =>
      `${at}에서 ${rule}는 정의역 밖이므로 ${partial}는 NaN이고, 그것을 거치는 도함수도 모두 NaN입니다.`,
    euler: (v) =>
      `e는 자연상수(오일러 수) ${withRo(v)} 읽었습니다. 변수로 쓰려면 E나 e1처럼 다른 이름을 쓰세요(대소문자를 구분합니다).`,
    oneVariable: (name, product) =>
      `${name}는 곱이 아니라 이름이 ${name}인 변수 하나입니다. 곱은 ${withRo(product)} 쓰세요.`,
    seed_forward: (v) =>
      `${`${v}\u0307`.normalize('NFC')} = 1로 시작하고(다른 입력의 접선값은 0), 이중수(dual number)처럼 각 노드의 접선값을 국소 도함수와 함께 위로 전달합니다.`,
    forwardResult: (d, eq, at) => `출력의 접선값이 (${at})에서의 ${d}입니다: ${eq}.`,
    sweeps: (n) =>
      n === 1
        ? '입력이 하나이면 두 모드 모두 1번 전파합니다: 역방향 모드는 역방향 전파 1번, 순방향 모드는 순방향 전파 1번으로 도함수를 구합니다. 입력이 n개이면 역방향은 여전히 1번으로 기울기 전체를, 순방향은 n번이 필요합니다.'
        : `역방향 모드는 출력 하나의 편도함수 ${n}개를 역방향 전파 1번으로 모두 구합니다. 순방향 모드는 입력마다 한 번씩, 모두 ${n}번 전파해야 합니다. 출력이 많고 입력이 적으면 반대입니다: 순방향은 입력마다, 역방향은 출력마다 한 번씩입니다.`,
  },
}
