// The batched sweeps in the locals layout (./batch.ts): per pair of lanes the
// whole tape straight-line, each value and adjoint a v128 local, inside one
// exported function looping over the pairs.

import type { BatchContext } from './batch.js'
import { type BatchNodes, L_END, L_P, L_Q, L_ROW, P_G, P_S, P_STRIDE, P_V } from './batch-nodes.js'
import { I32_LT_U, I32_MUL, simd, splat, V128, X2 } from './batch-simd.js'
import { Bytes, I32, OP } from './encoder.js'
import type { RuleName } from './ir.js'
import { unitOf } from './ir.js'
import { NotCompiled } from './not-compiled.js'
import { RULES } from './rule-ir.generated.js'
import { CONST, type Emit, INPUT } from './sweep-nodes.js'

/** Emits and exports forwardBatch and, for one output, gradientBatch in the locals layout. */
export function emitLocalsBatch(ctx: BatchContext, s: BatchNodes): void {
  const { tape, module, limits, stored, readBack, lastUse } = ctx
  const n = tape.op.length
  const { op, a, b, val } = tape
  const {
    rows,
    rowLocal,
    free,
    alloc,
    valueLocal,
    adjointLocal,
    release,
    rowAddress,
    forwardValue,
    partial,
  } = s
  /** Node i's value into a local (while it is used), the scratch area (gradient) and its row (when read). */
  const forwardNode = (out: Bytes, i: number, scratch: boolean) => {
    forwardValue(out, i)
    const l = (valueLocal[i] = alloc())
    out.localSet(l)
    if (scratch && readBack[i])
      simd(out.localGet(P_S).localGet(l), X2.store)
        .u32(4)
        .u32(16 * i)
    if (stored.has(i))
      simd(rowAddress(out, L_P, i).localGet(l), X2.store)
        .u32(3)
        .u32(0)
    if (lastUse[a[i]] === i) release(valueLocal, a[i])
    if (b[i] >= 0 && lastUse[b[i]] === i) release(valueLocal, b[i])
    if (lastUse[i] < 0) release(valueLocal, i)
  }

  const live = new Uint8Array(n)
  const adjoint =
    (i: number): Emit =>
    (out) => {
      if (live[i]) out.localGet(adjointLocal[i])
      else splat(out, 0)
    }
  /** G[t] ±= c in the interpreter's order; c alone as a first write when it is an adjoint passed on. */
  const addTo = (out: Bytes, t: number, c: Emit, subtract: boolean, passOn: boolean) => {
    if (op[t] === CONST) return
    if (!live[t] && passOn && !subtract) c(out)
    else {
      adjoint(t)(out)
      c(out)
      simd(out, subtract ? X2.sub : X2.add)
    }
    out.localSet(live[t] ? adjointLocal[t] : (adjointLocal[t] = alloc()))
    live[t] = 1
  }
  const reverseNode = (out: Bytes, i: number) => {
    const o = op[i]
    const gi = adjoint(i)
    const operands: [number, RuleName][] =
      b[i] < 0
        ? [[a[i], 'da']]
        : [
            [a[i], 'da'],
            [b[i], 'db'],
          ]
    for (const [t, r] of operands) {
      const unit = unitOf(RULES.ops[o][r]!)
      if (unit !== undefined) {
        if (live[i]) addTo(out, t, gi, unit < 0, true)
        continue
      }
      addTo(
        out,
        t,
        (w) => {
          gi(w)
          partial(i, r)(w)
          simd(w, X2.mul)
        },
        false,
        false,
      )
    }
  }

  const exportSweep = (name: string, gradient: boolean) => {
    s.vectors = 0
    free.length = 0
    valueLocal.fill(-1)
    adjointLocal.fill(-1)
    live.fill(0)
    const body = new Bytes()
    // The inputs' values, from their rows.
    for (const i of tape.inputs) {
      if (lastUse[i] < 0 && !gradient) continue
      simd(rowAddress(body, L_P, i), X2.load)
        .u32(3)
        .u32(0)
      const l = (valueLocal[i] = alloc())
      body.localSet(l)
      if (gradient && readBack[i])
        simd(body.localGet(P_S).localGet(l), X2.store)
          .u32(4)
          .u32(16 * i)
      if (lastUse[i] < 0) release(valueLocal, i)
    }
    for (const i of stored) {
      if (op[i] === CONST) {
        rowAddress(body, L_P, i)
        splat(body, val[i])
        simd(body, X2.store).u32(3).u32(0)
      }
    }
    for (let i = 0; i < n; i++) if (op[i] !== INPUT && op[i] !== CONST) forwardNode(body, i, gradient)
    if (gradient) {
      for (let i = 0; i < n; i++) release(valueLocal, i)
      for (const o of tape.outputs) {
        live[o] = 1
        splat(body, 1)
        body.localSet((adjointLocal[o] = alloc()))
      }
      s.reversing = true
      for (let i = n - 1; i >= 0; i--) {
        if (op[i] === INPUT || op[i] === CONST) continue
        reverseNode(body, i)
        release(adjointLocal, i)
      }
      s.reversing = false
      for (const i of tape.inputs) {
        rowAddress(body, L_Q, i)
        adjoint(i)(body)
        simd(body, X2.store).u32(3).u32(0)
      }
    }
    if (s.vectors > limits.maxLocals) {
      throw new NotCompiled(`the batched ${name} needs ${s.vectors} locals, over ${limits.maxLocals}`)
    }
    const code = new Bytes()
    // rowBytes = 8·stride; each touched row's offset; p, q walk the pairs of lanes from V and G.
    code.localGet(P_STRIDE).i32Const(8).op(I32_MUL).localSet(L_ROW)
    for (const [r, l] of rowLocal) code.i32Const(r).localGet(L_ROW).op(I32_MUL).localSet(l)
    code.localGet(P_V).localSet(L_P).localGet(P_G).localSet(L_Q)
    code.localGet(P_V).localGet(L_ROW).op(OP.i32Add).localSet(L_END)
    code.op(OP.loop).byte(0x40)
    code.bytes(body.view())
    code.localGet(L_P).i32Const(16).op(OP.i32Add).localSet(L_P)
    code.localGet(L_Q).i32Const(16).op(OP.i32Add).localSet(L_Q)
    code.localGet(L_P).localGet(L_END).op(I32_LT_U).op(OP.brIf).u32(0).op(OP.end)
    if (code.length > limits.maxFunctionBytes) {
      throw new NotCompiled(
        `the batched ${name}'s function would take ${code.length} bytes, over ${limits.maxFunctionBytes}`,
      )
    }
    const type = module.type([I32, I32, I32, I32], [])
    const locals: [number, number][] = [[4 + rows.length, I32]]
    if (s.vectors > 0) locals.push([s.vectors, V128])
    module.export(name, module.addFunction({ type, locals, code }))
  }

  exportSweep('forwardBatch', false)
  if (tape.outputs.length === 1) exportSweep('gradientBatch', true)
}
