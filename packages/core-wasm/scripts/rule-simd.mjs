// The rule IR (./rule-ir.mjs) printed as f64x2 SIMD, two lanes at a time, for
// the batched sweeps. Only rules whose every operation has an f64x2
// instruction computing each lane exactly as the scalar instruction does are
// vectorised: + − × ÷, negation, the operands, numeric constants, and sqrt,
// abs, floor, ceil, trunc, min, max. (f64x2.min/max are the lane-wise f64.min/
// f64.max: NaN if either lane is NaN, −0 below +0, as Math.min/max and the
// scalar rules; the pseudo-min pmin/pmax would not be.) Lanes are independent
// and IEEE operations round alike in both forms, so a vectorised rule gives
// the scalar rule's bits in every lane. Anything else — comparisons,
// conditionals, loops, helpers, host Math — stays a scalar lane loop.

const VECTOR_OPS = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' }
const VECTOR_CALLS = new Set(['sqrt', 'abs', 'floor', 'ceil', 'trunc', 'min', 'max'])

function vectorExpr(e, names) {
  switch (e.k) {
    case 'num':
      return true
    case 'var':
      return names.has(e.name)
    case 'neg':
      return vectorExpr(e.x, names)
    case 'bin':
      return e.op in VECTOR_OPS && vectorExpr(e.l, names) && vectorExpr(e.r, names)
    case 'call':
      return (
        e.fn.startsWith('Math.') &&
        VECTOR_CALLS.has(e.fn.slice(5)) &&
        e.args.every((a) => vectorExpr(a, names))
      )
    default:
      return false
  }
}

/**
 * Whether a rule's IR has an exact f64x2 form: `const` bindings then one
 * return, over the operands, the table's numeric constants and vectorisable
 * operations. `constants` are the names of the table's numeric constants.
 */
export function isVectorisable(ir, constants) {
  const names = new Set([...ir.params, ...constants])
  const body = ir.body
  if (body.length === 0 || body[body.length - 1].k !== 'ret') return false
  for (const s of body.slice(0, -1)) {
    if (s.k !== 'let' || s.mutable || !vectorExpr(s.init, names)) return false
    names.add(s.name)
  }
  return vectorExpr(body[body.length - 1].v, names)
}

/** The rule's value when it is a constant (`() => 1`, `() => -1`), else undefined. */
export function constantRule(ir) {
  if (ir.body.length !== 1 || ir.body[0].k !== 'ret') return undefined
  const v = ir.body[0].v
  if (v.k === 'num') return v.v
  if (v.k === 'neg' && v.x.k === 'num') return -v.x.v
  return undefined
}

/** Names of the IR's parameters that its body reads. */
export function usedParams(ir) {
  const used = new Set()
  const visit = (node) => {
    if (Array.isArray(node)) for (const n of node) visit(n)
    else if (node && typeof node === 'object') {
      if (node.k === 'var') used.add(node.name)
      for (const v of Object.values(node)) if (typeof v === 'object') visit(v)
    }
  }
  visit(ir.body)
  return ir.params.filter((p) => used.has(p))
}

function splat(v) {
  if (Number.isNaN(v)) return 'f64x2.splat(NaN)'
  if (v === Number.POSITIVE_INFINITY) return 'f64x2.splat(Infinity)'
  if (v === Number.NEGATIVE_INFINITY) return 'f64x2.splat(-Infinity)'
  if (Object.is(v, -0)) return 'f64x2.splat(-0.0)'
  const s = String(v)
  return `f64x2.splat(${/[.e]/.test(s) ? s : `${s}.0`})`
}

function printVector(e, vectors) {
  switch (e.k) {
    case 'num':
      return splat(e.v)
    case 'var':
      return vectors.has(e.name) ? e.name : `f64x2.splat(${e.name})`
    case 'neg':
      return `f64x2.neg(${printVector(e.x, vectors)})`
    case 'bin':
      return `f64x2.${VECTOR_OPS[e.op]}(${printVector(e.l, vectors)}, ${printVector(e.r, vectors)})`
    case 'call':
      return `f64x2.${e.fn.slice(5)}(${e.args.map((a) => printVector(a, vectors)).join(', ')})`
  }
  throw new Error(`rule IR: ${e.k} has no f64x2 form`)
}

/** An inline AssemblyScript function of v128s (two f64 lanes each) for a vectorisable IR. */
export function emitVectorFunction(name, ir) {
  const vectors = new Set(ir.params)
  const lines = []
  for (const s of ir.body) {
    if (s.k === 'let') {
      lines.push(`  const ${s.name}: v128 = ${printVector(s.init, vectors)}`)
      vectors.add(s.name)
    } else {
      lines.push(`  return ${printVector(s.v, vectors)}`)
    }
  }
  return [
    '// @ts-ignore: decorator',
    `@inline function ${name}(${ir.params.map((p) => `${p}: v128`).join(', ')}): v128 {`,
    ...lines,
    '}',
  ].join('\n')
}
