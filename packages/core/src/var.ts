// Recording: a Var is a node of the tape being recorded. Every op of the
// table is both a method (`x.exp()`) and a free function (`exp(x)`); numbers
// mix freely and are promoted to constants. A free function given only
// numbers computes the plain number, so the same code runs with or without AD.

import { type BinaryOpName, CONST, OP, type OpDef, type OpName, PRIMITIVES, type UnaryOpName } from './ops.js'
import { CMP, type CmpName, compare, Tape } from './tape.js'

export type Operand = Var | number

/** Why a Var cannot be used where numbers are expected, though nested differentiation exists. */
export const NESTED =
  'this takes numbers; to differentiate through it inside a function being differentiated, use the transforms (grad, valueAndGrad, gradient, jacobian, hessian, jvp, vjp, hvp), which take Vars'

const NOT_A_NUMBER =
  'a Var is not a number: use its methods or the free functions (x.mul(2), mul(x, 2)), or .value for the number'

/** The innermost recording in progress (a transform inside f records on a tape of its own, a child of this one). */
let active: RecordingTape | null = null

/** The recording in progress, if any. */
export function activeRecording(): RecordingTape | null {
  return active
}

/** Runs `f` with `tape` as the recording in progress, restoring the previous one after. */
export function recordingOn<T>(tape: RecordingTape, f: () => T): T {
  const previous = active
  active = tape
  try {
    return f()
  } finally {
    active = previous
  }
}

type UnaryMethods = { [K in Exclude<UnaryOpName, 'log'>]: () => Var }
type BinaryMethods = { [K in BinaryOpName]: (other: Operand) => Var }
type CompareMethods = { [K in CmpName]: (other: Operand) => boolean }

export interface Var extends UnaryMethods, BinaryMethods, CompareMethods {
  /** ln x, or the logarithm in `base` when given (a composite: ln x / ln base). */
  log(base?: Operand): Var
}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the op methods are installed on the prototype from the table below
export class Var {
  constructor(
    readonly tape: RecordingTape,
    readonly index: number,
  ) {}

  /**
   * The recorded value. Reading it while recording marks the tape value-dependent:
   * plain JS control flow may have used it, so the transforms re-record at every call.
   */
  get value(): number {
    if (this.tape.recording) this.tape.valueDependent = true
    return this.tape.val[this.index]
  }

  toString(): string {
    return `Var(${this.tape.val[this.index]})`
  }

  /**
   * A Var is not a number: `x * 2` would silently compute NaN and lose the derivative.
   * (A transform called inside a function being differentiated answers with Vars.)
   */
  valueOf(): never {
    throw new TypeError(NOT_A_NUMBER)
  }

  /** Nor is it JSON: JSON.stringify would otherwise write out its whole tape. */
  toJSON(): never {
    throw new TypeError(NOT_A_NUMBER)
  }
}

// Constants are shared by value through a bounded cache of typed arrays: a
// slot per hash of the value's bits, probed a few slots on, a full run
// overwriting its first entry (whose value then gets a node of its own the
// next time: sharing is an economy, not a promise). A Map would hold a JS entry per distinct constant — a model's
// data is millions of them — and V8's Maps stop at 2²⁴ entries. The cache is
// made at a recording's ninth distinct constant; the first eight are scanned.
const bits = new Float64Array(1)
const halves = new Int32Array(bits.buffer)
const MIN_SLOTS = 64
const MAX_SLOTS = 1 << 16
/** Slots looked at from a value's own before it counts as absent. */
const PROBES = 8
/** Distinct constants a recording looks up by a scan before it makes the cache. */
const FEW = 8

/** The slot of `value` in a cache of n (a power of two) slots: the top bits of a multiplicative hash. */
function slotOf(value: number, n: number): number {
  bits[0] = value
  return Math.imul(halves[0] ^ Math.imul(halves[1], 0x27d4eb2d), 0x9e3779b1) >>> (Math.clz32(n) + 1)
}

/** A tape being recorded, with constants shared by value. */
export class RecordingTape extends Tape {
  recording = true
  /** The recording this one runs inside (a transform called by the function being recorded there). */
  readonly parent: RecordingTape | null
  readonly depth: number
  /**
   * Vars of enclosing recordings this tape used: each is a constant node here (`freeNodes[j]`) standing
   * for `freeVars[j]`, so the tape's sweeps, recorded on the enclosing tape, differentiate through it.
   */
  readonly freeNodes: number[] = []
  readonly freeVars: Var[] = []
  private freeOf: Map<RecordingTape, Map<number, number>> | null = null
  private keys: Float64Array | null = null
  /** Node + 1 of the constant in each slot; 0 when empty. */
  private slots: Int32Array | null = null
  private cached = 0
  /** The constants' nodes before there is a cache (at most FEW). */
  private few: number[] | null = null
  // The last constant, checked before the cache: a loop records the same few constants over and over.
  private lastConstant = Number.NaN
  private lastConstantNode = -1

  override constant(value: number): number {
    if (Object.is(value, -0) || this.spans) return super.constant(value)
    if (value === this.lastConstant) return this.lastConstantNode
    if (this.slots === null) {
      // The first few distinct constants are found by a scan of their nodes: a small function has
      // a handful, and the cache's two typed arrays cost more to allocate than recording it.
      const few = (this.few ??= [])
      const val = this.val
      let i = -1
      for (let k = 0; k < few.length; k++)
        if (val[few[k]] === value) {
          i = few[k]
          break
        }
      if (i < 0 && few.length < FEW) few.push((i = super.constant(value)))
      if (i >= 0) {
        this.lastConstant = value
        this.lastConstantNode = i
        return i
      }
      this.rehash()
    } else if (4 * this.cached > this.slots.length && this.slots.length < MAX_SLOTS) this.rehash()
    const slots = this.slots as Int32Array
    const keys = this.keys as Float64Array
    const mask = slots.length - 1
    const home = slotOf(value, slots.length)
    let i = -1
    for (let p = 0; p < PROBES; p++) {
      const k = (home + p) & mask
      if (slots[k] === 0) break
      if (keys[k] === value) {
        i = slots[k] - 1
        break
      }
    }
    if (i < 0) {
      i = super.constant(value)
      this.remember(value, i + 1)
    }
    this.lastConstant = value
    this.lastConstantNode = i
    return i
  }

  /** Puts a constant in the first empty slot of its probe run, or over the run's first. */
  private remember(value: number, slot: number): void {
    const slots = this.slots as Int32Array
    const keys = this.keys as Float64Array
    const mask = slots.length - 1
    const home = slotOf(value, slots.length)
    let k = home
    let p = 0
    for (; p < PROBES; p++) {
      k = (home + p) & mask
      if (slots[k] === 0) break
    }
    if (p === PROBES) k = home
    else this.cached++
    keys[k] = value
    slots[k] = slot
  }

  constructor(withSpans = false, parent: RecordingTape | null = null) {
    super(withSpans)
    this.parent = parent
    this.depth = parent === null ? 0 : parent.depth + 1
  }

  /** Whether `t` is a recording in progress that this one runs inside. */
  within(t: RecordingTape): boolean {
    for (let p = this.parent; p !== null; p = p.parent) if (p === t) return p.recording
    return false
  }

  /** The node standing for a Var of an enclosing recording (made on first use). */
  private free(x: Var): number {
    this.freeOf ??= new Map()
    let nodes = this.freeOf.get(x.tape)
    if (nodes === undefined) this.freeOf.set(x.tape, (nodes = new Map()))
    let i = nodes.get(x.index)
    if (i === undefined) {
      i = this.push(CONST, -1, -1, x.tape.val[x.index])
      nodes.set(x.index, i)
      this.freeNodes.push(i)
      this.freeVars.push(x)
    }
    return i
  }

  /** A cache four times larger (or the first one), keeping the entries it has. */
  private rehash(): void {
    const old = this.slots
    const oldKeys = this.keys
    const n = old === null ? MIN_SLOTS : Math.min(MAX_SLOTS, 4 * old.length)
    this.slots = new Int32Array(n)
    this.keys = new Float64Array(n)
    this.cached = 0
    if (old === null || oldKeys === null) {
      for (const node of this.few ?? []) this.remember(this.val[node], node + 1)
      this.few = null
      return
    }
    for (let k = 0; k < old.length; k++) if (old[k] !== 0) this.remember(oldKeys[k], old[k])
  }

  node(x: Operand): number {
    if (typeof x === 'number') return this.constant(x)
    if (!(x instanceof Var)) throw new TypeError(`expected a number or a Var, got ${typeof x}`)
    if (x.tape === this) return x.index
    if (this.recording && this.within(x.tape)) return this.free(x)
    throw mixed(x.tape)
  }
}

function mixed(_other: RecordingTape): Error {
  return new Error(
    'cannot mix Vars from different recordings (one of them has finished, or neither runs inside the other)',
  )
}

/**
 * The tape an op of x and y is recorded on: the innermost of theirs (the other's Var becomes a free
 * node there) — or the recording in progress, when it runs inside that one: an op of outer Vars
 * inside a nested transform's function belongs to the inner tape, whose sweeps record on the outer
 * one only what the answer needs (nested.ts), so a term the derivative ignores (√x, with its ∞
 * partial at 0) does not sit dead on the outer tape to meet a zero adjoint there as NaN.
 */
function tapeOf(x: Operand, y?: Operand): RecordingTape | null {
  let t: RecordingTape | null = null
  if (x instanceof Var) t = y instanceof Var && y.tape.depth > x.tape.depth ? y.tape : x.tape
  else if (y instanceof Var) t = y.tape
  if (t !== null && active !== null && active !== t && active.depth > t.depth && active.within(t))
    return active
  return t
}

/** Applies op `def` to Operands: numbers give a number, a Var records on the innermost tape. */
export function record(def: OpDef, x: Operand, y?: Operand): Var | number {
  const t = tapeOf(x, y)
  if (t === null) {
    if (typeof x !== 'number' || (y !== undefined && typeof y !== 'number')) {
      throw new TypeError(`${def.name}: expected numbers or Vars`)
    }
    return def.fwd(x, y ?? 0)
  }
  const ia = t.node(x)
  if (def.arity === 1) return new Var(t, t.push(def.code, ia, -1, def.fwd(t.val[ia], 0)))
  if (y === undefined) throw new TypeError(`${def.name} takes two arguments`)
  const ib = t.node(y)
  return new Var(t, t.push(def.code, ia, ib, def.fwd(t.val[ia], t.val[ib])))
}

function compareOp(cmp: number, x: Operand, y: Operand): boolean {
  const vx = x instanceof Var ? x.tape.val[x.index] : x
  const vy = y instanceof Var ? y.tape.val[y.index] : y
  const t = tapeOf(x, y)
  const result = compare(cmp, vx, vy)
  if (t?.recording) t.guard(cmp, t.node(x), t.node(y), result)
  return result
}

/**
 * A binary method's second operand: a number becomes a constant, a Var of this tape is itself;
 * -1 for a Var of a recording nested inside this one, where the op must be recorded instead.
 */
function operand(t: RecordingTape, def: OpDef, y: Operand | undefined): number {
  if (typeof y === 'number') return t.constant(y)
  if (y instanceof Var && y.tape === t) return y.index
  if (y === undefined) throw new TypeError(`${def.name} takes two arguments`)
  if (y instanceof Var && y.tape.depth > t.depth) return -1
  return t.node(y)
}

// Methods on Var, generated from the table so a new row needs no edit here.
// `this` is a Var of the tape, so a method skips record()'s search for one.
const proto = Var.prototype as unknown as Record<string, unknown>
for (const def of PRIMITIVES) {
  const { code, fwd } = def
  proto[def.name] =
    def.arity === 1
      ? function (this: Var) {
          const t = this.tape
          if (t !== active && active !== null) return record(def, this)
          const ia = this.index
          return new Var(t, t.push(code, ia, -1, fwd(t.val[ia], 0)))
        }
      : function (this: Var, other: Operand) {
          const t = this.tape
          if (t !== active && active !== null) return record(def, this, other)
          const ia = this.index
          const ib = operand(t, def, other)
          if (ib < 0) return record(def, this, other)
          return new Var(t, t.push(code, ia, ib, fwd(t.val[ia], t.val[ib])))
        }
}

// The commonest arithmetic is written inline, as sweeps.ts does: called from the
// shared methods above, the table's fwd is a megamorphic call that cost a quarter
// of recording Rosenbrock. record.test.ts checks these against the table's rows.
const { add, sub, mul, div, neg, square } = OP
Object.assign(proto, {
  add(this: Var, other: Operand) {
    const t = this.tape
    if (t !== active && active !== null) return record(add, this, other)
    const ia = this.index
    const ib = operand(t, add, other)
    if (ib < 0) return record(add, this, other)
    return new Var(t, t.push(add.code, ia, ib, t.val[ia] + t.val[ib]))
  },
  sub(this: Var, other: Operand) {
    const t = this.tape
    if (t !== active && active !== null) return record(sub, this, other)
    const ia = this.index
    const ib = operand(t, sub, other)
    if (ib < 0) return record(sub, this, other)
    return new Var(t, t.push(sub.code, ia, ib, t.val[ia] - t.val[ib]))
  },
  mul(this: Var, other: Operand) {
    const t = this.tape
    if (t !== active && active !== null) return record(mul, this, other)
    const ia = this.index
    const ib = operand(t, mul, other)
    if (ib < 0) return record(mul, this, other)
    return new Var(t, t.push(mul.code, ia, ib, t.val[ia] * t.val[ib]))
  },
  div(this: Var, other: Operand) {
    const t = this.tape
    if (t !== active && active !== null) return record(div, this, other)
    const ia = this.index
    const ib = operand(t, div, other)
    if (ib < 0) return record(div, this, other)
    return new Var(t, t.push(div.code, ia, ib, t.val[ia] / t.val[ib]))
  },
  neg(this: Var) {
    const t = this.tape
    if (t !== active && active !== null) return record(neg, this)
    const ia = this.index
    return new Var(t, t.push(neg.code, ia, -1, -t.val[ia]))
  },
  square(this: Var) {
    const t = this.tape
    if (t !== active && active !== null) return record(square, this)
    const ia = this.index
    const x = t.val[ia]
    return new Var(t, t.push(square.code, ia, -1, x * x))
  },
})

for (const [name, cmp] of Object.entries(CMP)) {
  proto[name] = function (this: Var, other: Operand) {
    return compareOp(cmp, this, other)
  }
}
proto.log = function (this: Var, base?: Operand) {
  const ln = record(OP.log, this) as Var
  return base === undefined ? ln : ln.div(record(OP.log, base))
}

/** Free functions: numbers in, number out; any Var in, Var out. */
export interface Unary {
  (x: number): number
  (x: Operand): Var
}
export interface Binary {
  (x: number, y: number): number
  (x: Operand, y: Operand): Var
}
export interface Log {
  (x: number, base?: number): number
  (x: Operand, base?: Operand): Var
}

export type FreeFunctions = { [K in Exclude<UnaryOpName, 'log'>]: Unary } & {
  [K in BinaryOpName]: Binary
} & {
  log: Log
}

export const ops = Object.freeze(
  Object.fromEntries(
    PRIMITIVES.map((def) => [
      def.name,
      def.name === 'log'
        ? (x: Operand, base?: Operand) => {
            const ln = record(def, x)
            return base === undefined ? ln : record(OP.div, ln, record(def, base))
          }
        : def.arity === 1
          ? (x: Operand) => record(def, x)
          : (x: Operand, y: Operand) => record(def, x, y),
    ]),
  ) as unknown as FreeFunctions,
)

/** Free comparisons: `lt(x, y)` is `x.lt(y)`, recording a guard when either side is a Var. */
export const comparisons = Object.freeze(
  Object.fromEntries(
    Object.entries(CMP).map(([name, cmp]) => [name, (x: Operand, y: Operand) => compareOp(cmp, x, y)]),
  ) as Record<CmpName, (x: Operand, y: Operand) => boolean>,
)

export function isVar(x: unknown): x is Var {
  return x instanceof Var
}

/** Names of every op a user can call (for tests that check each is exported). */
export const OP_NAMES: readonly OpName[] = PRIMITIVES.map((d) => d.name as OpName)
