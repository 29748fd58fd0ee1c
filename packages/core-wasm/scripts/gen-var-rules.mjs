// Generates packages/core/src/rules-var.generated.ts: every op's first partials
// (da, db) as functions of Operands (Vars or numbers) instead of numbers, from
// the same rule IR the AssemblyScript rules come from (./rule-ir.mjs), so the
// rules are still written once, in packages/core/src/ops.ts.
//
// Nested differentiation records an inner sweep as operations of the outer
// tape: a partial evaluated over Vars is itself differentiable. Arithmetic
// becomes the free functions (add, mul, …), a `Math` function the op of the
// same name, a helper its own Operand version; conditions are evaluated on
// values, as a tape does at its point, and recorded as guards (lt, eq, …) so
// that a replay where one flips re-records. Given numbers, each function
// computes exactly what the number rule does, in the same order.
// `--check [file]` exits 1 when the committed file is stale.
import { writeOrCheck } from '../../core/scripts/generated-file.mjs'
import { loadTable } from './gen-rules.mjs'
import { constantsOf, helperIr, helperNames, printStatements, ruleIr } from './rule-ir.mjs'

export const outPath = new URL('../../core/src/rules-var.generated.ts', import.meta.url)

const ARITH = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' }
const CMP = { '<': 'lt', '>': 'gt', '<=': 'le', '>=': 'ge', '==': 'eq', '!=': 'ne' }

function num(v) {
  if (Number.isNaN(v)) return 'Number.NaN'
  if (v === Number.POSITIVE_INFINITY) return 'Number.POSITIVE_INFINITY'
  if (v === Number.NEGATIVE_INFINITY) return 'Number.NEGATIVE_INFINITY'
  if (Object.is(v, -0)) return '-0'
  return String(v)
}

/** The comparison with its sides swapped (and, for |x| ⋚ c, the one of x with −c). */
const MIRROR = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '==': '==', '!=': '!=' }

/** Whether an expression is a value a comparison may take as it is: a name, a number, −number. */
const plain = (e) => e.k === 'var' || e.k === 'num' || (e.k === 'neg' && e.x.k === 'num')

/**
 * A comparison becomes guards on the rule's own Operands, never an op recorded for the test
 * alone (an abs recorded there would be a kink on the outer tape): |x| ⋚ c is rewritten as
 * comparisons of x with ±c, and any other computed side is refused.
 */
function printComparison(e, call, where) {
  let { op, l, r } = e
  const isAbs = (x) => x.k === 'call' && x.fn === 'Math.abs'
  if (isAbs(r) && !isAbs(l)) [op, l, r] = [MIRROR[op], r, l]
  if (isAbs(l) && r.k === 'num' && r.v >= 0) {
    const x = l.args[0]
    if (!plain(x)) throw new Error(`${where}: |…| of a computed value in a comparison would record an op`)
    const hi = call(CMP[op], [x, r])
    const lo = call(CMP[MIRROR[op]], [x, { k: 'num', v: -r.v }])
    // |x| > c: x > c or x < −c; |x| < c: x < c and x > −c; == alike with or, != with and.
    const either = op === '>' || op === '>=' || op === '=='
    return `(${hi} ${either ? '||' : '&&'} ${lo})`
  }
  if (!plain(l) || !plain(r))
    throw new Error(`${where}: a comparison of a computed value would record an op for it`)
  return call(CMP[op], [l, r])
}

/** An expression of Operands; `used` collects the free functions it calls. */
function printExpr(e, used, ops, where) {
  const p = (x) => printExpr(x, used, ops, where)
  const call = (fn, args) => {
    used.add(fn)
    return `${fn}(${args.map(p).join(', ')})`
  }
  switch (e.k) {
    case 'num':
      return num(e.v)
    case 'var':
      return e.name
    case 'neg':
      return call('neg', [e.x])
    case 'not':
      return `!${p(e.x)}`
    case 'bin':
      if (e.op in ARITH) return call(ARITH[e.op], [e.l, e.r])
      if (e.op in CMP) return printComparison(e, call, where)
      return `(${p(e.l)} ${e.op} ${p(e.r)})`
    case 'cond':
      return `(${p(e.c)} ? ${p(e.t)} : ${p(e.f)})`
    case 'call': {
      if (!e.fn.startsWith('Math.')) return `${e.fn}V(${e.args.map(p).join(', ')})`
      const name = e.fn.slice(5)
      if (!ops.has(name)) throw new Error(`${where}: Math.${name} is not an op, so it has no Operand version`)
      return call(name, e.args)
    }
  }
  throw new Error(`${where}: unknown expression ${e.k}`)
}

function emit(name, ir, used, ops, where) {
  // A parameter the rule does not read is named _a, _b or _y by the IR.
  const params = ir.params.map((q) => `${q}: Operand`).join(', ')
  return [
    `function ${name}(${params}): Operand {`,
    ...printStatements(ir.body, 1, 'Operand', (e) => printExpr(e, used, ops, where), where),
    '}',
  ].join('\n')
}

/** The file's text for a loaded table. */
export function render({ ops, source }) {
  const constants = constantsOf(source)
  const context = { helpers: helperNames(source), constants: new Set(constants.map((c) => c.name)) }
  const names = new Set(ops.filter((o) => o.arity > 0).map((o) => o.name))
  const used = new Set()
  const body = []
  const irs = []
  const table = []
  const reads = []
  for (const op of ops) {
    if (op.arity === 0) {
      table.push('  null,')
      reads.push(0)
      continue
    }
    const rules = op.arity === 1 ? ['da'] : ['da', 'db']
    for (const rule of rules) {
      const where = `op ${op.name}: ${rule}`
      const ir = ruleIr(op[rule], ['a', 'b', 'y'], context, where)
      irs.push(ir)
      body.push(emit(`${op.name}_${rule}`, ir, used, names, where), '')
    }
    const rulesIr = irs.slice(-rules.length)
    // A parameter the rule does not read is named with a leading _ by the IR.
    reads.push(
      ['a', 'b', 'y'].reduce((m, q, k) => (rulesIr.some((ir) => ir.params[k] === q) ? m | (1 << k) : m), 0),
    )
    table.push(`  [${rules.map((r) => `${op.name}_${r}`).join(', ')}],`)
  }
  const helpers = helperIr(source, irs).map((h) => emit(`${h.name}V`, h.ir, used, names, `helper ${h.name}`))
  const free = [...used].filter((n) => !Object.values(CMP).includes(n)).sort()
  const cmps = [...used].filter((n) => Object.values(CMP).includes(n)).sort()
  const out = [
    '// GENERATED by packages/core-wasm/scripts/gen-var-rules.mjs from ops.ts. Do not edit;',
    '// run `pnpm --filter @chainrule/core-wasm gen` after changing the op table.',
    '// biome-ignore-all lint: generated',
    '// biome-ignore-all format: generated',
    '//',
    "// Each op's first partials over Operands: nested differentiation records an",
    '// inner sweep on the outer tape with these (docs/ARCHITECTURE.md §5).',
    '',
    "import { comparisons, type Operand, ops } from './var.js'",
    '',
    `const { ${free.join(', ')} } = ops`,
    `const { ${cmps.join(', ')} } = comparisons`,
    '',
  ]
  for (const c of constants) out.push(`const ${c.name} = ${c.value}`)
  out.push('')
  for (const h of helpers) out.push(h, '')
  out.push(...body)
  out.push(
    'export type OperandRule = (a: Operand, b: Operand, y: Operand) => Operand',
    '',
    '/** By opcode: [da] for a unary op, [da, db] for a binary one, null for the leaves. */',
    'export const OPERAND_RULES: readonly (readonly OperandRule[] | null)[] = [',
    ...table,
    ']',
    '',
    "/** By opcode, what its rules read: 1 a, 2 b, 4 the op's value y (a sweep records a value only if read). */",
    `export const OPERAND_RULES_READ: readonly number[] = [${reads.join(', ')}]`,
    '',
  )
  return out.join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeOrCheck(outPath, render(await loadTable()), 'pnpm --filter @chainrule/core-wasm gen')
}
