// Syntax tree → canonical text, with the fewest parentheses that parse back
// to the same tree: `parse(print(e))` equals `e` but for spans. Canonical form:
// operators instead of add(…)/mul(…), `^` for powers, `log` for ln, spaces
// around binary + and − only, ", " between arguments and outputs. The API
// keys its cache on this text, so two spellings of one formula share a program.

import { OP } from '../ops.js'
import { type CallNode, type Expression, type Node, postOrder } from './ast.js'

/** Binds tighter than any operator: numbers, names and calls written name(…). */
const ATOM = 5
const SIGN = OP.neg.precedence!

/** Binary operators: the op table's symbol, spaced for + and −, and its binding strength. */
const INFIX: ReadonlyMap<string, { readonly symbol: string; readonly precedence: number }> = new Map(
  (['add', 'sub', 'mul', 'div', 'pow'] as const).map((name) => {
    const { symbol, precedence } = OP[name]
    return [name, { symbol: precedence === 1 ? ` ${symbol} ` : symbol!, precedence: precedence! }]
  }),
)

interface Printed {
  readonly text: string
  /** How tightly the text's outermost operator binds. */
  readonly precedence: number
}

export function print(tree: Node | Expression): string {
  if ('outputs' in tree) return tree.outputs.map(printTree).join(', ')
  return printTree(tree)
}

function printTree(root: Node): string {
  // Post-order with a stack of printed operands: no recursion, however deep the tree.
  const done: Printed[] = []
  postOrder(root, (node) => {
    if (node.kind === 'number') done.push({ text: formatNumber(node.value), precedence: ATOM })
    else if (node.kind !== 'call') done.push({ text: node.name, precedence: ATOM })
    else done.push(printCall(node, done.splice(done.length - node.args.length)))
  })
  return done[0].text
}

const paren = (p: Printed, wrap: boolean) => (wrap ? `(${p.text})` : p.text)

function printCall(node: CallNode, args: readonly Printed[]): Printed {
  const infix = INFIX.get(node.name)
  if (infix !== undefined && args.length === 2) {
    const [left, right] = args
    const p = infix.precedence
    if (node.name === 'pow') {
      // The base must be a primary; the exponent is a unary (so 2^-x needs no parentheses).
      return {
        text: `${paren(left, left.precedence <= p)}^${paren(right, right.precedence < SIGN)}`,
        precedence: p,
      }
    }
    // Left-associative: a right operand of equal strength keeps its parentheses (a - (b - c)).
    return {
      text: paren(left, left.precedence < p) + infix.symbol + paren(right, right.precedence <= p),
      precedence: p,
    }
  }
  if (node.name === 'neg' && args.length === 1) {
    return { text: `-${paren(args[0], args[0].precedence < SIGN)}`, precedence: SIGN }
  }
  return { text: `${node.name}(${args.map((a) => a.text).join(', ')})`, precedence: ATOM }
}

/** The shortest text that reads back as the same double (JavaScript's own number-to-string). */
function formatNumber(value: number): string {
  if (!(Number.isFinite(value) && value >= 0) || Object.is(value, -0)) {
    throw new RangeError(`print: a number node must hold a finite, non-negative value, not ${value}`)
  }
  return String(value)
}
