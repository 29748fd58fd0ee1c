// The batched compiler's SIMD vocabulary (./batch.ts): the f64x2
// instructions its rows use, the rules' exact vector forms, and what the
// rules' IR tells it (unit partials, the parameters a body reads).

import type { Bytes } from './encoder.js'
import type { FunctionIr } from './ir.js'

export const V128 = 0x7b
/** SIMD instructions: the 0xfd prefix, then these codes (LEB128). */
export const X2 = {
  load: 0x00,
  store: 0x0b,
  const: 0x0c,
  splat: 0x14,
  extractLane: 0x21,
  replaceLane: 0x22,
  ceil: 0x74,
  floor: 0x75,
  trunc: 0x7a,
  abs: 0xec,
  neg: 0xed,
  sqrt: 0xef,
  add: 0xf0,
  sub: 0xf1,
  mul: 0xf2,
  div: 0xf3,
  min: 0xf4,
  max: 0xf5,
} as const
export const I32_MUL = 0x6c
export const I32_LT_U = 0x49
export const VECTOR_ARITH: Readonly<Record<string, number>> = {
  '+': X2.add,
  '-': X2.sub,
  '*': X2.mul,
  '/': X2.div,
}
export const VECTOR_MATH: Readonly<Record<string, number>> = {
  sqrt: X2.sqrt,
  abs: X2.abs,
  floor: X2.floor,
  ceil: X2.ceil,
  trunc: X2.trunc,
  min: X2.min,
  max: X2.max,
}

export const simd = (out: Bytes, code: number) => out.byte(0xfd).u32(code)
/** A v128 with x in both lanes (every bit kept). */
export const splat = (out: Bytes, x: number) => {
  simd(out, X2.const)
  out.f64Bits(x).f64Bits(x)
}

/** The parameters a rule's body reads. */
export function reads(ir: FunctionIr): Set<string> {
  const names = new Set<string>()
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) for (const x of node) visit(x)
    else if (node !== null && typeof node === 'object') {
      const e = node as { k?: string; name?: string }
      if (e.k === 'var' && e.name !== undefined) names.add(e.name)
      for (const v of Object.values(node)) if (typeof v === 'object') visit(v)
    }
  }
  visit(ir.body)
  return new Set(ir.params.filter((p) => names.has(p)))
}
