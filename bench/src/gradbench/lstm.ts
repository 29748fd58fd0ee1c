// GradBench's `lstm` eval (ADBench's diagonal LSTM): l layers of b cells whose
// weight "matrices" are diagonal, run over a sequence of c one-bit-per-column
// characters; the objective is the mean log-likelihood loss of predicting each
// next character (ADBench's logsumexp adds 2 inside the log). `jacobian` is the
// gradient with respect to main_params (2l × 4b) and extra_params (3 × b),
// each flattened row by row, taken through chainrule over the whole sequence.
import { exp, log, type Operand, sigmoid, tanh, type Var } from '@chainrule/core'
import { field, InputError, type Module, tapeGradient } from './module.js'
import { repeat, runsOf } from './runs.js'

export interface LstmInput {
  readonly l: number
  readonly b: number
  readonly c: number
  /** main_params then extra_params, row-major: the differentiated inputs. */
  readonly params: Float64Array
  readonly state: Float64Array
  readonly sequence: Float64Array
}

function rows(
  input: unknown,
  name: string,
  count?: number,
  width?: number,
): { flat: Float64Array; n: number; w: number } {
  const v = field(input, name)
  if (!Array.isArray(v) || v.length === 0)
    throw new InputError(`input.${name} must be a non-empty list of rows`)
  const w = width ?? (Array.isArray(v[0]) ? v[0].length : 0)
  if (count !== undefined && v.length !== count) throw new InputError(`input.${name} must have ${count} rows`)
  const flat = new Float64Array(v.length * w)
  v.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== w || !row.every((e) => typeof e === 'number'))
      throw new InputError(`input.${name}[${i}] must be a list of ${w} numbers`)
    flat.set(row, i * w)
  })
  return { flat, n: v.length, w }
}

export function parseLstm(input: unknown): LstmInput {
  const main = rows(input, 'main_params')
  if (main.n % 2 !== 0 || main.w % 4 !== 0)
    throw new InputError('input.main_params must be 2l rows of 4b numbers')
  const l = main.n / 2
  const b = main.w / 4
  const extra = rows(input, 'extra_params', 3, b)
  const state = rows(input, 'state', 2 * l, b)
  const sequence = rows(input, 'sequence', undefined, b)
  const params = new Float64Array(main.flat.length + extra.flat.length)
  params.set(main.flat)
  params.set(extra.flat, main.flat.length)
  return { l, b, c: sequence.n, params, state: state.flat, sequence: sequence.flat }
}

interface Arith<T> {
  add(a: T, b: T): T
  sub(a: T, b: T): T
  mul(a: T, b: T): T
  sigmoid(a: T): T
  tanh(a: T): T
  exp(a: T): T
  log(a: T): T
}

/** The loss, over numbers or Vars (`p` the differentiated parameters; state and sequence are numbers). */
function loss<T>(A: Arith<T>, p: (i: number) => T, d: LstmInput, zero: T): T {
  const { l, b, c, state, sequence } = d
  const extra = 8 * b * l
  const hidden: (T | number)[][] = []
  const cell: (T | number)[][] = []
  for (let k = 0; k < l; k++) {
    hidden.push(Array.from(state.subarray(2 * k * b, 2 * k * b + b)))
    cell.push(Array.from(state.subarray((2 * k + 1) * b, (2 * k + 2) * b)))
  }
  const num = (v: T | number): T => v as T
  // A number times a T: the state's numbers become Ts after the first step.
  const times = (x: T | number, y: T): T =>
    typeof x === 'number' ? A.mul(y, x as unknown as T) : A.mul(x, y)
  let total: T = zero
  let first = true
  for (let t = 0; t < c - 1; t++) {
    let layerIn: T[] = []
    for (let i = 0; i < b; i++) layerIn.push(A.mul(p(extra + i), sequence[t * b + i] as unknown as T))
    for (let k = 0; k < l; k++) {
      const w = 8 * b * k
      const h = hidden[k]
      const s = cell[k]
      for (let i = 0; i < b; i++) {
        const forget = A.sigmoid(A.add(A.mul(layerIn[i], p(w + i)), p(w + 4 * b + i)))
        const ingate = A.sigmoid(A.add(times(h[i], p(w + b + i)), p(w + 5 * b + i)))
        const outgate = A.sigmoid(A.add(A.mul(layerIn[i], p(w + 2 * b + i)), p(w + 6 * b + i)))
        const change = A.tanh(A.add(times(h[i], p(w + 3 * b + i)), p(w + 7 * b + i)))
        s[i] = A.add(times(s[i], forget), A.mul(ingate, change))
        h[i] = A.mul(outgate, A.tanh(num(s[i])))
      }
      layerIn = h.map(num)
    }
    const ypred = layerIn.map((y, i) => A.add(A.mul(y, p(extra + b + i)), p(extra + 2 * b + i)))
    let sum: T = A.exp(ypred[0])
    for (let i = 1; i < b; i++) sum = A.add(sum, A.exp(ypred[i]))
    const lse = A.log(A.add(sum, 2 as unknown as T))
    for (let i = 0; i < b; i++) {
      const term = A.mul(A.sub(ypred[i], lse), sequence[(t + 1) * b + i] as unknown as T)
      total = first ? term : A.add(total, term)
      first = false
    }
  }
  return A.mul(total, (-1 / ((c - 1) * b)) as unknown as T)
}

const numbers: Arith<number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  sigmoid: (a) => 1 / (1 + Math.exp(-a)),
  tanh: Math.tanh,
  exp: Math.exp,
  log: Math.log,
}

const operands: Arith<Operand> = {
  add: (a, b) => (a as Var).add(b),
  sub: (a, b) => (a as Var).sub(b),
  mul: (a, b) => (a as Var).mul(b),
  sigmoid: (a) => sigmoid(a),
  tanh: (a) => tanh(a),
  exp: (a) => exp(a),
  log: (a) => log(a),
}

export const lstmObjective = (d: LstmInput): number => loss(numbers, (i) => d.params[i], d, 0)

export const lstmVars =
  (d: LstmInput) =>
  (p: Var[]): Operand =>
    loss(operands, (i) => p[i], d, 0)

export const lstm: Module = {
  objective: (input) => {
    const d = parseLstm(input)
    return repeat(runsOf(input), () => lstmObjective(d))
  },
  jacobian: (input, api) => {
    const d = parseLstm(input)
    const r = tapeGradient(input, () => api.trace(lstmVars(d), d.params, { vector: true }), d.params)
    return { ...r, output: Array.from(r.output) }
  },
}
