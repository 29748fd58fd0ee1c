// The computational graph as the origin text draws it: the tape unfolded from
// an output, each use of a variable or constant its own leaf, and the nodes
// labelled A, B, C, … in post-order (operands before the op, first operand
// first). For x*x + x that is A = x, B = x, C = A·B, D = x, E = C + D.
// Interior nodes shared by several uses stay one node, so the walk is linear
// in the tape, and it is iterative, so deep tapes cannot overflow the stack.

import { CONST, INPUT, OPS } from '../ops.js'
import type { TapeData } from '../tape.js'

export interface Use {
  /** Id of the node that uses this one. */
  readonly parent: number
  /** Which operand it is there: 0 first, 1 second. */
  readonly slot: number
}

export interface GraphNode {
  /** Position in post-order; also the index into the node list. */
  readonly id: number
  readonly label: string
  /** Tape node whose value this shows. */
  readonly node: number
  readonly kind: 'input' | 'const' | 'op'
  readonly op: string
  /** Ids of the operand nodes, first operand first. */
  readonly operands: readonly number[]
  /** Where it is used: a leaf exactly once, a shared interior node several times, the root never. */
  readonly uses: readonly Use[]
  /** For a leaf of a variable: its name. */
  readonly variable?: string
}

/** A, B, …, Z, AA, AB, … */
export function letters(i: number): string {
  let s = ''
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

export function unfold(tape: TapeData, output: number, variables: readonly string[]): GraphNode[] {
  const inputIndex = new Map<number, number>()
  tape.inputs.forEach((node, j) => {
    inputIndex.set(node, j)
  })
  const nodes: {
    id: number
    label: string
    node: number
    kind: GraphNode['kind']
    op: string
    operands: number[]
    uses: Use[]
    variable?: string
  }[] = []
  const interior = new Map<number, number>()
  const isLeaf = (i: number) => tape.op[i] === INPUT || tape.op[i] === CONST

  const add = (i: number, kind: GraphNode['kind'], operands: number[]): number => {
    const id = nodes.length
    const j = inputIndex.get(i)
    const variable = j === undefined ? undefined : (variables[j] ?? `x${j}`)
    nodes.push({
      id,
      label: letters(id),
      node: i,
      kind,
      op: OPS[tape.op[i]].name,
      operands,
      uses: [],
      variable,
    })
    return id
  }
  const leaf = (i: number) => add(i, tape.op[i] === INPUT ? 'input' : 'const', [])

  const root = tape.outputs[output]
  if (isLeaf(root)) {
    leaf(root)
    return nodes
  }
  // Each frame is a tape node and the ids of the operands placed so far.
  const stack: { node: number; operands: number[] }[] = [{ node: root, operands: [] }]
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]
    const i = frame.node
    if (frame.operands.length < OPS[tape.op[i]].arity) {
      const child = frame.operands.length === 0 ? tape.a[i] : tape.b[i]
      const done = interior.get(child)
      if (isLeaf(child)) frame.operands.push(leaf(child))
      else if (done !== undefined) frame.operands.push(done)
      else stack.push({ node: child, operands: [] }) // its id is picked up when this frame is next on top
      continue
    }
    stack.pop()
    const id = add(i, 'op', frame.operands)
    interior.set(i, id)
    frame.operands.forEach((operand, slot) => {
      nodes[operand].uses.push({ parent: id, slot })
    })
  }
  return nodes
}
