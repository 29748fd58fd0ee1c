// Lowers the rule IR (./ir.ts, generated from the op table) to WebAssembly
// instructions. Each operation becomes the one instruction the
// AssemblyScript interpreter's generated rules compile to, in the IR's order,
// so results round identically: + − × ÷ sqrt abs floor ceil trunc min max are
// f64 instructions (min/max are IEEE-exact on NaN and ±0, as Math's are);
// every other Math function — sign and round included, whose JS semantics
// have no instruction — is imported from the host's Math, the same functions
// the interpreter module imports and the JS backend calls.
//
// A rule whose body is one expression is inlined at its use, its parameters
// bound to the operands' values; a rule with statements, and every helper of
// the table (erfSeries, sigmoid, …), becomes a module function.

import { Bytes, EMPTY, F64, I32, type ModuleBuilder, OP } from './encoder.js'
import type { Expr, FunctionIr, RuleName, RuleTable, Stmt } from './ir.js'

/** Math functions that are single f64 instructions. */
const UNARY: Readonly<Record<string, number>> = {
  sqrt: OP.f64Sqrt,
  abs: OP.f64Abs,
  floor: OP.f64Floor,
  ceil: OP.f64Ceil,
  trunc: OP.f64Trunc,
}
const BINARY_MATH: Readonly<Record<string, number>> = { min: OP.f64Min, max: OP.f64Max }
const ARITH: Readonly<Record<string, number>> = {
  '+': OP.f64Add,
  '-': OP.f64Sub,
  '*': OP.f64Mul,
  '/': OP.f64Div,
}
const COMPARE: Readonly<Record<string, number>> = {
  '<': OP.f64Lt,
  '>': OP.f64Gt,
  '<=': OP.f64Le,
  '>=': OP.f64Ge,
  '==': OP.f64Eq,
  '!=': OP.f64Ne,
}

type Type = typeof F64 | typeof I32

/** What a name means while lowering: a local of the function being built, or an emitter of a value. */
type Binding = { readonly local: number } | { readonly emit: (out: Bytes) => void }

/** A function body under construction: its locals beyond the parameters. */
interface Frame {
  params: number
  extra: number
}

function isMathCall(fn: string): string | undefined {
  return fn.startsWith('Math.') ? fn.slice(5) : undefined
}

/** The host Math functions (name, arity) an IR calls, helpers' included. */
function hostCalls(ir: unknown, table: RuleTable, out: Map<string, number>, seen: Set<string>): void {
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n)
      return
    }
    if (node === null || typeof node !== 'object') return
    const e = node as { k?: string; fn?: string; args?: unknown[] }
    if (e.k === 'call' && e.fn !== undefined) {
      const m = isMathCall(e.fn)
      if (m !== undefined) {
        if (!(m in UNARY) && !(m in BINARY_MATH)) out.set(`${m}/${e.args?.length ?? 0}`, e.args?.length ?? 0)
      } else if (!seen.has(e.fn)) {
        seen.add(e.fn)
        const h = table.helpers.find((x) => x.name === e.fn)
        if (h === undefined) throw new Error(`tape compiler: unknown helper ${e.fn}`)
        walk(h.ir)
      }
    }
    for (const v of Object.values(node)) if (typeof v === 'object') walk(v)
  }
  walk(ir)
}

/** A single-expression rule body, or undefined when the rule has statements. */
function expressionOf(ir: FunctionIr): Expr | undefined {
  const [only] = ir.body
  return ir.body.length === 1 && only.k === 'ret' ? only.v : undefined
}

/**
 * Lowers rules into one module. Construct it with the rules the module will use
 * (so their host imports are declared before any function), then call `rule()`
 * while emitting, and `finish()` before encoding.
 */
export class Lowering {
  private readonly imports = new Map<string, number>()
  private readonly functions = new Map<string, number>()
  private readonly pending: { index: number; ir: FunctionIr; name: string }[] = []
  private readonly f64Types: number[] = []

  constructor(
    private readonly module: ModuleBuilder,
    private readonly table: RuleTable,
    /** The rules to be lowered: [opcode, rule name]. */
    rules: Iterable<readonly [number, RuleName]>,
  ) {
    const host = new Map<string, number>()
    const seen = new Set<string>()
    for (const [o, r] of rules) hostCalls(this.irOf(o, r), table, host, seen)
    for (const [key, arity] of [...host].sort()) {
      const name = key.slice(0, key.indexOf('/'))
      this.imports.set(key, module.importFunction('env', `Math.${name}`, this.f64Type(arity)))
    }
  }

  /** The type (f64 × n) → f64. */
  f64Type(n: number): number {
    this.f64Types[n] ??= this.module.type(new Array(n).fill(F64), [F64])
    return this.f64Types[n]
  }

  private irOf(o: number, r: RuleName): FunctionIr {
    const row = this.table.ops[o]
    const ir = row?.[r]
    if (ir === undefined) throw new Error(`tape compiler: op ${row?.name ?? o} has no ${r} rule`)
    return ir
  }

  /**
   * Emits rule `r` of opcode `o` applied to the operands' values (emitters of
   * a, b and, for partials, y): inlined when it is one expression, else a call.
   */
  rule(out: Bytes, o: number, r: RuleName, args: readonly ((out: Bytes) => void)[]): void {
    const ir = this.irOf(o, r)
    const e = expressionOf(ir)
    if (e !== undefined) {
      const env = new Map<string, Binding>()
      ir.params.forEach((p, i) => {
        env.set(p, { emit: args[i] })
      })
      this.expect(this.expr(out, e, env, null), F64, `${this.table.ops[o].name}.${r}`)
      return
    }
    for (let i = 0; i < ir.params.length; i++) args[i](out)
    out.call(this.functionOf(`${this.table.ops[o].name}_${r}`, ir))
  }

  /** Writes the bodies of every module function reserved so far (and of those they call). */
  finish(): void {
    while (this.pending.length > 0) {
      const { index, ir, name } = this.pending.pop()!
      this.module.setFunction(index, this.functionBody(ir, name))
    }
  }

  private functionOf(name: string, ir: FunctionIr): number {
    let f = this.functions.get(name)
    if (f === undefined) {
      f = this.module.addFunction({ type: this.f64Type(ir.params.length), locals: [], code: null! })
      this.functions.set(name, f)
      this.pending.push({ index: f, ir, name })
    }
    return f
  }

  private helper(name: string): { index: number; ir: FunctionIr } {
    const h = this.table.helpers.find((x) => x.name === name)
    if (h === undefined) throw new Error(`tape compiler: unknown helper ${name}`)
    return { index: this.functionOf(name, h.ir), ir: h.ir }
  }

  private functionBody(ir: FunctionIr, name: string) {
    const frame: Frame = { params: ir.params.length, extra: 0 }
    const env = new Map<string, Binding>()
    ir.params.forEach((p, i) => {
      env.set(p, { local: i })
    })
    const code = new Bytes()
    this.statements(code, ir.body, env, frame, name)
    // A body that falls off its end without returning is refused by asc, so never runs.
    code.op(OP.unreachable)
    return {
      type: this.f64Type(ir.params.length),
      locals: frame.extra > 0 ? [[frame.extra, F64] as const] : [],
      code,
    }
  }

  private statements(
    out: Bytes,
    list: readonly Stmt[],
    outer: Map<string, Binding>,
    frame: Frame,
    where: string,
  ): void {
    const env = new Map(outer)
    for (const s of list) {
      switch (s.k) {
        case 'let': {
          this.expect(this.expr(out, s.init, env, frame), F64, where)
          const local = frame.params + frame.extra++
          out.localSet(local)
          env.set(s.name, { local })
          break
        }
        case 'assign': {
          const b = env.get(s.name)
          if (b === undefined || !('local' in b))
            throw new Error(`tape compiler: ${where}: assigns ${s.name}`)
          this.expect(this.expr(out, s.v, env, frame), F64, where)
          out.localSet(b.local)
          break
        }
        case 'ret':
          this.expect(this.expr(out, s.v, env, frame), F64, where)
          out.op(OP.return)
          break
        case 'if':
          this.expect(this.expr(out, s.c, env, frame), I32, where)
          out.op(OP.if).byte(EMPTY)
          this.statements(out, s.t, env, frame, where)
          if (s.f.length > 0) {
            out.op(OP.else)
            this.statements(out, s.f, env, frame, where)
          }
          out.op(OP.end)
          break
        case 'while':
          // block { loop { br_if !c → out; body; br loop } }
          out.op(OP.block).byte(EMPTY).op(OP.loop).byte(EMPTY)
          this.expect(this.expr(out, s.c, env, frame), I32, where)
          out.op(OP.i32Eqz).op(OP.brIf).u32(1)
          this.statements(out, s.body, env, frame, where)
          out.op(OP.br).u32(0).op(OP.end).op(OP.end)
          break
      }
    }
  }

  private expect(got: Type, want: Type, where: string): void {
    if (got !== want) {
      throw new Error(
        `tape compiler: ${where}: a ${got === F64 ? 'number' : 'boolean'} where the IR needs another`,
      )
    }
  }

  /** Emits e; returns its type (f64 for numbers, i32 for comparisons and their logic). */
  private expr(out: Bytes, e: Expr, env: Map<string, Binding>, frame: Frame | null): Type {
    switch (e.k) {
      case 'num':
        out.f64Const(e.v)
        return F64
      case 'var': {
        const b = env.get(e.name)
        if (b !== undefined) {
          if ('local' in b) out.localGet(b.local)
          else b.emit(out)
          return F64
        }
        const c = this.table.constants[e.name]
        if (c === undefined) throw new Error(`tape compiler: unknown name ${e.name}`)
        out.f64Const(c)
        return F64
      }
      case 'neg':
        this.expect(this.expr(out, e.x, env, frame), F64, 'neg')
        out.op(OP.f64Neg)
        return F64
      case 'not':
        this.expect(this.expr(out, e.x, env, frame), I32, 'not')
        out.op(OP.i32Eqz)
        return I32
      case 'bin': {
        const arith = ARITH[e.op]
        const cmp = COMPARE[e.op]
        const want = arith !== undefined || cmp !== undefined ? F64 : I32
        this.expect(this.expr(out, e.l, env, frame), want, e.op)
        this.expect(this.expr(out, e.r, env, frame), want, e.op)
        if (arith !== undefined) {
          out.op(arith)
          return F64
        }
        if (cmp !== undefined) {
          out.op(cmp)
          return I32
        }
        // Both sides are comparisons of numbers, free of effects: && and || need not short-circuit.
        if (e.op === '&&') out.op(OP.i32And)
        else if (e.op === '||') out.op(OP.i32Or)
        else throw new Error(`tape compiler: unknown operator ${e.op}`)
        return I32
      }
      case 'cond': {
        this.expect(this.expr(out, e.c, env, frame), I32, 'cond')
        out.op(OP.if).byte(F64)
        this.expect(this.expr(out, e.t, env, frame), F64, 'cond')
        out.op(OP.else)
        this.expect(this.expr(out, e.f, env, frame), F64, 'cond')
        out.op(OP.end)
        return F64
      }
      case 'call': {
        for (const a of e.args) this.expect(this.expr(out, a, env, frame), F64, e.fn)
        const m = isMathCall(e.fn)
        if (m !== undefined) {
          const unary = UNARY[m]
          const binary = BINARY_MATH[m]
          if (unary !== undefined && e.args.length === 1) out.op(unary)
          else if (binary !== undefined && e.args.length === 2) out.op(binary)
          else {
            const f = this.imports.get(`${m}/${e.args.length}`)
            if (f === undefined) throw new Error(`tape compiler: Math.${m} was not imported`)
            out.call(f)
          }
          return F64
        }
        const h = this.helper(e.fn)
        if (h.ir.params.length !== e.args.length) {
          throw new Error(`tape compiler: ${e.fn} takes ${h.ir.params.length} arguments`)
        }
        out.call(h.index)
        return F64
      }
    }
  }
}
