// The methods every workload compares, built once here so each workload only
// supplies its function in each form. Labels are the report's wording.

import type { NumericMethod, Traceable } from '@chainrule/core'
import * as js from '@chainrule/core'
import * as wasm from '@chainrule/core-wasm'
import { wasmBackend } from '@chainrule/core-wasm/backend'
import { type Instance, type Method, NotRun } from './measure.js'

export const LABEL = {
  primal: 'plain function, value only',
  hand: 'hand-written gradient (the floor)',
  js: 'chainrule JS',
  wasm: 'chainrule WASM',
  'wasm-compiled': 'chainrule WASM, compiled tape',
  'js-batch': 'chainrule JS, batched',
  'wasm-batch': 'chainrule WASM, batched',
  'wasm-batch-compiled': 'chainrule WASM, batched, compiled tape',
  'grad-js': 'chainrule JS, grad(f)(x)',
  'grad-wasm': 'chainrule WASM, grad(f)(x)',
  'record-js': 'chainrule JS, record + sweep each call',
  closure: 'closure-per-node Value graph',
  central: 'central differences',
  forward: 'forward differences',
  richardson: 'Richardson (Ridders)',
  'tf-cpu': 'TensorFlow.js cpu',
  'tf-wasm': 'TensorFlow.js wasm',
  cli: 'CLI, whole process',
  api: 'HTTP API, whole request',
} as const

export type MethodId = keyof typeof LABEL

export function method(
  id: MethodId,
  make: () => Instance,
  extra: { skip?: string | undefined; label?: string } = {},
): Method {
  const tf = id === 'tf-cpu' ? 'cpu' : id === 'tf-wasm' ? 'wasm' : undefined
  return {
    id,
    label: extra.label ?? LABEL[id],
    make,
    ...(id === 'primal' ? { valueOnly: true } : {}),
    ...(tf ? { tf } : {}),
    ...(extra.skip ? { skip: extra.skip } : {}),
  }
}

/**
 * The tape recorded at x and loaded for WebAssembly compiled at load ('always'); a tape the compiler
 * refuses would run on the interpreter, so its row says why instead of timing the interpreter twice.
 */
export function compiledProgram(f: Traceable, x: ArrayLike<number>): ReturnType<typeof wasmBackend.load> {
  const program = wasmBackend.load(js.trace(f, x).tape, undefined, { compile: 'always' })
  if (!program.compiled) {
    const why = program.notCompiledReason ?? 'not compiled'
    program.dispose()
    throw new NotRun(`not compiled: ${why}`)
  }
  return program
}

/** The tape recorded once, replayed at x by each backend: the way chainrule is meant to be used. */
export function replayMethods(f: Traceable, x: ArrayLike<number>): Method[] {
  // 'wasm' is the interpreter (it would tier up mid-measurement under 'auto'); 'wasm-compiled' the compiled tape.
  return (['js', 'wasm', 'wasm-compiled'] as const).map((id) =>
    method(id, () => {
      const program =
        id === 'js'
          ? js.trace(f, x)
          : id === 'wasm'
            ? wasm.trace(f, x, { compile: 'never' })
            : compiledProgram(f, x)
      // Into one array, as the hand-written floor writes into its own: a replay loop allocates nothing.
      const into = new Float64Array(x.length)
      return { run: () => program.gradient(x, { into }).gradient, dispose: () => program.dispose() }
    }),
  )
}

/** Recording a fresh tape and sweeping it at every call, as the closure-per-node design must. */
export function recordMethod(f: Traceable, x: ArrayLike<number>): Method {
  return method('record-js', () => ({ run: () => js.trace(f, x).gradient(x).gradient }))
}

/** chainrule's finite differences (core's `numeric`), on the plain function. */
export function numericMethods(
  f: (x: number[]) => number,
  x: ArrayLike<number>,
  skip: Partial<Record<NumericMethod, string>> = {},
): Method[] {
  return (['central', 'forward', 'richardson'] as const).map((m) =>
    method(m, () => ({ run: () => js.numeric.gradient(f, x, { method: m }).gradient }), { skip: skip[m] }),
  )
}

/** What a workload needs of a backend's API: @chainrule/core and @chainrule/core-wasm both fit. */
export type Tracer = Pick<typeof js, 'trace'>
