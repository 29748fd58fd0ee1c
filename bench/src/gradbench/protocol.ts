// The GradBench protocol, tool side (gradbench/gradbench, CONTRIBUTING.md,
// "Protocol"): the eval sends one JSON message per line and the tool answers
// each with one line carrying the same id. `start` and `analysis` need only the
// id; `define` says whether the module exists; `evaluate` runs a function of a
// module and returns its output with timings, or success: false and an error.
import * as js from '@chainrule/core'
import * as wasm from '@chainrule/core-wasm'
import { ba } from './ba.js'
import { det } from './det.js'
import { gmm } from './gmm.js'
import { hello } from './hello.js'
import { ht } from './ht.js'
import { kmeans } from './kmeans.js'
import { llsq } from './llsq.js'
import { lse } from './lse.js'
import { lstm } from './lstm.js'
import type { Module, ToolApi } from './module.js'
import { ode } from './ode.js'
import { particle } from './particle.js'
import type { Timing } from './runs.js'
import { saddle } from './saddle.js'

/**
 * js: @chainrule/core; wasm: @chainrule/core-wasm with the default
 * `compile: 'auto'` (a tape is interpreted until its 2000th replay);
 * wasm-compiled: @chainrule/core-wasm with `compile: 'always'` on every trace,
 * so the tapes run compiled where the compiler takes them (a tape it refuses
 * is interpreted; the response says which, as each program stood when traced).
 */
export type Backend = 'js' | 'wasm' | 'wasm-compiled'

export const BACKENDS: readonly Backend[] = ['js', 'wasm', 'wasm-compiled']

export const MODULES: Readonly<Record<string, Module>> = {
  hello,
  lse,
  llsq,
  gmm,
  kmeans,
  det,
  saddle,
  particle,
  ode,
  ba,
  lstm,
  ht,
}

export type Message =
  | { id: number; kind: 'start'; eval?: string; config?: unknown }
  | { id: number; kind: 'define'; module: string }
  | { id: number; kind: 'evaluate'; module: string; function: string; input: unknown; description?: string }
  | { id: number; kind: 'analysis'; of: number; valid: boolean; error?: string }

export interface Response {
  id: number
  tool?: string
  config?: unknown
  success?: boolean
  output?: unknown
  timings?: Timing[]
  error?: string
  /**
   * Beyond GradBench's protocol (its evals ignore it): the size of the tape(s)
   * the derivative swept, what that count is when it is not one tape (`note`),
   * and on wasm-compiled which traced tapes run compiled.
   */
  chainrule?: { nodes?: number; note?: string; compiled?: { nodes: number; compiled: boolean }[] }
}

interface Traced {
  readonly nodes: number
  readonly compiled: boolean
}

/** The WASM API with every trace compiled ('always'), noting each traced program's size and whether it compiled. */
function compiledApi(traced: Traced[]): ToolApi {
  const trace = (f: never, at: never, opts?: object) => {
    const program = wasm.trace(f, at, { ...opts, compile: 'always' } as never)
    traced.push({ nodes: program.size, compiled: program.compiled })
    return program
  }
  return { ...wasm, trace: trace as ToolApi['trace'] }
}

/** "1 of 2 traced tapes compiled (64407 nodes); interpreted (the compiler refused them): 65725 nodes", for a note. */
function describeCompiled(traced: readonly Traced[]): string {
  const yes = traced.filter((t) => t.compiled)
  const no = traced.filter((t) => !t.compiled)
  const list = (ts: readonly Traced[]) => ts.map((t) => t.nodes).join(', ')
  return [
    `${yes.length} of ${traced.length} traced tapes compiled${yes.length ? ` (${list(yes)} nodes)` : ''}`,
    ...(no.length ? [`interpreted (the compiler refused them): ${list(no)} nodes`] : []),
  ].join('; ')
}

const has = (o: object, key: string) => Object.hasOwn(o, key)

export class Session {
  private readonly api: ToolApi
  /** On wasm-compiled, the programs traced during the current evaluate. */
  private readonly traced: Traced[] = []

  constructor(readonly backend: Backend) {
    if (!BACKENDS.includes(backend)) throw new TypeError(`unknown backend ${String(backend)}`)
    this.api = backend === 'js' ? js : backend === 'wasm' ? wasm : compiledApi(this.traced)
  }

  /** One message in, its response out; never throws for a message that has an id. */
  handle(message: unknown): Response {
    if (typeof message !== 'object' || message === null || typeof (message as Message).id !== 'number') {
      throw new TypeError('gradbench: a message must be an object with a numeric id')
    }
    const m = message as Message
    switch (m.kind) {
      case 'start':
        return {
          id: m.id,
          tool: `chainrule-${this.backend}`,
          config: { backend: this.backend, node: process.version },
        }
      case 'define':
        return has(MODULES, m.module)
          ? { id: m.id, success: true }
          : { id: m.id, success: false, error: `chainrule has no module named ${JSON.stringify(m.module)}` }
      case 'evaluate':
        return { id: m.id, ...this.evaluate(m.module, m.function, m.input) }
      default:
        return { id: m.id }
    }
  }

  private evaluate(module: string, name: string, input: unknown): Omit<Response, 'id'> {
    const fns = has(MODULES, module) ? MODULES[module] : undefined
    if (!fns) return { success: false, error: `chainrule has no module named ${JSON.stringify(module)}` }
    if (!has(fns, name))
      return { success: false, error: `module ${module} has no function ${JSON.stringify(name)}` }
    this.traced.length = 0
    try {
      const { output, timings, nodes, note } = fns[name](input, this.api)
      const traced = this.traced.slice()
      const notes = [note, traced.length ? describeCompiled(traced) : undefined].filter(Boolean)
      const chainrule = {
        ...(nodes === undefined ? {} : { nodes }),
        ...(notes.length ? { note: notes.join('; ') } : {}),
        ...(traced.length ? { compiled: traced } : {}),
      }
      return { success: true, output, timings, ...(Object.keys(chainrule).length ? { chainrule } : {}) }
    } catch (e) {
      return { success: false, error: e instanceof Error ? e.message : String(e) }
    }
  }
}
