// Replay status, shared by every backend: after a forward sweep, re-check the
// recorded guards (a flip means the tape no longer describes the function
// there: `retrace`) and the nodes whose op has a kink (`kink`). Only those
// nodes are visited, so a tape without guards or kinky ops pays nothing.

import { OK, type ReplayStatus } from './backend.js'
import { OPS } from './ops.js'
import { compare, type TapeData } from './tape.js'

export class StatusChecker {
  private readonly kinkNodes: Int32Array

  constructor(private readonly tape: TapeData) {
    const nodes: number[] = []
    for (let i = 0; i < tape.op.length; i++) if (OPS[tape.op[i]].kink) nodes.push(i)
    this.kinkNodes = Int32Array.from(nodes)
  }

  /** `values` is node-major with k points per node (k = 1 for a single point). */
  check(values: Float64Array, k = 1): ReplayStatus {
    const { guards, op, a, b } = this.tape
    for (let j = 0; j < guards.cmp.length; j++) {
      const ga = guards.a[j] * k
      const gb = guards.b[j] * k
      const taken = guards.taken[j] === 1
      for (let p = 0; p < k; p++) {
        if (compare(guards.cmp[j], values[ga + p], values[gb + p]) !== taken) {
          return { kind: 'retrace', node: Math.max(guards.a[j], guards.b[j]), point: p }
        }
      }
    }
    for (const i of this.kinkNodes) {
      const kink = OPS[op[i]].kink!
      const ia = a[i] * k
      const ib = b[i] * k
      for (let p = 0; p < k; p++) {
        if (kink(values[ia + p], ib < 0 ? 0 : values[ib + p])) return { kind: 'kink', node: i, point: p }
      }
    }
    return OK
  }

  get trivial(): boolean {
    return this.kinkNodes.length === 0 && this.tape.guards.cmp.length === 0
  }
}
