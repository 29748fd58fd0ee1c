import { describe, expect, it } from 'vitest'
import { createApi } from './api.js'
import { jsBackend } from './js-backend.js'
import { CONST, OP, PRIMITIVES } from './ops.js'
import { recordFunction } from './record.js'
import { tapeBytes } from './tape.js'
import type { Var } from './var.js'

const copy = (t: { op: Uint8Array; a: Int32Array; b: Int32Array; val: Float64Array }) => ({
  op: Array.from(t.op),
  a: Array.from(t.a),
  b: Array.from(t.b),
  val: Array.from(t.val),
})

const SPECIAL = [
  0,
  -0,
  1,
  -1,
  0.5,
  -2.75,
  3,
  1e-310,
  -1e308,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
]

describe('recording', () => {
  it("every op's method records exactly its table row's value (the inline arithmetic too)", () => {
    for (const def of PRIMITIVES) {
      for (const a of SPECIAL) {
        for (const b of def.arity === 2 ? SPECIAL : [0]) {
          const { tape } = recordFunction(
            (x: Var, y: Var) => {
              const method = (x as unknown as Record<string, (o?: Var) => Var>)[def.name]
              return def.arity === 2 ? method.call(x, y) : method.call(x)
            },
            [a, b],
          )
          const got = tape.val[tape.outputs[0]]
          expect(Object.is(got, def.fwd(a, b)), `${def.name}(${a}, ${b}) = ${got}`).toBe(true)
        }
      }
    }
  })

  it('a frozen tape is untouched by later recordings, which reuse the scratch arrays', () => {
    const first = recordFunction((x: Var) => x.mul(x).add(x), [2]).tape
    const before = copy(first)
    expect(before).toEqual({
      op: [0, OP.mul.code, OP.add.code],
      a: [-1, 0, 1],
      b: [-1, 0, 0],
      val: [2, 4, 6],
    })
    for (let i = 0; i < 10; i++) recordFunction((x: Var) => x.sin().exp().sub(7).div(x), [i + 0.5])
    expect(copy(first)).toEqual(before)
  })

  it('a tape that outgrows the scratch arrays records every node', () => {
    const n = 100_000
    const { tape } = recordFunction(
      (x: Var) => {
        let y = x
        for (let i = 0; i < n; i++) y = y.add(1)
        return y
      },
      [0],
    )
    expect(tape.op.length).toBe(n + 2)
    expect(tape.val[n + 1]).toBe(n)
    expect(tape.outputs[0]).toBe(n + 1)
  })

  it('a Var kept after recording reads its value, and using it never changes the frozen tape', () => {
    let kept: Var | undefined
    const { tape } = recordFunction(
      (x: Var) => {
        kept = x.mul(3)
        return kept
      },
      [2],
    )
    const before = copy(tape)
    recordFunction((x: Var) => x.neg().neg().neg(), [9])
    expect(kept!.value).toBe(6)
    expect(kept!.add(1).value).toBe(7)
    expect(copy(tape)).toEqual(before)
  })

  it('shares constants by value, but keeps −0 apart from 0', () => {
    const { tape } = recordFunction((x: Var) => x.add(2).mul(3).add(2).mul(3).add(0).add(-0), [1])
    const constants = Array.from(tape.op).flatMap((op, i) => (op === CONST ? [tape.val[i]] : []))
    expect(constants).toEqual([2, 3, 0, -0])
    expect(Object.is(constants[3], -0)).toBe(true)
    expect(tape.val[tape.outputs[0]]).toBe(33)
  })

  it('shares many distinct constants through a bounded cache, and records two million past its size', () => {
    // 500 distinct constants, each used twice: the second use finds the first's node.
    const few = recordFunction(
      (x: Var) => {
        let s = x
        for (let k = 0; k < 2; k++) for (let i = 0; i < 500; i++) s = s.add(i + 0.5)
        return s
      },
      [0],
    ).tape
    expect(few.op.filter((op) => op === CONST).length).toBe(500)
    // 2²¹ distinct constants, past the cache's 2¹⁶ slots (a full probe run overwrites its first
    // entry): every constant distinct, the tape still right. (Not past a Map's 2²⁴ entries: too slow to test.)
    const n = 1 << 21
    const many = recordFunction(
      (x: Var) => {
        let s = x
        for (let i = 0; i < n; i++) s = s.add(i * 1e-9)
        return s
      },
      [1],
    ).tape
    expect(many.op.length).toBeGreaterThan(2 * n - 1)
    let want = 1
    for (let i = 0; i < n; i++) want += i * 1e-9
    expect(many.val[many.outputs[0]]).toBe(want)
  })

  it('freezes a large tape without a copy when its slack is small, and counts the buffer it holds', () => {
    // 1.25 × 2²⁰ nodes fill a 1.5 × 2²⁰ buffer to five sixths: kept as a view; 17 bytes a node plus the slack.
    const n = 5 << 18
    const { tape } = recordFunction(
      (x: Var) => {
        let s = x
        for (let i = 1; i < n; i++) s = s.neg()
        return s
      },
      [2],
    )
    expect(tape.op.length).toBe(n)
    expect(Math.abs(tape.val[n - 1])).toBe(2)
    expect(tape.val.buffer.byteLength).toBeGreaterThan(tape.val.byteLength)
    expect(tapeBytes(tape)).toBeGreaterThanOrEqual(17 * n)
    expect(tapeBytes(tape)).toBeLessThanOrEqual(17 * 1.5 * n + 64)
  })

  it('records inputs and guards in typed arrays, in order', () => {
    const { tape } = recordFunction(
      (v: Var[]) => {
        let s = v[0]
        for (let i = 1; i < v.length; i++) s = v[i].gt(s) ? v[i] : s
        return s
      },
      Array.from({ length: 100 }, (_, i) => (i * 37) % 101),
      true,
    )
    expect(tape.inputs).toBeInstanceOf(Int32Array)
    expect(Array.from(tape.inputs)).toEqual(Array.from({ length: 100 }, (_, i) => i))
    expect(tape.guards.cmp.length).toBe(99)
    expect(tape.val[tape.outputs[0]]).toBe(100)
  })

  it('a binary method without its argument, or given something else, is a clear error', () => {
    expect(() => recordFunction((x: Var) => (x.add as unknown as (this: Var) => Var).call(x), [1])).toThrow(
      /add takes two arguments/,
    )
    expect(() => recordFunction((x: Var) => x.mul('2' as unknown as number), [1])).toThrow(
      /expected a number or a Var, got string/,
    )
  })

  it('Vars kept from a transform call, and transforms called inside one at plain numbers, stay right', () => {
    const { grad, gradient } = createApi(jsBackend)
    let kept: Var | undefined
    expect(
      grad((x: Var) => {
        kept = x.mul(3)
        return kept
      })(2),
    ).toBe(3)
    // Later calls reuse the scratch arrays; the kept Var reads its own value.
    for (let i = 0; i < 5; i++) expect(gradient((x: Var, y: Var) => x.mul(y).sin(), [i, 1])).toHaveLength(2)
    expect(kept!.value).toBe(6)
    // A transform at plain numbers inside a function being differentiated records its own tape.
    expect(grad((x: Var) => x.mul(grad((y: Var) => y.mul(y))(3)))(2)).toBe(6)
    expect(
      gradient((x: Var, y: Var) => x.mul(gradient((u: Var) => u.square(), [y.value])[0]), [1, 4]),
    ).toEqual([8, 0])
  })
})
