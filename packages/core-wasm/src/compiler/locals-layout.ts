// The locals layout's functions (docs/ARCHITECTURE.md §6): forward,
// gradient, jvp(t) and hvp(t), one function each, every live value, tangent
// and adjoint in a local (./sweep-nodes.ts allocates them), the nodes written
// out in tape order (reverse: backwards).

import { Bytes, F64, I32, OP } from './encoder.js'
import type { RuleName } from './ir.js'
import { ADD, CONST, type Emit, INPUT, NEG, type NodeContext, SUB, type SweepNodes } from './sweep-nodes.js'
import type { CompilerLimits, CompileUnit } from './tape-compiler.js'

export interface LocalsContext extends NodeContext {
  /** Adds a function, counting its body against the module-size bound. */
  readonly addFunction: (body: Parameters<NodeContext['module']['addFunction']>[0]) => number
  readonly limits: CompilerLimits
  readonly units: ReadonlySet<CompileUnit>
}

/**
 * Emits and exports the units' functions in the locals layout; false when a
 * function is over the bounds (too many locals, too large a body): the caller
 * then compiles the tape in the memory layout.
 */
export function emitLocalsLayout(ctx: LocalsContext, s: SweepNodes): boolean {
  const { tape, module, lowering, addFunction, limits, units } = ctx
  const n = tape.op.length
  const { op, a, b } = tape
  const {
    vAt,
    gAt,
    free,
    alloc,
    release,
    reset,
    valueLocal,
    adjointLocal,
    lastUse,
    live,
    value,
    forwardValue,
  } = s
  const { forwardNode, reverseNode, prologue, epilogue, functionOf, times } = s

  // jvp(t): the forward sweep with the tangent sweep interleaved, node by node
  // (a tangent needs only values and earlier tangents, so the order changes no
  // result); the tangent array's address `t` (allocated on the host's first
  // jvp) is the function's parameter, local 0. Input tangents come from it, the
  // outputs' go back to it.
  const tangentLocal = new Int32Array(n).fill(-1)
  const T = 0
  const tangent =
    (i: number): Emit =>
    (out) => {
      if (op[i] === CONST) out.f64Const(0)
      else out.localGet(tangentLocal[i])
    }
  /** The interpreter's sz(t, d): t·d, but +0 when t is ±0 (a structural zero). */
  const sz = (out: Bytes, j: number, d: Emit) => {
    if (op[j] === CONST) {
      out.f64Const(0)
      return
    }
    out.f64Const(0)
    tangent(j)(out)
    d(out)
    out.op(OP.f64Mul)
    tangent(j)(out)
    out.f64Const(0).op(OP.f64Eq).op(OP.select)
  }
  const tangentValue = (out: Bytes, i: number) => {
    const o = op[i]
    const ai = a[i]
    const bi = b[i]
    switch (o) {
      case ADD:
      case SUB:
        tangent(ai)(out)
        tangent(bi)(out)
        out.op(o === ADD ? OP.f64Add : OP.f64Sub)
        return
      case NEG:
        tangent(ai)(out)
        out.op(OP.f64Neg)
        return
      default: {
        const x = value(ai)
        const yi = value(i)
        if (bi < 0) {
          sz(out, ai, (w) => lowering.rule(w, o, 'da', [x, (z) => z.f64Const(0), yi]))
        } else {
          const y = value(bi)
          sz(out, ai, (w) => lowering.rule(w, o, 'da', [x, y, yi]))
          sz(out, bi, (w) => lowering.rule(w, o, 'db', [x, y, yi]))
          out.op(OP.f64Add)
        }
      }
    }
  }
  const isOutput = new Uint8Array(n)
  for (const o of tape.outputs) isOutput[o] = 1
  /** Node i's value and tangent; every tangent stored to t when the reverse sweep will read it back (hvp). */
  const jvpNode = (out: Bytes, i: number, storeAll = false) => {
    out.storeBase()
    forwardValue(out, i)
    out.localTee((valueLocal[i] = alloc())).storeAt(vAt(i))
    tangentValue(out, i)
    out.localSet((tangentLocal[i] = alloc()))
    if (isOutput[i] || storeAll)
      out
        .localGet(T)
        .localGet(tangentLocal[i])
        .storeOffset(8 * i)
    for (const k of b[i] >= 0 && b[i] !== a[i] ? [a[i], b[i]] : [a[i]]) {
      if (lastUse[k] === i) {
        release(valueLocal, k)
        release(tangentLocal, k)
      }
    }
    if (lastUse[i] < 0) {
      release(valueLocal, i)
      release(tangentLocal, i)
    }
  }

  // hvp(t): values and tangents as jvp (all stored), then the interpreter's
  // tangent-of-adjoint sweep with adjoints g and their tangents gt in locals;
  // gt's array follows t's (the host allocates them together).
  const gtLive = new Uint8Array(n)
  const gtLocal = new Int32Array(n).fill(-1)
  const gLocalGet =
    (i: number): Emit =>
    (out) => {
      if (live[i]) out.localGet(adjointLocal[i])
      else out.f64Const(0)
    }
  const gtLocalGet =
    (i: number): Emit =>
    (out) => {
      if (gtLive[i]) out.localGet(gtLocal[i])
      else out.f64Const(0)
    }
  const accumulate = (
    out: Bytes,
    liveOf: Uint8Array,
    table: Int32Array,
    t: number,
    c: Emit,
    subtract: boolean,
    adjoint_ = false,
  ) => {
    if (op[t] === CONST) return
    if (!liveOf[t] && adjoint_ && !subtract) c(out)
    else {
      if (liveOf[t]) out.localGet(table[t])
      else out.f64Const(0)
      c(out)
      out.op(subtract ? OP.f64Sub : OP.f64Add)
    }
    out.localSet(liveOf[t] ? table[t] : (table[t] = alloc()))
    liveOf[t] = 1
  }
  const tangentMem =
    (i: number): Emit =>
    (out) => {
      if (op[i] === CONST) out.f64Const(0)
      else out.loadFrom(T, 8 * i)
    }
  /** sz(t, d) with t an emitted value, or known +0 (`zero`): then +0, as sz gives. */
  const szOf = (out: Bytes, t: Emit, zero: boolean, d: Emit) => {
    if (zero) {
      out.f64Const(0)
      return
    }
    out.f64Const(0)
    t(out)
    d(out)
    out.op(OP.f64Mul)
    t(out)
    out.f64Const(0).op(OP.f64Eq).op(OP.select)
  }
  const hvpReverse = (out: Bytes, i: number) => {
    const o = op[i]
    const ai = a[i]
    const bi = b[i]
    const gi = gLocalGet(i)
    const gti = gtLocalGet(i)
    const gZero = !live[i]
    const gtZero = !gtLive[i]
    const G = (t: number, c: Emit, subtract = false, adjoint_ = false) =>
      accumulate(out, live, adjointLocal, t, c, subtract, adjoint_)
    const GT = (t: number, c: Emit, subtract = false, adjoint_ = false) =>
      accumulate(out, gtLive, gtLocal, t, c, subtract, adjoint_)
    switch (o) {
      case ADD:
      case SUB:
        if (!gZero) {
          G(ai, gi, false, true)
          G(bi, gi, o === SUB, true)
        }
        if (!gtZero) {
          GT(ai, gti, false, true)
          GT(bi, gti, o === SUB, true)
        }
        return
      case NEG:
        if (!gZero) G(ai, gi, true)
        if (!gtZero) GT(ai, gti, true)
        return
    }
    const temps: number[] = []
    const temp = (e: Emit): Emit => {
      const l = alloc()
      temps.push(l)
      e(out)
      out.localSet(l)
      return (w) => w.localGet(l)
    }
    const x = value(ai)
    const yi = value(i)
    const ta = tangentMem(ai)
    const taZero = op[ai] === CONST
    const rule =
      (r: RuleName, args: Emit[]): Emit =>
      (w) =>
        lowering.rule(w, o, r, args)
    const sum =
      (l: Emit, r: Emit): Emit =>
      (w) => {
        l(w)
        r(w)
        w.op(OP.f64Add)
      }
    const sz =
      (t: Emit, zero: boolean, d: Emit): Emit =>
      (w) =>
        szOf(w, t, zero, d)
    if (bi < 0) {
      const args: Emit[] = [x, (w) => w.f64Const(0), yi]
      const d = temp(rule('da', args))
      G(ai, times(gi, d))
      GT(ai, sum(sz(gti, gtZero, d), times(gi, sz(ta, taZero, rule('daa', args)))))
    } else {
      const y = value(bi)
      const tb = tangentMem(bi)
      const tbZero = op[bi] === CONST
      const args: Emit[] = [x, y, yi]
      const dA = temp(rule('da', args))
      const dB = temp(rule('db', args))
      const dAB = temp(rule('dab', args))
      G(ai, times(gi, dA))
      G(bi, times(gi, dB))
      GT(ai, sum(sz(gti, gtZero, dA), times(gi, sum(sz(ta, taZero, rule('daa', args)), sz(tb, tbZero, dAB)))))
      GT(bi, sum(sz(gti, gtZero, dB), times(gi, sum(sz(ta, taZero, dAB), sz(tb, tbZero, rule('dbb', args))))))
    }
    free.push(...temps)
  }

  /** A function body over the bound: the sweeps retry in the memory layout (emitLocalsLayout gives false). */
  const tooBig = (code: Bytes) => code.length > limits.maxFunctionBytes
  const tFunction = (code: Bytes) => ({
    type: module.type([I32], []),
    // Local 0 is the parameter t; the f64 locals follow it.
    locals: s.locals > 1 ? [[s.locals - 1, F64] as const] : [],
    code,
  })
  /** Inputs' values and tangents into locals (jvp, hvp). */
  const tangentPrologue = (code: Bytes) => {
    reset()
    tangentLocal.fill(-1)
    s.locals = 1
    for (const i of tape.inputs) {
      if (valueLocal[i] >= 0) continue
      code.loadAt(vAt(i)).localSet((valueLocal[i] = alloc()))
      code.loadFrom(T, 8 * i).localSet((tangentLocal[i] = alloc()))
    }
  }

  if (units.has('primary')) {
    // forward
    let code = new Bytes()
    reset()
    prologue(code, false)
    for (let i = 0; i < n; i++) if (op[i] !== INPUT && op[i] !== CONST) forwardNode(code, i)
    if (s.locals > limits.maxLocals || tooBig(code)) return false
    module.export('forward', addFunction(functionOf(code, s.locals)))
    // gradient
    code = new Bytes()
    reset()
    prologue(code, true)
    for (let i = 0; i < n; i++) if (op[i] !== INPUT && op[i] !== CONST) forwardNode(code, i)
    s.reversing = true
    for (let i = n - 1; i >= 0; i--) {
      if (op[i] === INPUT || op[i] === CONST) continue
      reverseNode(code, i)
      release(adjointLocal, i)
    }
    s.reversing = false
    epilogue(code)
    if (s.locals > limits.maxLocals || tooBig(code)) return false
    module.export('gradient', addFunction(functionOf(code, s.locals)))
  }
  if (units.has('jvp')) {
    const code = new Bytes()
    tangentPrologue(code)
    for (let i = 0; i < n; i++) if (op[i] !== INPUT && op[i] !== CONST) jvpNode(code, i)
    if (tooBig(code) || s.locals > limits.maxLocals) return false
    module.export('jvp', addFunction(tFunction(code)))
  }
  if (units.has('hvp')) {
    const code = new Bytes()
    tangentPrologue(code)
    gtLocal.fill(-1)
    live.fill(0)
    for (const o of tape.outputs) live[o] = 1
    for (const o of tape.outputs) {
      if (adjointLocal[o] < 0) code.loadAt(gAt(o)).localSet((adjointLocal[o] = alloc()))
    }
    for (let i = 0; i < n; i++) if (op[i] !== INPUT && op[i] !== CONST) jvpNode(code, i, true)
    s.reversing = true
    for (let i = n - 1; i >= 0; i--) {
      if (op[i] === INPUT || op[i] === CONST) continue
      hvpReverse(code, i)
      release(adjointLocal, i)
      release(gtLocal, i)
    }
    s.reversing = false
    for (const i of tape.inputs) {
      code.storeBase()
      gLocalGet(i)(code)
      code.storeAt(gAt(i))
      code.localGet(T)
      gtLocalGet(i)(code)
      code.storeOffset(8 * n + 8 * i)
    }
    if (tooBig(code) || s.locals > limits.maxLocals) return false
    module.export('hvp', addFunction(tFunction(code)))
  }
  return true
}
