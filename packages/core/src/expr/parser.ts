// The parser: text → syntax tree, for the grammar of docs/ARCHITECTURE.md §8
//
//   list    := expr ((',' | ';') expr)*
//   expr    := term (('+' | '-') term)*
//   term    := unary (('*' | '/') unary | implicit)*     implicit: 2x, 3(x+1), 2 sin(x)
//   unary   := ('-' | '+') unary | power
//   power   := primary (('^' | '**') unary)?            2^3^2 = 2^9, -x^2 = -(x^2)
//   primary := number | name | name '(' args ')' | '(' expr ')'
//
// It is an operator-precedence parser over two explicit stacks (operands and
// pending operators), not recursive descent, so no input and no limit setting
// can exhaust the JavaScript stack; each token is pushed and popped once, so
// time is linear in the text. Depth is counted as the nesting of parentheses,
// calls, signs and powers, the constructs that nest without bound; a flat
// `x+x+…` stays at depth 0 however long it is.

import { type Limits, resolveLimits } from '../limits.js'
import { OP } from '../ops.js'
import type { CallNode, Expression, Node, VariableNode } from './ast.js'
import { ExpressionError, quote } from './errors.js'
import { ALIASES, arityProblem, CONSTANTS, FUNCTIONS } from './functions.js'
import { Lexer, type Token, type TokenKind } from './lexer.js'
import { compareNames, isReserved } from './names.js'
import { closestName } from './suggest.js'

export interface ParseOptions {
  limits?: Partial<Limits>
}

type BinaryName = 'add' | 'sub' | 'mul' | 'div' | 'pow'

// Binding strengths are the op table's (add 1, mul 2, neg 3, pow 4), so parsing and printing agree.
const BINARY: ReadonlyMap<TokenKind, BinaryName> = new Map([
  ['+', 'add'],
  ['-', 'sub'],
  ['*', 'mul'],
  ['/', 'div'],
  ['^', 'pow'],
])
const SIGN_PRECEDENCE = OP.neg.precedence!

/** An operand on the stack: its node and its extent in the text, which includes its parentheses or a leading '+'. */
interface Operand {
  readonly node: Node
  readonly start: number
  readonly end: number
}

/** A pending operator or an open parenthesis; start/end is its token's span. */
type Frame =
  | { readonly kind: 'sign'; readonly negative: boolean; readonly start: number; readonly end: number }
  | { readonly kind: 'binary'; readonly name: BinaryName; readonly start: number; readonly end: number }
  | { readonly kind: 'group'; readonly start: number; readonly end: number }
  | {
      readonly kind: 'call'
      readonly name: string
      readonly start: number
      readonly end: number
      /** Height of the operand stack when the call opened: its arguments lie above. */
      readonly base: number
    }

const precedence = (f: Frame): number =>
  f.kind === 'sign' ? SIGN_PRECEDENCE : f.kind === 'binary' ? OP[f.name].precedence! : -1

/** Parses `text` into one syntax tree per output; throws ExpressionError with the offending span. */
export function parse(text: string, options: ParseOptions = {}): Expression {
  if (typeof text !== 'string') throw new TypeError(`parse: expected a string, got ${typeof text}`)
  return new Parser(text, resolveLimits(options.limits)).parse()
}

class Parser {
  private readonly lexer: Lexer
  private readonly operands: Operand[] = []
  private readonly frames: Frame[] = []
  private depth = 0
  private nodes = 0
  private readonly variables = new Set<string>()

  constructor(
    private readonly text: string,
    private readonly limits: Limits,
  ) {
    this.lexer = new Lexer(text, limits.identifier)
  }

  parse(): Expression {
    const { text, limits } = this
    if (text.length > limits.length) {
      throw new ExpressionError(
        'too-long',
        `the expression is ${text.length} characters long; the limit is ${limits.length}`,
        limits.length,
        text.length,
      )
    }
    const outputs: Node[] = []
    let prev: Token | null = null
    let expectOperand = true
    for (;;) {
      const tok = this.lexer.next()
      if (expectOperand) {
        expectOperand = this.operand(tok, prev)
      } else if (tok.kind === 'end') {
        outputs.push(this.finishOutput())
        break
      } else if (tok.kind === ',' || tok.kind === ';') {
        const top = this.closeOperators()
        if (top === undefined) outputs.push(this.finishOutput())
        else if (top.kind === 'group' || tok.kind === ';') throw this.misplacedSeparator(tok, top)
        expectOperand = true
      } else if (tok.kind === ')') {
        this.closeParen(tok)
      } else if (BINARY.has(tok.kind)) {
        this.pushBinary(BINARY.get(tok.kind)!, tok.start, tok.end)
        expectOperand = true
      } else if (prev?.kind === 'number' && (tok.kind === 'name' || tok.kind === '(')) {
        // Implicit multiplication, only right after a number: 2x, 3(x+1), 2 sin(x).
        this.pushBinary('mul', tok.start, tok.start)
        expectOperand = this.operand(tok, prev)
      } else {
        throw new ExpressionError(
          'unexpected-token',
          `missing operator before ${this.show(tok)} (write * to multiply; only a number may be followed directly by a factor, as in 2x)`,
          tok.start,
          tok.end,
        )
      }
      prev = tok
    }
    const variables = [...this.variables].sort(compareNames)
    return { text, outputs, variables }
  }

  /** Handles a token where an operand must begin; returns whether an operand is still expected. */
  private operand(tok: Token, prev: Token | null): boolean {
    switch (tok.kind) {
      case 'number':
        this.pushLeaf({ kind: 'number', value: tok.value, start: tok.start, end: tok.end })
        return false
      case 'name':
        return this.name(tok)
      case '-':
      case '+':
        this.open({ kind: 'sign', negative: tok.kind === '-', start: tok.start, end: tok.end })
        return true
      case '(':
        this.open({ kind: 'group', start: tok.start, end: tok.end })
        return true
      case ')': {
        const top = this.frames.at(-1)
        if (top?.kind === 'call' && this.operands.length === top.base) {
          const def = FUNCTIONS.get(top.name)!
          throw new ExpressionError('arity', arityProblem(def, 0)!, top.start, tok.end, undefined, {
            name: def.name,
            usage: def.usage,
          })
        }
        if (!this.frames.some((f) => f.kind === 'group' || f.kind === 'call')) {
          throw new ExpressionError('unmatched-paren', "')' has no matching '('", tok.start, tok.end)
        }
        // Some '(' is open, so there is a token before this one.
        const why =
          prev!.kind === '('
            ? 'nothing inside the parentheses'
            : `an operand is missing after ${this.show(prev!)}`
        throw new ExpressionError('unexpected-token', `unexpected ')': ${why}`, tok.start, tok.end)
      }
      case 'end':
        if (prev === null) {
          throw new ExpressionError('empty', 'the expression is empty', 0, this.text.length)
        }
        throw new ExpressionError(
          'unexpected-end',
          `the expression ends after ${this.show(prev)}: an operand is missing`,
          prev.start,
          prev.end,
        )
      default:
        throw new ExpressionError(
          'unexpected-token',
          prev === null
            ? `the expression cannot begin with ${this.show(tok)}`
            : `expected an operand after ${this.show(prev)}, found ${this.show(tok)}`,
          tok.start,
          tok.end,
        )
    }
  }

  /** A name in operand position: a call, a constant or a variable. Returns whether an operand is still expected. */
  private name(tok: Token): boolean {
    const raw = tok.text
    if (isReserved(raw)) {
      throw new ExpressionError(
        'reserved-name',
        `${quote(raw)} is a reserved name (JavaScript owns it); choose another name`,
        tok.start,
        tok.end,
      )
    }
    const canonical = ALIASES.get(raw) ?? raw
    if (this.lexer.peek().kind === '(') {
      if (!FUNCTIONS.has(canonical)) throw this.unknownFunction(tok)
      const paren = this.lexer.next()
      this.open({
        kind: 'call',
        name: canonical,
        start: tok.start,
        end: paren.end,
        base: this.operands.length,
      })
      return true
    }
    const constant = CONSTANTS.get(raw)
    if (constant !== undefined) {
      this.pushLeaf({
        kind: 'constant',
        name: raw as 'pi' | 'e',
        value: constant,
        start: tok.start,
        end: tok.end,
      })
    } else if (FUNCTIONS.has(canonical)) {
      throw new ExpressionError(
        'missing-call',
        `${quote(raw)} is a function: write ${raw}(…), as in ${FUNCTIONS.get(canonical)!.usage}`,
        tok.start,
        tok.end,
        undefined,
        { name: raw, usage: FUNCTIONS.get(canonical)!.usage },
      )
    } else {
      if (!this.variables.has(raw)) {
        if (this.variables.size >= this.limits.variables) {
          throw new ExpressionError(
            'too-many-variables',
            `more than ${this.limits.variables} distinct variables (${quote(raw)} is one too many)`,
            tok.start,
            tok.end,
          )
        }
        this.variables.add(raw)
      }
      const leaf: VariableNode = { kind: 'variable', name: raw, start: tok.start, end: tok.end }
      this.pushLeaf(leaf)
    }
    return false
  }

  private unknownFunction(tok: Token): ExpressionError {
    const raw = tok.text
    let hint: string
    if (CONSTANTS.has(raw)) hint = `${quote(raw)} is a constant, not a function; write ${raw}*(…) to multiply`
    else {
      const near = FUNCTIONS.has(raw.toLowerCase())
        ? raw.toLowerCase()
        : closestName(raw, [...FUNCTIONS.keys(), ...ALIASES.keys()])
      hint =
        near !== undefined
          ? `unknown function ${quote(raw)}; did you mean ${near}?`
          : `unknown function ${quote(raw)}; to multiply, put * before the '('`
      return new ExpressionError('unknown-function', hint, tok.start, tok.end, undefined, {
        name: raw,
        ...(near !== undefined ? { suggestion: near } : {}),
      })
    }
    return new ExpressionError('unknown-function', hint, tok.start, tok.end, undefined, { name: raw })
  }

  private count(node: Node): void {
    if (++this.nodes > this.limits.nodes) {
      throw new ExpressionError(
        'too-many-nodes',
        `the expression has more than ${this.limits.nodes} nodes`,
        node.start,
        node.end,
      )
    }
  }

  private pushLeaf(node: Node): void {
    this.count(node)
    this.operands.push({ node, start: node.start, end: node.end })
  }

  /** Pushes a frame that nests: a sign, '(', a call, or a power's exponent. */
  private open(frame: Frame): void {
    if (++this.depth > this.limits.depth) {
      throw new ExpressionError(
        'too-deep',
        `nesting deeper than ${this.limits.depth} levels (parentheses, calls, signs and powers)`,
        frame.start,
        frame.end,
      )
    }
    this.frames.push(frame)
  }

  private pushBinary(name: BinaryName, start: number, end: number): void {
    // Left-associative operators first apply every pending operator that binds at
    // least as tightly; '^' is right-associative, so an earlier '^' waits for this one.
    const p = OP[name].precedence!
    for (let top = this.frames.at(-1); top !== undefined; top = this.frames.at(-1)) {
      const q = precedence(top)
      if (q < p || (q === p && name === 'pow')) break
      this.reduce()
    }
    const frame: Frame = { kind: 'binary', name, start, end }
    if (name === 'pow') this.open(frame)
    else this.frames.push(frame)
  }

  /** Applies the top frame (a sign or a binary operator) to the operands under it. */
  private reduce(): void {
    const f = this.frames.pop()!
    if (f.kind === 'sign') {
      this.depth--
      const x = this.operands.pop()!
      const node: Node = f.negative ? this.call('neg', [x.node], f.start, x.end) : x.node
      this.operands.push({ node, start: f.start, end: x.end })
    } else if (f.kind === 'binary') {
      if (f.name === 'pow') this.depth--
      const right = this.operands.pop()!
      const left = this.operands.pop()!
      const node = this.call(f.name, [left.node, right.node], left.start, right.end)
      this.operands.push({ node, start: left.start, end: right.end })
    }
  }

  private call(name: string, args: readonly Node[], start: number, end: number): CallNode {
    const node: CallNode = { kind: 'call', name, args, start, end }
    this.count(node)
    return node
  }

  /** Applies pending operators down to the innermost '(' or call; returns that frame, if any. */
  private closeOperators(): Frame | undefined {
    for (let top = this.frames.at(-1); top !== undefined; top = this.frames.at(-1)) {
      if (top.kind === 'group' || top.kind === 'call') return top
      this.reduce()
    }
    return undefined
  }

  private closeParen(tok: Token): void {
    const f = this.closeOperators()
    if (f === undefined)
      throw new ExpressionError('unmatched-paren', "')' has no matching '('", tok.start, tok.end)
    this.frames.pop()
    this.depth--
    if (f.kind === 'group') {
      const x = this.operands.pop()!
      this.operands.push({ node: x.node, start: f.start, end: tok.end })
      return
    }
    if (f.kind !== 'call') return
    const args = this.operands.splice(f.base)
    const def = FUNCTIONS.get(f.name)!
    const problem = arityProblem(def, args.length)
    if (problem !== null) {
      // Too many: point at the extra arguments; too few: at the whole call.
      const extra = args.length > def.maxArgs ? args[def.maxArgs] : undefined
      throw new ExpressionError(
        'arity',
        problem,
        extra?.start ?? f.start,
        extra ? args.at(-1)!.end : tok.end,
        undefined,
        { name: def.name, usage: def.usage },
      )
    }
    const node = this.call(
      f.name,
      args.map((a) => a.node),
      f.start,
      tok.end,
    )
    this.operands.push({ node, start: f.start, end: tok.end })
  }

  /** Completes one output at the end or at a top-level separator (the only operand left is its tree). */
  private finishOutput(): Node {
    const open = this.closeOperators()
    if (open !== undefined) {
      const what = open.kind === 'call' ? `the '(' of ${open.name}` : "'('"
      throw new ExpressionError('unclosed-paren', `${what} is never closed`, open.start, open.end)
    }
    return this.operands.pop()!.node
  }

  private misplacedSeparator(tok: Token, open: Frame): ExpressionError {
    const message =
      open.kind === 'group'
        ? `${this.show(tok)} inside parentheses: ',' separates only function arguments and outputs`
        : "';' separates outputs; use ',' between a function's arguments"
    return new ExpressionError('unexpected-token', message, tok.start, tok.end)
  }

  private show(tok: Token): string {
    return tok.kind === 'end' ? 'the end' : quote(this.text.slice(tok.start, tok.end))
  }
}
