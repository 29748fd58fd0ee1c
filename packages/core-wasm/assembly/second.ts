// Second partials of every op, for the tangent-of-adjoint (hvp) sweep;
// mirrors the daa/dab/dbb columns of packages/core/src/ops.ts by hand, in the
// table's operation order. Ops the table leaves out have zero second partials.

import {
  ACOS, ACOSH, ASIN, ASINH, ATAN, ATAN2, ATANH, CBRT, COS, COSH, DIV, EXP, EXPM1, HYPOT, LOG, LOG10, LOG1P, LOG2,
  MUL, POW, SIGMOID, SIN, SINH, SOFTPLUS, SQRT, SQUARE, TAN, TANH,
} from './opcodes'
import { LN10, LN2, sigmoid } from './rules'

/** ∂²y/∂a². */
export function daa(o: u8, a: f64, b: f64, y: f64): f64 {
  switch (o) {
    case POW: return b == 0 || b == 1 ? 0 : b * (b - 1) * Math.pow(a, b - 2)
    case SQUARE: return 2
    case SQRT: return -0.25 / (y * y * y)
    case CBRT: return -2 / (9 * Math.pow(y, 5))
    case HYPOT: return y == 0 ? 0 : (b * b) / (y * y * y)
    case ATAN2: {
      const r = a * a + b * b
      return r == 0 ? 0 : (-2 * a * b) / (r * r)
    }
    case EXP: return y
    case EXPM1: return y + 1
    case LOG: return a < 0 ? NaN : -1 / (a * a)
    case LOG1P: return a < -1 ? NaN : -1 / ((1 + a) * (1 + a))
    case LOG2: return a < 0 ? NaN : -1 / (a * a * LN2)
    case LOG10: return a < 0 ? NaN : -1 / (a * a * LN10)
    case SIN: return -y
    case COS: return -y
    case TAN: return 2 * y * (1 + y * y)
    case ASIN: return a / Math.pow(1 - a * a, 1.5)
    case ACOS: return -a / Math.pow(1 - a * a, 1.5)
    case ATAN: return (-2 * a) / ((1 + a * a) * (1 + a * a))
    case SINH: return y
    case COSH: return y
    case TANH: return -2 * y * (1 - y * y)
    case ASINH: return -a / Math.pow(a * a + 1, 1.5)
    case ACOSH: return -a / Math.pow(a * a - 1, 1.5)
    case ATANH: return abs<f64>(a) > 1 ? NaN : (2 * a) / ((1 - a * a) * (1 - a * a))
    case SIGMOID: return y * (1 - y) * (1 - 2 * y)
    case SOFTPLUS: {
      const s = sigmoid(a)
      return s * (1 - s)
    }
  }
  return 0
}

/** ∂²y/∂a∂b. */
export function dab(o: u8, a: f64, b: f64, y: f64): f64 {
  switch (o) {
    case MUL: return 1
    case DIV: return -1 / (b * b)
    case POW: return a > 0 ? Math.pow(a, b - 1) * (1 + b * Math.log(a)) : a == 0 && b > 1 ? 0 : NaN
    case HYPOT: return y == 0 ? 0 : (-a * b) / (y * y * y)
    case ATAN2: {
      const r = a * a + b * b
      return r == 0 ? 0 : (a * a - b * b) / (r * r)
    }
  }
  return 0
}

/** ∂²y/∂b². */
export function dbb(o: u8, a: f64, b: f64, y: f64): f64 {
  switch (o) {
    case DIV: return (2 * y) / (b * b)
    case POW: return a > 0 ? y * Math.pow(Math.log(a), 2) : a == 0 && b > 0 ? 0 : NaN
    case HYPOT: return y == 0 ? 0 : (a * a) / (y * y * y)
    case ATAN2: {
      const r = a * a + b * b
      return r == 0 ? 0 : (2 * a * b) / (r * r)
    }
  }
  return 0
}
