// Value and first partials of every op, mirroring the rows of
// packages/core/src/ops.ts by hand, one `case` per op. The expressions keep
// the table's exact operation order so that + − × ÷ and sqrt round the same
// way as the JS backend; transcendental functions come from `Math`, which the
// build binds to the host's Math (see README: bit-identical to the JS backend).
// Kink conventions are the table's: relu'(0) = abs'(0) = 0, min/max split a tie;
// outside a domain the partials are NaN, like the value.

import {
  ABS, ACOS, ACOSH, ADD, ASIN, ASINH, ATAN, ATAN2, ATANH, CBRT, CEIL, CONST, COS, COSH, DIV, EXP, EXPM1, FLOOR,
  HYPOT, INPUT, LOG, LOG10, LOG1P, LOG2, MAX, MIN, MUL, NEG, POW, RELU, ROUND, SIGMOID, SIGN, SIN, SINH, SOFTPLUS,
  SQRT, SQUARE, STEP, SUB, TAN, TANH,
} from './opcodes'

// Math.LN2 and Math.LN10 as the JS engine has them.
export const LN2: f64 = 0.6931471805599453
export const LN10: f64 = 2.302585092994046

export function sigmoid(a: f64): f64 {
  // exp of a non-positive number never overflows.
  if (a >= 0) return 1 / (1 + Math.exp(-a))
  const e = Math.exp(a)
  return e / (1 + e)
}

/** Math.sign: keeps ±0 and NaN. */
function sign(a: f64): f64 {
  return a > 0 ? 1 : a < 0 ? -1 : a
}

/** Math.round: half-way cases go towards +∞ (wasm's `nearest` would go to even). */
function round(a: f64): f64 {
  const up = ceil<f64>(a)
  return up - 0.5 <= a ? up : up - 1
}

/** ∂min(a, b)/∂a; a tie gives ½. */
export function minDa(a: f64, b: f64): f64 {
  return a < b ? 1 : a > b ? 0 : a == b ? 0.5 : NaN
}

function powDb(a: f64, b: f64, y: f64): f64 {
  if (a > 0) return y * Math.log(a)
  if (a == 0 && b > 0) return 0
  return NaN
}

/** Traps: a tape the JS side validated never gets here, a corrupted one does. */
function unknownOpcode(): f64 {
  abort('unknown opcode')
  return NaN
}

/** y = op(a, b); unary ops ignore b. */
// @ts-ignore: decorator
@inline export function fwd(o: u8, a: f64, b: f64): f64 {
  switch (o) {
    case ADD: return a + b
    case SUB: return a - b
    case MUL: return a * b
    case DIV: return a / b
    case NEG: return -a
    case POW: return Math.pow(a, b)
    case SQUARE: return a * a
    case SQRT: return sqrt<f64>(a)
    case CBRT: return Math.cbrt(a)
    case ABS: return abs<f64>(a)
    case SIGN: return sign(a)
    case MIN: return min<f64>(a, b)
    case MAX: return max<f64>(a, b)
    case HYPOT: return Math.hypot(a, b)
    case ATAN2: return Math.atan2(a, b)
    case EXP: return Math.exp(a)
    case EXPM1: return Math.expm1(a)
    case LOG: return Math.log(a)
    case LOG1P: return Math.log1p(a)
    case LOG2: return Math.log2(a)
    case LOG10: return Math.log10(a)
    case SIN: return Math.sin(a)
    case COS: return Math.cos(a)
    case TAN: return Math.tan(a)
    case ASIN: return Math.asin(a)
    case ACOS: return Math.acos(a)
    case ATAN: return Math.atan(a)
    case SINH: return Math.sinh(a)
    case COSH: return Math.cosh(a)
    case TANH: return Math.tanh(a)
    case ASINH: return Math.asinh(a)
    case ACOSH: return Math.acosh(a)
    case ATANH: return Math.atanh(a)
    case SIGMOID: return sigmoid(a)
    case RELU: return a > 0 ? a : a <= 0 ? 0 : NaN
    case SOFTPLUS: return max<f64>(a, 0) + Math.log1p(Math.exp(-abs<f64>(a)))
    case STEP: return a > 0 ? 1 : a <= 0 ? 0 : NaN
    case FLOOR: return floor<f64>(a)
    case CEIL: return ceil<f64>(a)
    case ROUND: return round(a)
    case INPUT:
    case CONST: return NaN
  }
  return unknownOpcode()
}

/** ∂y/∂a at (a, b) with y = fwd(a, b). */
// @ts-ignore: decorator
@inline export function da(o: u8, a: f64, b: f64, y: f64): f64 {
  switch (o) {
    case ADD: return 1
    case SUB: return 1
    case MUL: return b
    case DIV: return 1 / b
    case NEG: return -1
    case POW: return b == 0 ? 0 : b * Math.pow(a, b - 1)
    case SQUARE: return 2 * a
    case SQRT: return 0.5 / y
    case CBRT: return 1 / (3 * y * y)
    case ABS: return a > 0 ? 1 : a < 0 ? -1 : a == 0 ? 0 : NaN
    case SIGN: return 0
    case MIN: return minDa(a, b)
    case MAX: return minDa(b, a)
    case HYPOT: return y == 0 ? 0 : a / y
    case ATAN2: {
      const r = a * a + b * b
      return r == 0 ? 0 : b / r
    }
    case EXP: return y
    case EXPM1: return y + 1
    case LOG: return a < 0 ? NaN : 1 / a
    case LOG1P: return a < -1 ? NaN : 1 / (1 + a)
    case LOG2: return a < 0 ? NaN : 1 / (a * LN2)
    case LOG10: return a < 0 ? NaN : 1 / (a * LN10)
    case SIN: return Math.cos(a)
    case COS: return -Math.sin(a)
    case TAN: return 1 + y * y
    case ASIN: return 1 / sqrt<f64>(1 - a * a)
    case ACOS: return -1 / sqrt<f64>(1 - a * a)
    case ATAN: return 1 / (1 + a * a)
    case SINH: return Math.cosh(a)
    case COSH: return Math.sinh(a)
    case TANH: return 1 - y * y
    case ASINH: return 1 / sqrt<f64>(a * a + 1)
    case ACOSH: return 1 / sqrt<f64>(a * a - 1)
    case ATANH: return abs<f64>(a) > 1 ? NaN : 1 / (1 - a * a)
    case SIGMOID: return y * (1 - y)
    case RELU: return a > 0 ? 1 : a <= 0 ? 0 : NaN
    case SOFTPLUS: return sigmoid(a)
    // step, floor, ceil, round: flat wherever they are differentiable.
    case STEP:
    case FLOOR:
    case CEIL:
    case ROUND:
    case INPUT:
    case CONST: return 0
  }
  return unknownOpcode()
}

/** ∂y/∂b; zero for unary ops. */
// @ts-ignore: decorator
@inline export function db(o: u8, a: f64, b: f64, y: f64): f64 {
  switch (o) {
    case ADD: return 1
    case SUB: return -1
    case MUL: return a
    case DIV: return -y / b
    case POW: return powDb(a, b, y)
    case MIN: return minDa(b, a)
    case MAX: return minDa(a, b)
    case HYPOT: return y == 0 ? 0 : b / y
    case ATAN2: {
      const r = a * a + b * b
      return r == 0 ? 0 : -a / r
    }
  }
  return 0
}
