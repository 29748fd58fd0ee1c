// The tape: one elementary operation per node, stored as a struct of arrays.
//
// Plain typed arrays and no object per node, so a tape can be copied into
// WebAssembly memory, hashed, serialised and replayed anywhere; 17 bytes per
// node (op 1, a 4, b 4, val 8), plus 8 when source spans are kept.

import { CONST, INPUT, OPS } from './ops.js'

/** Comparison a guard records; the sweep re-checks it at every replay. */
export const CMP = { lt: 0, le: 1, gt: 2, ge: 3, eq: 4, ne: 5 } as const
export type CmpName = keyof typeof CMP

/** A frozen tape: plain data, trimmed to length. */
export interface TapeData {
  readonly op: Uint8Array
  readonly a: Int32Array
  readonly b: Int32Array
  /** Inputs and constants: the recorded value. Other nodes: the value when recorded. */
  readonly val: Float64Array
  readonly inputs: Int32Array
  readonly outputs: Int32Array
  /** Guards: comparison `cmp` of nodes `ga` and `gb` gave `taken` (1 or 0) when recorded. */
  readonly guards: {
    readonly cmp: Uint8Array
    readonly a: Int32Array
    readonly b: Int32Array
    readonly taken: Uint8Array
  }
  /** Optional source span per node: [start, end) offsets into `source`, -1 when none. */
  readonly spans?: Int32Array
  readonly source?: string
}

export function compare(cmp: number, x: number, y: number): boolean {
  switch (cmp) {
    case CMP.lt:
      return x < y
    case CMP.le:
      return x <= y
    case CMP.gt:
      return x > y
    case CMP.ge:
      return x >= y
    case CMP.eq:
      return x === y
    default:
      return x !== y
  }
}

/** The growable arrays of a tape being recorded. */
interface Scratch {
  op: Uint8Array
  a: Int32Array
  b: Int32Array
  val: Float64Array
  inputs: Int32Array
}

// Recording reuses the arrays of earlier recordings: a typed array over 64
// bytes lives outside the JS heap and costs more to allocate than recording
// a small function. A few sets are kept, none over SPARE_NODES nodes, so a
// large tape's memory goes back when it is frozen.
const spare: Scratch[] = []
const SPARE_SETS = 4
const SPARE_NODES = 1 << 16
const EMPTY_U8 = new Uint8Array(0)
const EMPTY_I32 = new Int32Array(0)

function scratch(): Scratch {
  return (
    spare.pop() ?? {
      op: new Uint8Array(64),
      a: new Int32Array(64),
      b: new Int32Array(64),
      val: new Float64Array(64),
      inputs: new Int32Array(16),
    }
  )
}

/** A growable tape being recorded. */
export class Tape {
  op: Uint8Array
  a: Int32Array
  b: Int32Array
  val: Float64Array
  spans: Int32Array | null = null
  length = 0
  /** Input nodes, the first `inputCount` entries (grown geometrically, as every array here). */
  private inputList: Int32Array
  private inputCount = 0
  // Guards: comparison, operands and outcome, the first `guardCount` entries.
  private guardCmp: Uint8Array = EMPTY_U8
  private guardA: Int32Array = EMPTY_I32
  private guardB: Int32Array = EMPTY_I32
  private guardTaken: Uint8Array = EMPTY_U8
  private guardCount = 0
  /** Whether op, a, b and val are scratch arrays, to be given back when frozen. */
  private borrowed = true
  /** Set when `.value` was read while recording: plain JS control flow may depend on it. */
  valueDependent = false
  /** Span stamped on the nodes pushed next (the expression compiler sets it). */
  spanStart = -1
  spanEnd = -1

  constructor(withSpans = false) {
    const s = scratch()
    this.op = s.op
    this.a = s.a
    this.b = s.b
    this.val = s.val
    this.inputList = s.inputs
    if (withSpans) this.spans = new Int32Array(128)
  }

  push(op: number, a: number, b: number, value: number): number {
    const i = this.length
    if (i === this.op.length) this.grow()
    this.op[i] = op
    this.a[i] = a
    this.b[i] = b
    this.val[i] = value
    if (this.spans) {
      this.spans[2 * i] = this.spanStart
      this.spans[2 * i + 1] = this.spanEnd
    }
    this.length = i + 1
    return i
  }

  input(value: number): number {
    const i = this.push(INPUT, -1, -1, value)
    if (this.inputCount === this.inputList.length) this.inputList = grown(this.inputList, this.inputCount)
    this.inputList[this.inputCount++] = i
    return i
  }

  /** Number of inputs recorded so far. */
  get inputs(): number {
    return this.inputCount
  }

  constant(value: number): number {
    return this.push(CONST, -1, -1, value)
  }

  guard(cmp: number, a: number, b: number, taken: boolean): void {
    const j = this.guardCount
    if (j === this.guardCmp.length) {
      this.guardCmp = grown(this.guardCmp, j)
      this.guardA = grown(this.guardA, j)
      this.guardB = grown(this.guardB, j)
      this.guardTaken = grown(this.guardTaken, j)
    }
    this.guardCmp[j] = cmp
    this.guardA[j] = a
    this.guardB[j] = b
    this.guardTaken[j] = taken ? 1 : 0
    this.guardCount = j + 1
  }

  private grow(): void {
    const n = capacityAfter(this.op.length)
    const op = new Uint8Array(n)
    op.set(this.op)
    this.op = op
    const a = new Int32Array(n)
    a.set(this.a)
    this.a = a
    const b = new Int32Array(n)
    b.set(this.b)
    this.b = b
    const val = new Float64Array(n)
    val.set(this.val)
    this.val = val
    if (this.spans) {
      const spans = new Int32Array(2 * n)
      spans.set(this.spans)
      this.spans = spans
    }
  }

  /** Trim to length and freeze into plain data. */
  freeze(outputs: readonly number[], source?: string): TapeData {
    const n = this.length
    const g = this.guardCount
    const tape: { -readonly [K in keyof TapeData]: TapeData[K] } = {
      op: trimmed(this.op, n),
      a: trimmed(this.a, n),
      b: trimmed(this.b, n),
      val: trimmed(this.val, n),
      inputs: this.inputList.slice(0, this.inputCount),
      outputs: new Int32Array(outputs),
      guards:
        g === 0
          ? { cmp: EMPTY_U8, a: EMPTY_I32, b: EMPTY_I32, taken: EMPTY_U8 }
          : {
              cmp: this.guardCmp.slice(0, g),
              a: this.guardA.slice(0, g),
              b: this.guardB.slice(0, g),
              taken: this.guardTaken.slice(0, g),
            },
    }
    if (this.spans) tape.spans = this.spans.slice(0, 2 * n)
    if (source !== undefined) tape.source = source
    if (this.borrowed && this.op.length <= SPARE_NODES && spare.length < SPARE_SETS) {
      const inputs = this.inputList.length <= SPARE_NODES ? this.inputList : new Int32Array(16)
      spare.push({ op: this.op, a: this.a, b: this.b, val: this.val, inputs })
    }
    // Vars that outlive the recording read the frozen values; a push after this grows into new arrays.
    this.borrowed = false
    this.op = tape.op as Uint8Array
    this.a = tape.a as Int32Array
    this.b = tape.b as Int32Array
    this.val = tape.val as Float64Array
    this.inputList = tape.inputs as Int32Array
    return tape
  }
}

// Capacity doubles while a tape is small and grows by half beyond 2²⁰ nodes:
// while growing, old and new arrays coexist, so a 1.5× step keeps that peak
// at 2.5× the nodes instead of 3×, and the slack after the last step smaller.
const LARGE = 1 << 20

function capacityAfter(n: number): number {
  return n < 64 ? 64 : n < LARGE ? 2 * n : n + (n >>> 1)
}

type Growable = Uint8Array | Int32Array

/** A copy of the first `used` entries of `a` with room for more. */
function grown<T extends Growable>(a: T, used: number): T {
  const next = new (a.constructor as new (n: number) => T)(Math.max(16, 2 * a.length))
  next.set(a.subarray(0, used))
  return next
}

/**
 * The first n entries as a frozen array. A large tape is not copied when its
 * slack is at most a third of n: the copy would briefly need both, more than
 * the slack it saves. (Such a tape's arrays are views over larger buffers.)
 */
function trimmed<T extends Uint8Array | Int32Array | Float64Array>(a: T, n: number): T {
  if (n >= LARGE && 3 * (a.length - n) <= n) return a.subarray(0, n) as T
  return a.slice(0, n) as T
}

/** Bytes a frozen tape holds: its arrays' buffers (a large tape's may be longer than the view), not the JS object headers. */
export function tapeBytes(t: TapeData): number {
  // A view trimmed() left over its growth buffer holds the whole of it (a third more at most).
  const held = (a: ArrayBufferView) =>
    a.byteOffset === 0 && a.buffer.byteLength <= 2 * a.byteLength ? a.buffer.byteLength : a.byteLength
  let bytes = held(t.op) + held(t.a) + held(t.b) + held(t.val)
  bytes += t.inputs.byteLength + t.outputs.byteLength + (t.spans === undefined ? 0 : held(t.spans))
  const g = t.guards
  return bytes + g.cmp.byteLength + g.a.byteLength + g.b.byteLength + g.taken.byteLength
}

/** Checks the invariants a sweep relies on; throws a clear error for a malformed tape. */
export function validateTape(t: TapeData): void {
  const n = t.op.length
  if (t.a.length !== n || t.b.length !== n || t.val.length !== n)
    throw new Error('tape: arrays differ in length')
  for (let i = 0; i < n; i++) {
    const def = OPS[t.op[i]]
    if (def === undefined) throw new Error(`tape: node ${i} has unknown opcode ${t.op[i]}`)
    const a = t.a[i]
    const b = t.b[i]
    const ok = def.arity === 0 || (a >= 0 && a < i && (def.arity === 1 ? b === -1 : b >= 0 && b < i))
    if (!ok) throw new Error(`tape: node ${i} (${def.name}) has bad operands ${a}, ${b}`)
  }
  const g = t.guards
  for (let j = 0; j < g.cmp.length; j++) {
    if (!(g.a[j] >= 0 && g.a[j] < n && g.b[j] >= 0 && g.b[j] < n))
      throw new Error(`tape: guard ${j} is out of range`)
  }
  for (const i of t.inputs) if (i < 0 || i >= n || t.op[i] !== INPUT) throw new Error(`tape: bad input ${i}`)
  for (const i of t.outputs) if (i < 0 || i >= n) throw new Error(`tape: bad output ${i}`)
}
