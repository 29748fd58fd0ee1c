// Recording a JS function: call it once with Vars at a point, freeze the tape.

import { checkNumbers } from './backend.js'
import type { TapeData } from './tape.js'
import { type Operand, RecordingTape, Var } from './var.js'

export type Output = Operand | readonly Operand[]
export type Traceable = (...xs: Var[]) => Output

export interface Recording {
  readonly tape: TapeData
  /** `.value` was read while recording: the tape may hold only one branch of plain JS control flow. */
  readonly valueDependent: boolean
}

export function recordFunction(f: Traceable, x: ArrayLike<number>): Recording {
  checkNumbers('point', x)
  const tape = new RecordingTape()
  const vars: Var[] = []
  for (let j = 0; j < x.length; j++) vars.push(new Var(tape, tape.input(x[j])))
  let out: Output
  try {
    out = f(...vars)
  } finally {
    tape.recording = false
  }
  const list = Array.isArray(out) ? out : [out as Operand]
  const outputs = list.map((o, j) => {
    if (typeof o !== 'number' && !(o instanceof Var)) {
      throw new TypeError(`output ${j} of the traced function is ${typeof o}, not a number or Var`)
    }
    return tape.node(o)
  })
  return { tape: tape.freeze(outputs), valueDependent: tape.valueDependent }
}
