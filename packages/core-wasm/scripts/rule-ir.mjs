// The rule IR: what an op's rule may be, as data. Built from the rule's own
// (type-stripped) TypeScript, so the op table stays plain functions that the
// JS backend calls directly, and printed here as AssemblyScript. A tape
// compiler that emits WebAssembly lowers the same IR to instructions.
//
// Nodes. Expressions: num, var, bin (+ − × ÷ and comparisons, && ||), neg, not,
// cond (c ? t : f), call (a `Math` function or a helper of the table).
// Statements: let (const or let), assign, ret, if, while. Everything else —
// closures over anything but the table's numeric constants and helper
// functions, objects, strings, other globals — is refused with the rule's name,
// so a rule the generator cannot reproduce bit for bit never compiles.
import ts from 'typescript'

const K = ts.SyntaxKind
const BINARY = new Map([
  [K.PlusToken, '+'],
  [K.MinusToken, '-'],
  [K.AsteriskToken, '*'],
  [K.SlashToken, '/'],
  [K.LessThanToken, '<'],
  [K.GreaterThanToken, '>'],
  [K.LessThanEqualsToken, '<='],
  [K.GreaterThanEqualsToken, '>='],
  [K.EqualsEqualsEqualsToken, '=='],
  [K.ExclamationEqualsEqualsToken, '!='],
  [K.AmpersandAmpersandToken, '&&'],
  [K.BarBarToken, '||'],
])
// Math functions that are exact (or correctly rounded) in IEEE arithmetic and
// therefore WebAssembly instructions; every other Math function is the host's.
const BUILTIN = {
  sqrt: 'sqrt<f64>',
  abs: 'abs<f64>',
  floor: 'floor<f64>',
  ceil: 'ceil<f64>',
  trunc: 'trunc<f64>',
  min: 'min<f64>',
  max: 'max<f64>',
  sign: 'sign',
  round: 'round',
}
const HOST = new Set([
  'cbrt',
  'hypot',
  'atan2',
  'pow',
  'exp',
  'expm1',
  'log',
  'log1p',
  'log2',
  'log10',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'acosh',
  'atanh',
])
const GLOBAL_NUMBERS = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY }

function fail(where, node, why) {
  const text = node ? `: \`${node.getText()}\`` : ''
  throw new Error(
    `${where}: ${why}${text} — the AssemblyScript generator (scripts/rule-ir.mjs) cannot reproduce it`,
  )
}

/** Numeric constant named by `Math.X`/`Number.X`, or undefined. */
function numericProperty(node) {
  if (!ts.isPropertyAccessExpression(node) || !ts.isIdentifier(node.expression)) return undefined
  const owner = node.expression.text
  const value =
    owner === 'Math' ? Math[node.name.text] : owner === 'Number' ? Number[node.name.text] : undefined
  return typeof value === 'number' ? value : undefined
}

function expr(node, scope, where) {
  if (ts.isParenthesizedExpression(node)) return expr(node.expression, scope, where)
  if (ts.isNumericLiteral(node)) return { k: 'num', v: Number(node.text) }
  if (ts.isIdentifier(node)) {
    if (scope.locals.has(node.text)) return { k: 'var', name: node.text }
    if (scope.constants.has(node.text)) return { k: 'var', name: node.text }
    if (node.text in GLOBAL_NUMBERS) return { k: 'num', v: GLOBAL_NUMBERS[node.text] }
    fail(where, node, `unknown name ${node.text}`)
  }
  const property = numericProperty(node)
  if (property !== undefined) return { k: 'num', v: property }
  if (ts.isPrefixUnaryExpression(node)) {
    if (node.operator === K.MinusToken) return { k: 'neg', x: expr(node.operand, scope, where) }
    if (node.operator === K.ExclamationToken) return { k: 'not', x: expr(node.operand, scope, where) }
    fail(where, node, 'unsupported prefix operator')
  }
  if (ts.isBinaryExpression(node)) {
    const l = expr(node.left, scope, where)
    const r = expr(node.right, scope, where)
    if (node.operatorToken.kind === K.AsteriskAsteriskToken)
      return { k: 'call', fn: 'Math.pow', args: [l, r] }
    const op = BINARY.get(node.operatorToken.kind)
    if (!op) fail(where, node, 'unsupported operator')
    return { k: 'bin', op, l, r }
  }
  if (ts.isConditionalExpression(node)) {
    return {
      k: 'cond',
      c: expr(node.condition, scope, where),
      t: expr(node.whenTrue, scope, where),
      f: expr(node.whenFalse, scope, where),
    }
  }
  if (ts.isCallExpression(node)) {
    const args = node.arguments.map((a) => expr(a, scope, where))
    const callee = node.expression
    if (ts.isIdentifier(callee) && scope.helpers.has(callee.text)) return { k: 'call', fn: callee.text, args }
    if (
      ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === 'Math'
    ) {
      const name = callee.name.text
      if (name in BUILTIN || HOST.has(name)) return { k: 'call', fn: `Math.${name}`, args }
    }
    fail(where, node, 'unsupported call')
  }
  fail(where, node, 'unsupported expression')
}

function statements(list, scope, where) {
  const out = []
  for (const s of list) {
    if (ts.isVariableStatement(s)) {
      const mutable = (s.declarationList.flags & ts.NodeFlags.Let) !== 0
      for (const d of s.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer)
          fail(where, d, 'a declaration needs a name and a value')
        const init = expr(d.initializer, scope, where)
        scope.locals.add(d.name.text)
        out.push({ k: 'let', name: d.name.text, mutable, init })
      }
    } else if (ts.isReturnStatement(s)) {
      if (!s.expression) fail(where, s, 'a rule returns a number')
      out.push({ k: 'ret', v: expr(s.expression, scope, where) })
    } else if (ts.isIfStatement(s)) {
      out.push({
        k: 'if',
        c: expr(s.expression, scope, where),
        t: block(s.thenStatement, scope, where),
        f: s.elseStatement ? block(s.elseStatement, scope, where) : [],
      })
    } else if (ts.isWhileStatement(s)) {
      out.push({ k: 'while', c: expr(s.expression, scope, where), body: block(s.statement, scope, where) })
    } else if (
      ts.isExpressionStatement(s) &&
      ts.isBinaryExpression(s.expression) &&
      s.expression.operatorToken.kind === K.EqualsToken &&
      ts.isIdentifier(s.expression.left) &&
      scope.locals.has(s.expression.left.text)
    ) {
      out.push({ k: 'assign', name: s.expression.left.text, v: expr(s.expression.right, scope, where) })
    } else {
      fail(where, s, 'unsupported statement')
    }
  }
  return out
}

function block(node, scope, where) {
  return statements(ts.isBlock(node) ? node.statements : [node], scope, where)
}

function body(params, node, context, where) {
  const scope = { ...context, locals: new Set(params) }
  if (ts.isBlock(node)) return statements(node.statements, scope, where)
  return [{ k: 'ret', v: expr(node, scope, where) }]
}

function paramNames(fnNode, where) {
  return fnNode.parameters.map((p) => {
    if (!ts.isIdentifier(p.name) || p.initializer || p.dotDotDotToken)
      fail(where, p, 'parameters are plain names')
    return p.name.text
  })
}

/**
 * The IR of one rule: `params` are the sweep's arguments (a, b[, y]); the
 * rule's own parameter names bind to them by position.
 */
export function ruleIr(fn, params, context, where) {
  const src = fn.toString()
  const call = (name, arity) => ({
    params,
    body: [
      {
        k: 'ret',
        v: { k: 'call', fn: name, args: params.slice(0, arity).map((p) => ({ k: 'var', name: p })) },
      },
    ],
  })
  if (src.includes('[native code]')) {
    const name = Object.getOwnPropertyNames(Math).find((key) => Math[key] === fn)
    if (!name || !(name in BUILTIN || HOST.has(name)))
      throw new Error(`${where}: native function ${fn.name} is not a supported Math function`)
    return call(`Math.${name}`, fn.length)
  }
  if (src.startsWith('function')) {
    if (!context.helpers.has(fn.name))
      throw new Error(`${where}: ${fn.name} is not a top-level function of ops.ts`)
    return call(fn.name, fn.length)
  }
  const file = ts.createSourceFile('rule.js', `(${src})`, ts.ScriptTarget.ES2022, true)
  const node = file.statements[0]?.expression?.expression
  if (!node || !ts.isArrowFunction(node))
    throw new Error(`${where}: a rule is an arrow function, Math function or helper`)
  const own = paramNames(node, where)
  if (own.length > params.length)
    fail(where, node, `takes ${own.length} parameters, more than ${params.join(', ')}`)
  const names = params.map((p, i) => own[i] ?? `_${p}`)
  return { params: names, body: body(names, node.body, context, where) }
}

/** Names of the top-level functions of the table's source: the helpers a rule may call. */
export function helperNames(source) {
  return new Set(
    source.statements.filter((s) => ts.isFunctionDeclaration(s) && s.name).map((d) => d.name.text),
  )
}

/** Helpers an IR calls. */
function calls(node, out) {
  if (Array.isArray(node)) for (const n of node) calls(n, out)
  else if (node && typeof node === 'object') {
    if (node.k === 'call' && !node.fn.startsWith('Math.')) out.add(node.fn)
    for (const v of Object.values(node)) if (typeof v === 'object') calls(v, out)
  }
  return out
}

/**
 * The IR of every helper the given rules call, and of the helpers those call,
 * in the source's order. Only called helpers are translated: ops.ts's other
 * functions (building the table) need not be rules.
 */
export function helperIr(source, rules) {
  const decls = new Map(
    source.statements.filter((s) => ts.isFunctionDeclaration(s) && s.name).map((d) => [d.name.text, d]),
  )
  const context = {
    helpers: new Set(decls.keys()),
    constants: new Set(constantsOf(source).map((c) => c.name)),
  }
  const done = new Map()
  const pending = [...calls(rules, new Set())]
  while (pending.length) {
    const name = pending.pop()
    if (done.has(name)) continue
    const d = decls.get(name)
    const where = `helper ${name}`
    const params = paramNames(d, where)
    const ir = { params, body: body(params, d.body, context, where) }
    done.set(name, ir)
    pending.push(...calls(ir, new Set()))
  }
  return [...decls.keys()].filter((n) => done.has(n)).map((name) => ({ name, ir: done.get(name) }))
}

/** Top-level numeric constants of the table's source (`const LN2 = Math.LN2`, `const C = 0.5`). */
export function constantsOf(source) {
  const out = []
  for (const s of source.statements) {
    if (!ts.isVariableStatement(s)) continue
    for (const d of s.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || !d.initializer) continue
      let init = d.initializer
      let sign = 1
      if (ts.isPrefixUnaryExpression(init) && init.operator === K.MinusToken) {
        sign = -1
        init = init.operand
      }
      const value = ts.isNumericLiteral(init) ? Number(init.text) : numericProperty(init)
      if (value !== undefined) out.push({ name: d.name.text, value: String(sign * value) })
    }
  }
  return out
}

// Printing: every operation parenthesized, so the tree — and with it the
// rounding — is the source's, whatever AssemblyScript's precedence.
function num(v) {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Number.POSITIVE_INFINITY) return 'Infinity'
  if (v === Number.NEGATIVE_INFINITY) return '(-Infinity)'
  if (Object.is(v, -0)) return '(-0.0)'
  const s = String(v)
  const text = /[.e]/.test(s) ? s : `${s}.0`
  return v < 0 ? `(${text})` : text
}

function printExpr(e) {
  switch (e.k) {
    case 'num':
      return num(e.v)
    case 'var':
      return e.name
    case 'neg':
      return `(-${printExpr(e.x)})`
    case 'not':
      return `(!${printExpr(e.x)})`
    case 'bin':
      return `(${printExpr(e.l)} ${e.op} ${printExpr(e.r)})`
    case 'cond':
      return `(${printExpr(e.c)} ? ${printExpr(e.t)} : ${printExpr(e.f)})`
    case 'call': {
      const fn = e.fn.startsWith('Math.') ? (BUILTIN[e.fn.slice(5)] ?? e.fn) : e.fn
      return `${fn}(${e.args.map(printExpr).join(', ')})`
    }
  }
  throw new Error(`rule IR: unknown expression ${e.k}`)
}

/**
 * An IR body's statements as TypeScript-like lines, locals typed `type` and expressions printed
 * by `expr`: AssemblyScript f64s here, Operands in gen-var-rules.mjs. `where` prefixes errors.
 */
export function printStatements(list, indent, type = 'f64', expr = printExpr, where = 'rule IR') {
  const pad = '  '.repeat(indent)
  const body = (l) => printStatements(l, indent + 1, type, expr, where)
  const out = []
  for (const s of list) {
    switch (s.k) {
      case 'let':
        out.push(`${pad}${s.mutable ? 'let' : 'const'} ${s.name}: ${type} = ${expr(s.init)}`)
        break
      case 'assign':
        out.push(`${pad}${s.name} = ${expr(s.v)}`)
        break
      case 'ret':
        out.push(`${pad}return ${expr(s.v)}`)
        break
      case 'if':
        out.push(`${pad}if (${expr(s.c)}) {`, ...body(s.t))
        if (s.f.length) out.push(`${pad}} else {`, ...body(s.f))
        out.push(`${pad}}`)
        break
      case 'while':
        out.push(`${pad}while (${expr(s.c)}) {`, ...body(s.body), `${pad}}`)
        break
      default:
        throw new Error(`${where}: unknown statement ${s.k}`)
    }
  }
  return out
}

/** An AssemblyScript function of f64s for an IR; `inline` for rules, so the sweeps' switches fold them in. */
export function emitFunction(name, ir, inline) {
  const head = `function ${name}(${ir.params.map((p) => `${p}: f64`).join(', ')}): f64 {`
  const lines = printStatements(ir.body, 1)
  // A body that may fall off its end (an `if` without else last) is refused by asc, which is what we want.
  return [...(inline ? ['// @ts-ignore: decorator', `@inline ${head}`] : [head]), ...lines, '}'].join('\n')
}
