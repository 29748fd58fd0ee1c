// The single-point sweeps' per-node steps (forward, reverse, tangent, tangent
// of adjoint), one case per op with its rules inlined, generated from the rules'
// IR so that assembly/sweeps.ts holds loops and no op's arithmetic. Each case
// is the JS reference's (packages/core/src/sweeps.ts) statement for statement:
// a partial that is the constant ±1 adds or subtracts the adjoint itself; an op
// whose first partials are all ±1 and whose second partials are all 0 (add,
// sub, neg: linear with unit slopes) passes tangents through without the
// structural-zero test, as the reference's inline cases do; every other op goes
// through sz(t, ∂) as the reference's table path does.
import { constantRule, usedParams } from './rule-simd.mjs'

const FIRST = { 1: ['da'], 2: ['da', 'db'] }
const SECOND = { 1: ['daa'], 2: ['daa', 'dab', 'dbb'] }

/** +1 or −1 for a rule that is that constant, else undefined. */
function unit(r) {
  const c = constantRule(r.ir)
  return c === 1 || c === -1 ? c : undefined
}

/** Linear with unit slopes: every first partial ±1, every second partial 0. */
function unitLinear(op, rule) {
  return (
    FIRST[op.arity].every((n) => unit(rule[n]) !== undefined) &&
    SECOND[op.arity].every((n) => constantRule(rule[n].ir) === 0)
  )
}

/** A rule's call at node i: operands and value loaded from v where the rule reads them, 0 otherwise. */
function call(r) {
  const used = new Set(usedParams(r.ir))
  const loads = ['get(v, ai)', r.op.arity === 2 ? 'get(v, bi)' : null, 'get(v, i)']
  return `${r.name}(${r.ir.params.map((p, k) => (used.has(p) && loads[k] ? loads[k] : '0')).join(', ')})`
}

/** `accumulate(arr, index, x·r)` with a unit partial passing x through. */
function pull(arr, index, x, r) {
  const u = unit(r)
  if (u === 1) return `accumulate(${arr}, ${index}, ${x})`
  if (u === -1) return `deduct(${arr}, ${index}, ${x})`
  return `accumulate(${arr}, ${index}, ${x} * ${call(r)})`
}

function forwardCase(_op, rule) {
  return [`set(v, i, ${call(rule.fwd)})`]
}

function reverseCase(op, rule) {
  const lines = [pull('g', 'ai', 'gi', rule.da)]
  if (op.arity === 2) lines.push(pull('g', 'bi', 'gi', rule.db))
  return lines
}

function tangentCase(op, rule) {
  const tb = 'get(t, bi)'
  if (unitLinear(op, rule)) {
    const a = unit(rule.da) === 1 ? 'ta' : '-ta'
    if (op.arity === 1) return [`set(t, i, ${a})`]
    return [`set(t, i, ${a} ${unit(rule.db) === 1 ? '+' : '-'} ${tb})`]
  }
  if (op.arity === 1) return [`set(t, i, sz(ta, ${call(rule.da)}))`]
  return [`set(t, i, sz(ta, ${call(rule.da)}) + sz(${tb}, ${call(rule.db)}))`]
}

function reverseTangentCase(op, rule) {
  if (unitLinear(op, rule)) {
    return [
      ...reverseCase(op, rule),
      pull('gt', 'ai', 'gti', rule.da),
      ...(op.arity === 2 ? [pull('gt', 'bi', 'gti', rule.db)] : []),
    ]
  }
  if (op.arity === 1) {
    return [
      `const d = ${call(rule.da)}`,
      'accumulate(g, ai, gi * d)',
      `accumulate(gt, ai, sz(gti, d) + gi * sz(get(t, ai), ${call(rule.daa)}))`,
    ]
  }
  return [
    'const ta = get(t, ai)',
    'const tb = get(t, bi)',
    `const dA = ${call(rule.da)}`,
    `const dB = ${call(rule.db)}`,
    `const dAB = ${call(rule.dab)}`,
    'accumulate(g, ai, gi * dA)',
    'accumulate(g, bi, gi * dB)',
    `accumulate(gt, ai, sz(gti, dA) + gi * (sz(ta, ${call(rule.daa)}) + sz(tb, dAB)))`,
    `accumulate(gt, bi, sz(gti, dB) + gi * (sz(ta, dAB) + sz(tb, ${call(rule.dbb)})))`,
  ]
}

const STEPS = [
  [
    'forwardStep',
    'v: usize, i: i32, ai: i32, bi: i32',
    'Node i of the forward sweep: v[i] from its operands’ values.',
    forwardCase,
  ],
  [
    'reverseStep',
    'v: usize, g: usize, i: i32, ai: i32, bi: i32, gi: f64',
    'Node i of the reverse sweep: its adjoint gi times its partials into its operands’ adjoints.',
    reverseCase,
  ],
  [
    'tangentStep',
    'v: usize, t: usize, i: i32, ai: i32, bi: i32, ta: f64',
    'Node i of the tangent sweep: t[i] from its operands’ tangents (ta = t[ai]).',
    tangentCase,
  ],
  [
    'reverseTangentStep',
    'v: usize, t: usize, g: usize, gt: usize, i: i32, ai: i32, bi: i32, gi: f64, gti: f64',
    'Node i of the tangent-of-adjoint sweep: adjoints and their tangents into the operands’.',
    reverseTangentCase,
  ],
]

/**
 * The four step functions, each a switch with one case per primitive op
 * ending in the trap, inline so each sweep's loop holds the ops' rules.
 * `rules` are every rule's { op, rule, name, ir }.
 */
export function pointSteps(rules) {
  const byOp = new Map()
  for (const r of rules) {
    if (r.op.arity === 0) continue
    if (!byOp.has(r.op)) byOp.set(r.op, {})
    byOp.get(r.op)[r.rule] = r
  }
  return STEPS.flatMap(([name, params, doc, emit]) => [
    `/** ${doc} */`,
    '// @ts-ignore: decorator',
    `@inline export function ${name}(o: u8, ${params}): void {`,
    '  switch (o) {',
    ...[...byOp].flatMap(([op, rule]) => [
      `    case ${op.name.toUpperCase()}: {`,
      ...emit(op, rule).map((l) => `      ${l}`),
      '      return',
      '    }',
    ]),
    '  }',
    '  unknownOpcode(o)',
    '}',
    '',
  ])
}
