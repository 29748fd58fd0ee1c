// Compiled programs, kept in an LRU per thread (the event loop and each
// worker have their own). Two keys lead to a program: the text exactly as
// sent (no parse on a repeat request) and the normalised expression — core's
// `print` of the parsed tree plus the variable order — so `x*x+x` and
// `x * x + x` share one tape. An evicted program gives its WebAssembly memory
// back at once rather than waiting for the garbage collector.

import { createHash } from 'node:crypto'
import type { CompiledProgram, Limits } from '@chainrule/core'
import { print } from '@chainrule/core'
import { LRUCache } from 'lru-cache'
import type { BackendName } from '../config.js'
import { engines } from './backends.js'

export interface Compiled {
  readonly program: CompiledProgram
  /** The normalised expression: core's canonical printing. */
  readonly canonical: string
}

/** The content address of a tape: sha-256 of the normalised expression and the variable order. */
export function tapeId(canonical: string, variables: readonly string[]): string {
  return createHash('sha256')
    .update(`${variables.join(',')}\n${canonical}`)
    .digest('hex')
}

export class Programs {
  private readonly programs: LRUCache<string, Compiled>
  private readonly aliases: LRUCache<string, string>

  constructor(
    size: number,
    private readonly limits: Limits,
  ) {
    this.programs = new LRUCache({ max: size, dispose: (c) => c.program.dispose() })
    this.aliases = new LRUCache({ max: size * 4 })
  }

  /** The program for `text`; compiles on a miss, throwing core's ExpressionError for bad text. */
  get(backend: BackendName, text: string, variables?: readonly string[]): Compiled {
    const raw = `${backend}\n${variables?.join(',') ?? '*'}\n${text}`
    const key = this.aliases.get(raw)
    const hit = key === undefined ? undefined : this.programs.get(key)
    if (hit) return hit
    const program = engines[backend].compile(text, { variables, limits: this.limits })
    const canonical = print(program.expression)
    const normal = `${backend}\n${program.variables.join(',')}\n${canonical}`
    let compiled = this.programs.get(normal)
    if (compiled) program.dispose()
    else this.programs.set(normal, (compiled = { program, canonical }))
    this.aliases.set(raw, normal)
    return compiled
  }

  /** Cached, with no compile: the event loop asks before deciding where to run. */
  peek(backend: BackendName, text: string, variables?: readonly string[]): Compiled | undefined {
    const key = this.aliases.get(`${backend}\n${variables?.join(',') ?? '*'}\n${text}`)
    return key === undefined ? undefined : this.programs.get(key)
  }

  get size(): number {
    return this.programs.size
  }

  clear(): void {
    this.programs.clear()
    this.aliases.clear()
  }
}
