// Generates assembly/rules.generated.ts — every op's value, first and second
// partials, their dispatchers, the single-point sweeps' per-node steps
// (./rule-steps.mjs) and the batched sweeps' row loops, f64x2 SIMD where a
// rule vectorises exactly (./rule-simd.mjs) — from the rows of
// packages/core/src/ops.ts, so the table is the only place a rule is written. `--check [file]` exits 1
// when the committed file is stale.
//
// How: the rules are ordinary TypeScript functions of the row. Their source
// (after type stripping) is parsed with the TypeScript compiler into a small
// expression IR (see ./rule-ir.mjs), which accepts only f64 arithmetic,
// comparisons, conditionals, `Math` functions, constants and the table's own
// helper functions; anything else, or a rule that is missing, throws naming
// the op. The IR is then printed as AssemblyScript with every operation kept
// in the table's order and grouping, so + − × ÷ and sqrt round exactly as the
// JS backend does; transcendental functions stay `Math.*`, which the build
// binds to the host's Math. The tape compiler can lower the same IR straight
// to WebAssembly instructions: there is no hand-written copy to keep in step.
import { loadTable as loadModule, writeOrCheck } from '../../core/scripts/generated-file.mjs'
import { constantsOf, emitFunction, helperIr, helperNames, ruleIr } from './rule-ir.mjs'
import { constantRule, emitVectorFunction, isVectorisable, usedParams } from './rule-simd.mjs'
import { pointSteps } from './rule-steps.mjs'

export const outPath = new URL('../assembly/rules.generated.ts', import.meta.url)
/** The same rules as data, for the tape compiler (src/compiler/), which lowers them at run time. */
export const irPath = new URL('../src/compiler/rule-ir.generated.ts', import.meta.url)

/** The op table as the JS backend runs it, and its transpiled source (for helpers and constants). */
export async function loadTable() {
  const { module, source } = await loadModule()
  return { ops: module.OPS, source }
}

// Which rules each sweep needs, by arity. Leaves have no operands, so no partials.
const FIRST = { 1: ['da'], 2: ['da', 'db'] }
const SECOND = { 1: ['daa'], 2: ['daa', 'dab', 'dbb'] }

/** The file's text for a loaded table. */
export function render({ ops, source }) {
  const constants = constantsOf(source)
  const context = { helpers: helperNames(source), constants: new Set(constants.map((c) => c.name)) }
  const rules = ruleFunctions(ops, context)
  const lanes = laneRules(rules, context.constants)
  return [
    ...header(ops),
    ...constants.map((c) => `const ${c.name}: f64 = ${c.value}`),
    '',
    ...helperIr(
      source,
      rules.map((r) => r.ir),
    ).flatMap((h) => [emitFunction(h.name, h.ir, false), '']),
    ...rules.flatMap((r) => [emitFunction(r.name, r.ir, true), '']),
    ...lanes.vector.flatMap((r) => [emitVectorFunction(`${r.name}_x2`, r.ir), '']),
    ...dispatchers(rules),
    ...forwardLanes(lanes),
    ...reverseLanes(lanes),
    ...pointSteps(rules),
  ].join('\n')
}

/** Every rule of every op as IR, named `<op>_<rule>`; a missing or untranslatable rule throws naming the op. */
function ruleFunctions(ops, context) {
  const rules = []
  for (const op of ops) {
    const names = op.arity === 0 ? ['fwd'] : ['fwd', ...FIRST[op.arity], ...SECOND[op.arity]]
    for (const rule of names) {
      const fn = op[rule]
      if (typeof fn !== 'function') throw new Error(`op ${op.name}: no ${rule} rule in the op table`)
      const params = rule === 'fwd' ? ['a', 'b'] : ['a', 'b', 'y']
      const ir = ruleIr(fn, params, context, `op ${op.name}: ${rule}`)
      rules.push({ op, rule, name: `${op.name}_${rule}`, ir })
    }
  }
  return rules
}

/** A JS literal of IR data; numbers keep NaN, ±Infinity and −0, which JSON cannot. */
function literal(x) {
  if (typeof x === 'number') {
    if (Number.isNaN(x)) return 'Number.NaN'
    if (x === Number.POSITIVE_INFINITY) return 'Number.POSITIVE_INFINITY'
    if (x === Number.NEGATIVE_INFINITY) return 'Number.NEGATIVE_INFINITY'
    if (Object.is(x, -0)) return '-0'
    return String(x)
  }
  if (typeof x === 'string' || typeof x === 'boolean') return JSON.stringify(x)
  if (Array.isArray(x)) return `[${x.map(literal).join(', ')}]`
  return `{ ${Object.entries(x)
    .map(([k, v]) => `${/^[A-Za-z_]\w*$/.test(k) ? k : JSON.stringify(k)}: ${literal(v)}`)
    .join(', ')} }`
}

/** The text of src/compiler/rule-ir.generated.ts: the table's rules as data, for the tape compiler. */
export function renderIr({ ops, source }) {
  if (!ops.every((o, i) => o.code === i)) throw new Error('op table: opcodes must equal row positions')
  const constants = constantsOf(source)
  const context = { helpers: helperNames(source), constants: new Set(constants.map((c) => c.name)) }
  const rules = ruleFunctions(ops, context)
  const lanes = new Map(laneRules(rules, context.constants).ops.map((o) => [o.op, o]))
  // One row per op: its name, arity, each rule's IR by the rule's name and, for
  // primitives, whether the batched sweeps run its forward and reverse rows as
  // f64x2 SIMD (the interpreter's choice, so the compiled batch makes the same).
  const rows = ops.map((op) => ({
    name: op.name,
    arity: op.arity,
    ...Object.fromEntries(rules.filter((r) => r.op === op).map((r) => [r.rule, r.ir])),
    ...(lanes.has(op)
      ? { simd: { fwd: lanes.get(op).simdForward, reverse: lanes.get(op).simdReverse } }
      : {}),
  }))
  const out = [
    '// GENERATED by scripts/gen-rules.mjs from packages/core/src/ops.ts. Do not edit;',
    '// run `pnpm gen` after changing the op table.',
    '// The rule IR (scripts/rule-ir.mjs) of every op, as the tape compiler lowers it.',
    '',
    "import type { RuleTable } from './ir.js'",
    '',
    'export const RULES: RuleTable = {',
    `  constants: { ${constants.map((c) => `${c.name}: ${literal(Number(c.value))}`).join(', ')} },`,
    '  helpers: [',
  ]
  for (const h of helperIr(
    source,
    rules.map((r) => r.ir),
  ))
    out.push(`    ${literal(h)},`)
  out.push('  ],', '  ops: [')
  for (const r of rows) out.push(`    ${literal(r)},`)
  out.push('  ],', '}', '')
  return out.join('\n')
}

function header(ops) {
  return [
    '// GENERATED by scripts/gen-rules.mjs from packages/core/src/ops.ts. Do not edit;',
    '// run `pnpm gen` after changing the op table.',
    '',
    `import { ${ops.map((o) => o.name.toUpperCase()).join(', ')} } from './opcodes'`,
    "import { accumulate, accumulate2, deduct, deduct2, get, get2, set, set2 } from './memory'",
    "import { round, sign, sz, unknownOpcode } from './prelude'",
    '',
  ]
}

const DISPATCHERS = [
  ['fwd', ['a', 'b'], 'y = op(a, b); unary ops ignore b.'],
  ['da', ['a', 'b', 'y'], '∂y/∂a at (a, b) with y = fwd(a, b).'],
  ['db', ['a', 'b', 'y'], '∂y/∂b; binary ops only.'],
  ['daa', ['a', 'b', 'y'], '∂²y/∂a².'],
  ['dab', ['a', 'b', 'y'], '∂²y/∂a∂b; binary ops only.'],
  ['dbb', ['a', 'b', 'y'], '∂²y/∂b²; binary ops only.'],
]

/** A function's head lines, a switch over the opcode `o` with these cases, and the trap after it. */
const opSwitch = (head, cases, trap) => [...head, '  switch (o) {', ...cases, '  }', `  ${trap}`, '}', '']

/** One switch per rule over the ops that have it, ending in a trap (never `return 0`). */
function dispatchers(rules) {
  return DISPATCHERS.flatMap(([rule, params, doc]) =>
    opSwitch(
      [
        `/** ${doc} */`,
        '// @ts-ignore: decorator',
        `@inline export function ${rule}(o: u8, ${params.map((p) => `${p}: f64`).join(', ')}): f64 {`,
      ],
      rules
        .filter((r) => r.rule === rule)
        .map((r) => `    case ${r.op.name.toUpperCase()}: return ${r.name}(${params.join(', ')})`),
      'return unknownOpcode(o)',
    ),
  )
}

// Row loops for the batched sweeps: one case per op with a constant opcode,
// so each loop body is the op's inlined rule — two lanes at a time where the
// rule has an exact f64x2 form (see ./rule-simd.mjs), lane by lane otherwise.
// The batched sweeps need each op's value and first partials only.

/**
 * Per primitive op its fwd/da/db rules and whether its forward and reverse
 * rows run as SIMD (reverse only when every first partial vectorises); and the
 * rules those SIMD rows call, which get an f64x2 function.
 */
function laneRules(rules, constants) {
  const byOp = new Map()
  for (const r of rules) {
    if (r.op.arity === 0 || !['fwd', 'da', 'db'].includes(r.rule)) continue
    if (!byOp.has(r.op)) byOp.set(r.op, { op: r.op })
    byOp.get(r.op)[r.rule] = { ...r, simd: isVectorisable(r.ir, constants) }
  }
  const ops = [...byOp.values()].map((o) => ({
    ...o,
    simdForward: o.fwd.simd,
    simdReverse: o.da.simd && (o.op.arity === 1 || o.db.simd),
  }))
  const vector = ops.flatMap((o) => [
    ...(o.simdForward ? [o.fwd] : []),
    ...(o.simdReverse ? (o.op.arity === 1 ? [o.da] : [o.da, o.db]) : []).filter((r) => !unitRule(r)),
  ])
  return { ops, vector }
}

/** +1 or −1 for a partial that is that constant (add, sub, neg), so the adjoint passes through. */
function unitRule(r) {
  const c = constantRule(r.ir)
  return c === 1 || c === -1 ? c : undefined
}

/** The f64x2 call of a rule over the rows' lanes at j; unread operands (and b of a unary op) are not loaded. */
function vectorCall(r, rows) {
  const used = new Set(usedParams(r.ir))
  const args = r.ir.params.map((p, i) => (used.has(p) && rows[i] ? `get2(${rows[i]}, j)` : 'f64x2.splat(0)'))
  return `${r.name}_x2(${args.join(', ')})`
}

/** The statement adding the adjoint row gy times partial r into row g at lane j (pair of lanes when simd). */
function pull(g, r, simd, scalarArgs) {
  const unit = unitRule(r)
  if (simd) {
    if (unit === 1) return `accumulate2(${g}, j, get2(gy, j))`
    if (unit === -1) return `deduct2(${g}, j, get2(gy, j))`
    const rows = r.op.arity === 2 ? ['p', 'q', 'y'] : ['p', null, 'y']
    return `accumulate2(${g}, j, f64x2.mul(get2(gy, j), ${vectorCall(r, rows)}))`
  }
  if (unit === 1) return `set(${g}, j, get(${g}, j) + get(gy, j))`
  if (unit === -1) return `set(${g}, j, get(${g}, j) - get(gy, j))`
  return `set(${g}, j, get(${g}, j) + get(gy, j) * ${r.name}(${scalarArgs}))`
}

// Each sweep's row loop is two functions: the SIMD rows inline in the batched
// sweep's loop (short rows make the dispatch count), the scalar rows — long
// bodies with calls to the host's Math — behind one call, which traps on an
// opcode no case covers.
function laneSwitches(name, params, doc, ops, simdCase, scalarCase) {
  const signature = `${params.join(', ')}): void {`
  const args = params.map((p) => p.split(':')[0]).join(', ')
  const scalar = `${name}Scalar`
  return [
    ...opSwitch(
      [`/** ${doc} */`, '// @ts-ignore: decorator', `@inline export function ${name}(${signature}`],
      ops.filter(simdCase.when).flatMap(simdCase.emit),
      `${scalar}(${args})`,
    ),
    ...opSwitch(
      [
        `/** ${name} lane by lane, for the ops whose rules have no f64x2 form. */`,
        `function ${scalar}(${signature}`,
      ],
      ops.filter((o) => !simdCase.when(o)).flatMap(scalarCase),
      'unknownOpcode(o)',
    ),
  ]
}

function forwardLanes({ ops }) {
  return laneSwitches(
    'forwardLanes',
    ['o: u8', 'y: usize', 'p: usize', 'q: usize', 'stride: i32'],
    'Row y = op(row p, row q) over `stride` lanes (even), two at a time where the rule vectorises.',
    ops,
    {
      when: (o) => o.simdForward,
      emit: ({ op, fwd }) => [
        `    case ${op.name.toUpperCase()}: for (let j = 0; j < stride; j += 2) set2(y, j, ${vectorCall(fwd, ['p', op.arity === 2 ? 'q' : null])}); return`,
      ],
    },
    ({ op, fwd }) => {
      const b = op.arity === 2 ? 'get(q, j)' : '0'
      return [
        `    case ${op.name.toUpperCase()}: for (let j = 0; j < stride; j++) set(y, j, ${fwd.name}(get(p, j), ${b})); return`,
      ]
    },
  )
}

function reverseLanes({ ops }) {
  const rowCase =
    (simd) =>
    ({ op, da, db }) => {
      const head = `    case ${op.name.toUpperCase()}:`
      const loop = `for (let j = 0; j < stride; j${simd ? ' += 2' : '++'})`
      if (op.arity === 1)
        return [`${head} ${loop} ${pull('gp', da, simd, 'get(p, j), 0, get(y, j)')}; return`]
      return [
        head,
        `      ${loop} {`,
        ...(simd
          ? []
          : ['        const x = get(p, j)', '        const z = get(q, j)', '        const w = get(y, j)']),
        `        ${pull('gp', da, simd, 'x, z, w')}`,
        `        ${pull('gq', db, simd, 'x, z, w')}`,
        '      }',
        '      return',
      ]
    }
  return laneSwitches(
    'reverseLanes',
    ['o: u8', 'y: usize', 'p: usize', 'q: usize', 'gy: usize', 'gp: usize', 'gq: usize', 'stride: i32'],
    'Adjoint rows: G[p] += G[y]·da (and G[q] += G[y]·db), two lanes at a time where the partials vectorise.',
    ops,
    { when: (o) => o.simdReverse, emit: rowCase(true) },
    rowCase(false),
  )
}

// `--check [file]`: compare instead of write (file defaults to assembly/rules.generated.ts).
// Without a file, --check checks both outputs; with one, the AssemblyScript file's text against it.
if (import.meta.url === `file://${process.argv[1]}`) {
  const table = await loadTable()
  writeOrCheck(outPath, render(table), 'pnpm gen')
  const check = process.argv.indexOf('--check')
  if (check < 0 || process.argv[check + 1] === undefined) writeOrCheck(irPath, renderIr(table), 'pnpm gen')
}
