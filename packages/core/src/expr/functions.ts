// The closed vocabulary of the expression language: every name a formula may
// call or mention, in frozen Maps. The parser resolves a name only here, so
// no text can reach a JavaScript object, method or global.
//
// Functions are every primitive of the op table (a new row appears here by
// itself) and the composites of composites.ts. `where` is the one special
// form: the compiler records only its taken branch (see compile.ts).

import { clamp, leakyRelu, logsumexp, mse } from '../composites.js'
import { type OpDef, PRIMITIVES } from '../ops.js'
import { type Operand, ops, type Var } from '../var.js'

export interface FunctionDef {
  readonly name: string
  /**
   * `primitive`: one row of the op table; a call with `op.arity` arguments is
   * one tape node whose operands are its arguments (`log` with a base is the
   * composite ln x / ln base). `composite`: several primitives. `where`: the
   * special form.
   */
  readonly kind: 'primitive' | 'composite' | 'where'
  readonly op?: OpDef
  readonly minArgs: number
  readonly maxArgs: number
  /** Only an even number of arguments (mse: predictions, then as many targets). */
  readonly evenArgs?: boolean
  /** Short description for messages and help. */
  readonly usage: string
  /** Records the call on the tape of its arguments; absent for `where`. */
  readonly record?: (args: readonly Var[]) => Operand
}

type Free = (...xs: Operand[]) => Operand
const freeFunctions = ops as unknown as Record<string, Free>

function primitive(op: OpDef): FunctionDef {
  const f = freeFunctions[op.name]
  const params = op.arity === 1 ? 'x' : 'x, y'
  if (op.name === 'log') {
    return {
      name: 'log',
      kind: 'primitive',
      op,
      minArgs: 1,
      maxArgs: 2,
      usage: 'log(x) or log(x, base)',
      record: (a) => (a.length === 1 ? f(a[0]) : f(a[0], a[1])),
    }
  }
  return {
    name: op.name,
    kind: 'primitive',
    op,
    minArgs: op.arity,
    maxArgs: op.arity,
    usage: `${op.name}(${params})`,
    record: op.arity === 1 ? (a) => f(a[0]) : (a) => f(a[0], a[1]),
  }
}

// biome-ignore format: one row per composite reads better than the formatter's layout
const COMPOSITES: readonly FunctionDef[] = [
  // c > 0 ? a : b, recorded lazily by the compiler with a guard on c.
  { name: 'where', kind: 'where', minArgs: 3, maxArgs: 3, usage: 'where(c, a, b) = a if c > 0, else b' },
  { name: 'clamp', kind: 'composite', minArgs: 3, maxArgs: 3, usage: 'clamp(x, lo, hi) = min(max(x, lo), hi)',
    record: (a) => clamp(a[0], a[1], a[2]) },
  { name: 'logsumexp', kind: 'composite', minArgs: 1, maxArgs: Infinity, usage: 'logsumexp(x1, x2, …) = ln Σ e^xi',
    record: (a) => logsumexp(a) },
  { name: 'leakyRelu', kind: 'composite', minArgs: 1, maxArgs: 2,
    usage: 'leakyRelu(x) or leakyRelu(x, alpha) = x if x > 0, else alpha·x (alpha = 0.01)',
    record: (a) => (a.length === 1 ? leakyRelu(a[0]) : leakyRelu(a[0], a[1])) },
  // Two lists in one flat argument list: the first half predictions, the second half targets.
  { name: 'mse', kind: 'composite', minArgs: 2, maxArgs: Infinity, evenArgs: true,
    usage: 'mse(p1, …, pn, t1, …, tn) = Σ (pi − ti)² / n',
    record: (a) => mse(a.slice(0, a.length / 2), a.slice(a.length / 2)) },
]

/** A Map that refuses `set`, `delete` and `clear`, so the allow-list cannot grow at run time. */
function frozenMap<V>(entries: Iterable<readonly [string, V]>): ReadonlyMap<string, V> {
  const map = new Map(entries)
  const refuse = () => {
    throw new TypeError('the expression language allow-list is frozen')
  }
  for (const method of ['set', 'delete', 'clear']) Object.defineProperty(map, method, { value: refuse })
  return Object.freeze(map)
}

export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = frozenMap(
  [...PRIMITIVES.map(primitive), ...COMPOSITES].map((d) => [d.name, Object.freeze(d)] as const),
)

export const CONSTANTS: ReadonlyMap<string, number> = frozenMap([
  ['pi', Math.PI],
  ['e', Math.E],
])

/** Other spellings of a function; the syntax tree holds the canonical name. */
export const ALIASES: ReadonlyMap<string, string> = frozenMap([['ln', 'log']])

/** Why `n` arguments do not fit `def`, or null when they do. */
export function arityProblem(def: FunctionDef, n: number): string | null {
  const ok = n >= def.minArgs && n <= def.maxArgs && (!def.evenArgs || n % 2 === 0)
  if (ok) return null
  const got = `got ${n}`
  if (def.evenArgs)
    return `${def.name} takes an even number of arguments, at least ${def.minArgs}: ${def.usage}; ${got}`
  const count = (k: number) => `${k} argument${k === 1 ? '' : 's'}`
  const wanted =
    def.maxArgs === Infinity
      ? `at least ${count(def.minArgs)}`
      : def.minArgs === def.maxArgs
        ? count(def.minArgs)
        : `${def.minArgs} or ${count(def.maxArgs)}`
  return `${def.name} takes ${wanted} (${def.usage}), ${got}`
}
