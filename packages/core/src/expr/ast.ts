// The syntax tree: plain data, four kinds of node, each with its source span.
//
// Operators are calls of the op they denote, under the op table's own name:
// `x*x + x` is call add(call mul(x, x), x), exactly as the origin text writes
// add(mul(x, x), x), and it is the same tree as the text `add(mul(x, x), x)`.
// So every pass has one interior case, and `explain` can look each call up in
// the op table. Each use of a variable is its own leaf object, as docs/ARCHITECTURE.md §10 draws it.
//
// Trees can be deep (a flat `x+x+…` nests to the left once per term), so
// every pass is a loop over an explicit stack: `postOrder` here, and the
// parser, printer and compiler are written the same way.

/** [start, end) offsets into the expression text, in UTF-16 code units. */
export interface Span {
  readonly start: number
  readonly end: number
}

/** A literal: always finite and non-negative (`-2` is neg applied to 2). */
export interface NumberNode extends Span {
  readonly kind: 'number'
  readonly value: number
}

/** `pi` or `e`. */
export interface ConstantNode extends Span {
  readonly kind: 'constant'
  readonly name: 'pi' | 'e'
  readonly value: number
}

export interface VariableNode extends Span {
  readonly kind: 'variable'
  readonly name: string
}

/**
 * A function or operator applied to its arguments. `name` is canonical: the
 * op table's name for operators and primitives (add, sub, mul, div, pow, neg,
 * sin, log, …; `ln` becomes log) or a composite's (where, clamp, logsumexp,
 * leakyRelu, mse). The span of an operator covers its operands, including
 * their parentheses; the span of a call covers `name(…)`.
 */
export interface CallNode extends Span {
  readonly kind: 'call'
  readonly name: string
  readonly args: readonly Node[]
}

export type LeafNode = NumberNode | ConstantNode | VariableNode
export type Node = LeafNode | CallNode

/** A parsed formula: one tree per output (`x*y, x+y` has two). */
export interface Expression {
  readonly text: string
  readonly outputs: readonly Node[]
  /** Distinct variable names, in the default input order (see names.ts: alphabetical, x2 before x10). */
  readonly variables: readonly string[]
}

/**
 * Calls `visit` on every node below `roots` in post-order (arguments left to
 * right, then the call), without recursion. The labels of docs/ARCHITECTURE.md §10 (A, B, C, …)
 * follow this order.
 */
export function postOrder(roots: Node | readonly Node[], visit: (node: Node) => void): void {
  const stack: Node[] = []
  const next: number[] = []
  const list: readonly Node[] = Array.isArray(roots) ? roots : [roots as Node]
  for (const root of list) {
    stack.push(root)
    next.push(0)
    while (stack.length > 0) {
      const top = stack.length - 1
      const node = stack[top]
      if (node.kind === 'call' && next[top] < node.args.length) {
        stack.push(node.args[next[top]++])
        next.push(0)
      } else {
        stack.pop()
        next.pop()
        visit(node)
      }
    }
  }
}

/** Number of nodes in the trees. */
export function countNodes(roots: Node | readonly Node[]): number {
  let n = 0
  postOrder(roots, () => n++)
  return n
}
