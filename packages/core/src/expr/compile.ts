// Expression → Program: the syntax tree is recorded onto a tape through the
// same Vars and free functions a JS caller uses, so composites, guards and
// kinks behave exactly as they do for `trace`. Every tape node carries the
// span of the syntax-tree node it was recorded for (inputs carry none: a
// variable has many uses), and the tape's `source` is the text.
//
// `where(c, a, b)` records c, a guard c > 0, and only the branch taken, so a
// branch that is NaN or infinite where it is not taken (where(x, sqrt(x), 0)
// at x < 0) cannot poison the gradient through a zero adjoint times NaN. When
// a replay reaches a point where the guard flips, the ReplayedProgram
// re-records from the syntax tree (docs/ARCHITECTURE.md §5).

import { type Backend, type CompileMode, type LoadOptions, loadOptions } from '../backend.js'
import { type Limits, resolveLimits } from '../limits.js'
import type { Recording } from '../record.js'
import { ReplayedProgram } from '../replayed-program.js'
import { RecordingTape, Var } from '../var.js'
import {
  type CallNode,
  type Expression,
  type LeafNode,
  type Node,
  postOrder,
  type VariableNode,
} from './ast.js'
import { ExpressionError, quote, quoteList } from './errors.js'
import { ALIASES, CONSTANTS, FUNCTIONS } from './functions.js'
import { tooLongName } from './lexer.js'
import { isIdentifier, isReserved } from './names.js'
import { parse } from './parser.js'

export interface CompileOptions {
  /**
   * The input order. Default: the expression's variables, alphabetically (x2
   * before x10). It must contain every variable of the expression and may name
   * others, which become inputs with zero derivative.
   */
  variables?: readonly string[]
  limits?: Partial<Limits>
  /** Whether the WASM backend compiles the tape (LoadOptions.compile); the JS backend ignores it. */
  compile?: CompileMode
}

/** One recording of an expression: the tape, and the tape node holding each syntax-tree node's value. */
export interface ExpressionRecording extends Recording {
  readonly nodeOf: ReadonlyMap<Node, number>
}

/**
 * A Program compiled from an expression.
 *
 * For `explain` and graph export: `expression` is the parsed tree, and
 * `nodeOf(node)` is the index of the tape node holding that syntax-tree node's
 * value in the current recording (so `nodeValues()[nodeOf(n)]` and
 * `nodeAdjoints()[nodeOf(n)]` after a sweep are its value and adjoint):
 * - a variable leaf: its INPUT node, shared by every use of the variable
 *   (the per-use adjoint is the parent's adjoint times its local partial);
 * - a number or constant leaf: its own CONST node;
 * - a call of a primitive with the op's arity (operators included): one node
 *   of that op whose operands `a`, `b` are nodeOf of its arguments;
 * - a composite call (`log(x, base)` too): the last of the nodes it recorded,
 *   all of which carry the call's span;
 * - `where`: the node of the branch taken; a node inside the branch not taken
 *   was not recorded, and nodeOf gives -1.
 * A re-recording (a guard flipped) renumbers the tape, and nodeOf follows it.
 */
export class CompiledProgram extends ReplayedProgram {
  private constructor(
    backend: Backend,
    recorder: (x: ArrayLike<number>) => Recording,
    first: Recording,
    variables: readonly string[],
    readonly expression: Expression,
    private readonly latest: { nodeOf: ReadonlyMap<Node, number> },
    load: LoadOptions,
  ) {
    // Recorded through a RecordingTape, so the tapes are well formed by construction.
    super(backend, recorder, first, variables, load)
  }

  static create(
    backend: Backend,
    expression: Expression,
    variables: readonly string[],
    compile?: CompileMode,
  ): CompiledProgram {
    const load = compile === undefined ? { recorded: true } : loadOptions(compile)
    // The recorder runs only in the constructor and when the program re-records, so the
    // mapping it leaves behind is always the current tape's.
    const latest: { nodeOf: ReadonlyMap<Node, number> } = { nodeOf: new Map() }
    const recorder = (x: ArrayLike<number>): Recording => {
      const r = recordExpression(expression, variables, x)
      latest.nodeOf = r.nodeOf
      return r
    }
    const first = recorder(new Array<number>(variables.length).fill(1))
    return new CompiledProgram(backend, recorder, first, variables, expression, latest, load)
  }

  nodeOf(node: Node): number {
    return this.latest.nodeOf.get(node) ?? -1
  }
}

/** Parses `text` and loads it on `backend`; throws ExpressionError for bad text or a bad `variables` list. */
export function compileWith(backend: Backend, text: string, options: CompileOptions = {}): CompiledProgram {
  const limits = resolveLimits(options.limits)
  const expression = parse(text, { limits })
  const variables =
    options.variables === undefined
      ? expression.variables
      : checkVariables(expression, options.variables, limits)
  return CompiledProgram.create(backend, expression, variables, options.compile)
}

function checkVariables(expression: Expression, names: readonly string[], limits: Limits): readonly string[] {
  const bad = (why: string) => new ExpressionError('bad-variables', `variables: ${why}`, -1, -1)
  if (!Array.isArray(names)) throw bad('expected a list of names')
  if (names.length > limits.variables) {
    throw new ExpressionError(
      'too-many-variables',
      `variables: ${names.length} names; the limit is ${limits.variables}`,
      -1,
      -1,
    )
  }
  const seen = new Set<string>()
  for (const name of names) {
    if (typeof name !== 'string' || !isIdentifier(name)) throw bad(`${quote(String(name))} is not a name`)
    if (name.length > limits.identifier) throw tooLongName(name.length, limits.identifier)
    if (isReserved(name)) throw bad(`${quote(name)} is a reserved name`)
    if (CONSTANTS.has(name) || FUNCTIONS.has(ALIASES.get(name) ?? name)) {
      throw bad(`${quote(name)} is a constant or function of the language`)
    }
    if (seen.has(name)) throw bad(`${quote(name)} is listed twice`)
    seen.add(name)
  }
  const missing: VariableNode[] = []
  postOrder(expression.outputs, (node) => {
    if (node.kind === 'variable' && !seen.has(node.name)) missing.push(node)
  })
  if (missing.length > 0) {
    const { name, start, end } = missing[0]
    throw new ExpressionError(
      'unknown-variable',
      `${quote(name)} is not among the variables given`,
      start,
      end,
      quoteList(names),
    )
  }
  return names.slice()
}

/** Records the expression at point x (one value per variable, in the order of `variables`). */
export function recordExpression(
  expression: Expression,
  variables: readonly string[],
  x: ArrayLike<number>,
): ExpressionRecording {
  const tape = new RecordingTape(true)
  const inputs = new Map<string, Var>()
  for (let j = 0; j < variables.length; j++) inputs.set(variables[j], new Var(tape, tape.input(x[j])))
  const nodeOf = new Map<Node, number>()
  let outputs: number[]
  try {
    outputs = expression.outputs.map((root) => recordTree(root, tape, inputs, nodeOf).index)
  } finally {
    tape.recording = false
  }
  return { tape: tape.freeze(outputs, expression.text), valueDependent: tape.valueDependent, nodeOf }
}

/** A call whose arguments are being recorded: `args` so far, the next one to record, and where to stop. */
interface Pending {
  readonly node: CallNode
  readonly args: Var[]
  next: number
  end: number
}

/** Records one tree in post-order with an explicit stack (trees may be deeper than the JS stack). */
function recordTree(
  root: Node,
  tape: RecordingTape,
  inputs: ReadonlyMap<string, Var>,
  nodeOf: Map<Node, number>,
): Var {
  const stack: Pending[] = []
  let node: Node = root
  for (;;) {
    while (node.kind === 'call') {
      stack.push({ node, args: [], next: 1, end: node.args.length })
      node = node.args[0]
    }
    let value = recordLeaf(node, tape, inputs)
    nodeOf.set(node, value.index)
    for (;;) {
      const top = stack.at(-1)
      if (top === undefined) return value
      top.args.push(value)
      if (top.node.name === 'where' && top.args.length === 1) {
        // The guard is recorded under where's span; then only the chosen branch is visited.
        stamp(tape, top.node)
        const taken = value.gt(0)
        top.next = taken ? 1 : 2
        top.end = top.next + 1
      }
      if (top.next < top.end) {
        node = top.node.args[top.next++]
        break
      }
      stack.pop()
      value = top.node.name === 'where' ? top.args[1] : recordCall(top.node, top.args, tape)
      nodeOf.set(top.node, value.index)
    }
  }
}

function stamp(tape: RecordingTape, node: Node): void {
  tape.spanStart = node.start
  tape.spanEnd = node.end
}

function recordLeaf(node: LeafNode, tape: RecordingTape, inputs: ReadonlyMap<string, Var>): Var {
  if (node.kind === 'variable') return inputs.get(node.name)!
  stamp(tape, node)
  return new Var(tape, tape.constant(node.value))
}

function recordCall(node: CallNode, args: readonly Var[], tape: RecordingTape): Var {
  stamp(tape, node)
  const result = FUNCTIONS.get(node.name)!.record!(args)
  return result instanceof Var ? result : new Var(tape, tape.constant(result))
}
