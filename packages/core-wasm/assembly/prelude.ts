// What the generated rules (rules.generated.ts) need beyond WebAssembly and the
// host's Math: JavaScript's Math.sign and Math.round, which have no instruction
// of the same semantics, the tangent sweeps' structural zero, and the trap for
// an opcode no rule covers.

/** Math.sign: keeps ±0 and NaN. */
export function sign(a: f64): f64 {
  return a > 0 ? 1 : a < 0 ? -1 : a
}

/** Math.round: half-way cases go towards +∞ (wasm's `nearest` would go to even). */
export function round(a: f64): f64 {
  const up = ceil<f64>(a)
  return up - 0.5 <= a ? up : up - 1
}

/** t·d, except that an exactly-zero tangent contributes nothing (a structural zero). */
// @ts-ignore: decorator
@inline export function sz(t: f64, d: f64): f64 {
  return t == 0 ? 0 : t * d
}

/**
 * Traps: a tape the JS side validated never gets here, a corrupted one does;
 * so does a sweep asking a rule its op does not have (db of a unary op).
 */
export function unknownOpcode(o: u8): f64 {
  abort('unknown opcode')
  return NaN
}
