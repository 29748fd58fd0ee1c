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

export type Backend = 'js' | 'wasm'

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
  /** Beyond GradBench's protocol (its evals ignore it): the size of the tape the derivative swept. */
  chainrule?: { nodes: number }
}

const has = (o: object, key: string) => Object.hasOwn(o, key)

export class Session {
  private readonly api: ToolApi

  constructor(readonly backend: Backend) {
    this.api = backend === 'js' ? js : wasm
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
    try {
      const { output, timings, nodes } = fns[name](input, this.api)
      return { success: true, output, timings, ...(nodes === undefined ? {} : { chainrule: { nodes } }) }
    } catch (e) {
      return { success: false, error: e instanceof Error ? e.message : String(e) }
    }
  }
}
