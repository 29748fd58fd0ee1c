// GradBench's `hello` eval: square(x) = x², and double(x) = its derivative,
// 2x, taken by chainrule. It checks the protocol, not speed.
import type { Var } from '@chainrule/core'
import type { Module } from './module.js'
import { repeat, runsOf } from './runs.js'

const square = (x: Var) => x.mul(x)

function number(input: unknown): number {
  if (typeof input !== 'number') throw new TypeError('hello: the input must be a number')
  return input
}

export const hello: Module = {
  square: (input) => {
    const x = number(input)
    return repeat(runsOf(input), () => x * x)
  },
  double: (input, api) => {
    const x = number(input)
    const program = api.trace(square, [x])
    const nodes = program.size
    const r = repeat(runsOf(input), () => program.gradient([x]).gradient[0])
    program.dispose()
    return { ...r, nodes }
  },
}
