// The rule IR as data (scripts/rule-ir.mjs builds it from the op table's own
// functions; gen-rules.mjs writes it to rule-ir.generated.ts), so the tape
// compiler lowers exactly the rules the interpreter was generated from.

export type Expr =
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'var'; readonly name: string }
  | { readonly k: 'bin'; readonly op: string; readonly l: Expr; readonly r: Expr }
  | { readonly k: 'neg'; readonly x: Expr }
  | { readonly k: 'not'; readonly x: Expr }
  | { readonly k: 'cond'; readonly c: Expr; readonly t: Expr; readonly f: Expr }
  | { readonly k: 'call'; readonly fn: string; readonly args: readonly Expr[] }

export type Stmt =
  | { readonly k: 'let'; readonly name: string; readonly mutable: boolean; readonly init: Expr }
  | { readonly k: 'assign'; readonly name: string; readonly v: Expr }
  | { readonly k: 'ret'; readonly v: Expr }
  | { readonly k: 'if'; readonly c: Expr; readonly t: readonly Stmt[]; readonly f: readonly Stmt[] }
  | { readonly k: 'while'; readonly c: Expr; readonly body: readonly Stmt[] }

/** A rule or helper: parameters (f64) and a body. */
export interface FunctionIr {
  readonly params: readonly string[]
  readonly body: readonly Stmt[]
}

export type RuleName = 'fwd' | 'da' | 'db' | 'daa' | 'dab' | 'dbb'

/** One op's rules; leaves have only fwd, unary ops no db/dab/dbb. */
export type OpRules = {
  readonly name: string
  readonly arity: 0 | 1 | 2
  /** Primitives: whether the batched sweeps' rows for fwd, and for da/db, have an exact f64x2 form. */
  readonly simd?: { readonly fwd: boolean; readonly reverse: boolean }
} & {
  readonly [R in RuleName]?: FunctionIr
}

export interface RuleTable {
  /** Top-level numeric constants of ops.ts, by name. */
  readonly constants: Readonly<Record<string, number>>
  /** Helper functions the rules call, callees before callers where the source has them so. */
  readonly helpers: readonly { readonly name: string; readonly ir: FunctionIr }[]
  /** Indexed by opcode. */
  readonly ops: readonly OpRules[]
}

/** The constant a rule returns (`() => 1`, `() => -1`, `() => 0`), else undefined. */
export function constantOf(ir: FunctionIr | undefined): number | undefined {
  if (ir === undefined || ir.body.length !== 1 || ir.body[0].k !== 'ret') return undefined
  const v = ir.body[0].v
  if (v.k === 'num') return v.v
  if (v.k === 'neg' && v.x.k === 'num') return -v.x.v
  return undefined
}

/** +1 or −1 for a partial that is that constant (add, sub, neg): the adjoint passes on unchanged. */
export function unitOf(ir: FunctionIr | undefined): 1 | -1 | undefined {
  const c = constantOf(ir)
  return c === 1 || c === -1 ? c : undefined
}
