// Recording a JS function: call it once with Vars at a point, freeze the tape.

import { checkNumbers } from './backend.js'
import type { TapeData } from './tape.js'
import { activeRecording, type Operand, RecordingTape, recordingOn, Var } from './var.js'

export type Output = Operand | readonly Operand[]
/** A function of one Var per argument: `(x, y) => …`. For a few inputs; a call's arguments are bounded. */
export type Traceable = (...xs: Var[]) => Output
/** A function of one array of Vars, `(x) => …` with `x: Var[]`: any number of inputs (`{ vector: true }`). */
export type VectorTraceable = (x: Var[]) => Output

/** `{ vector: true }`: the function receives one array of Vars instead of one argument per input. */
export interface VectorOption {
  readonly vector?: boolean
}

export interface Recording {
  readonly tape: TapeData
  /** `.value` was read while recording: the tape may hold only one branch of plain JS control flow. */
  readonly valueDependent: boolean
  /**
   * Recorded inside another recording: constant nodes standing for the enclosing recordings' Vars that
   * f used (`freeVars[j]` at node `freeNodes[j]`); empty otherwise. Such a tape is exact only through them.
   */
  readonly freeNodes?: readonly number[]
  readonly freeVars?: readonly Var[]
}

/**
 * Records f at x. With `vector`, f is called with one array of Vars (no spread, so
 * any number of inputs); otherwise with one Var per argument.
 */
export function recordFunction(
  f: Traceable | VectorTraceable,
  x: ArrayLike<number>,
  vector = false,
): Recording {
  checkNumbers('point', x)
  // Inside another recording (a transform called by the function recorded there), this tape is its
  // child: the enclosing Vars f uses become free nodes, and the caller differentiates through them.
  const tape = new RecordingTape(false, activeRecording())
  const vars: Var[] = []
  for (let j = 0; j < x.length; j++) vars.push(new Var(tape, tape.input(x[j])))
  let outputs: number[]
  try {
    outputs = recordingOn(tape, () => {
      const out = vector ? (f as VectorTraceable)(vars) : (f as Traceable)(...vars)
      const list = Array.isArray(out) ? out : [out as Operand]
      return list.map((o, j) => {
        if (typeof o !== 'number' && !(o instanceof Var)) {
          throw new TypeError(`output ${j} of the traced function is ${typeof o}, not a number or Var`)
        }
        return tape.node(o)
      })
    })
  } finally {
    tape.recording = false
  }
  return {
    tape: tape.freeze(outputs),
    valueDependent: tape.valueDependent,
    freeNodes: tape.freeNodes,
    freeVars: tape.freeVars,
  }
}
