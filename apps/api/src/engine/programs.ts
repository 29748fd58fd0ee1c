// Compiled programs, kept in an LRU per thread (the event loop and each
// worker have their own). Two keys lead to a program: the text exactly as
// sent (no parse on a repeat request) and the normalised expression — core's
// `print` of the parsed tree plus the variable order — so `x*x+x` and
// `x * x + x` share one tape. An evicted program gives its WebAssembly memory
// back at once rather than waiting for the garbage collector.
//
// Both maps are bounded by bytes, not only by entries: one entry may be a
// 20-byte formula or a 4 KiB one with 64 long names, so a count alone bounds
// nothing. A program's bytes are estimated from what it keeps on the heap
// (its tape, its syntax tree, the texts), keys included.
//
// Compiling a tape to WebAssembly (docs/ARCHITECTURE.md §6) pays only over many
// replays, so only a cached program may do it, in a worker (`compile: true`),
// and within the work budget: the engine refuses a tape over core's
// compileNodes(limits.work). The event loop runs only jobs under `inlineWork`,
// which no compile fits in, so its programs never compile; nor does a program
// too large for the cache, which serves one job and is gone.

import { createHash } from 'node:crypto'
import type { CompiledProgram, CompileMode, Limits } from '@chainrule/core'
import { type Cost, costOf, countNodes, print } from '@chainrule/core'
import { LRUCache } from 'lru-cache'
import type { BackendName } from '../config.js'
import { enginesFor } from './backends.js'

export interface Compiled {
  readonly program: CompiledProgram
  /** The normalised expression: core's canonical printing. */
  readonly canonical: string
  /** Nodes of the syntax tree (every branch of every `where`). */
  readonly nodes: number
  /** What a request on it is costed by, fixed at compile time (work.ts). */
  readonly cost: Cost
}

/** How much a cache may hold: entries, and bytes of keys and values together. */
export interface CacheBounds {
  readonly entries: number
  readonly bytes: number
}

/**
 * Heap bytes per tape or syntax-tree node of a cached program: measured at
 * about 120 for a 4 KiB expression (tape arrays, tree objects, the node map of
 * `explain`), rounded up.
 */
const NODE_BYTES = 128
/** A JS string's bytes, counting two per character (ASCII texts take one; this errs high). */
export const stringBytes = (s: string) => 2 * s.length
/** What an entry costs beyond its strings: the entry itself and the LRU's bookkeeping. */
export const ENTRY_BYTES = 128

function programBytes(c: Compiled): number {
  const names = c.program.variables.reduce((n, v) => n + stringBytes(v), 0)
  return (
    NODE_BYTES * (c.cost.size + c.nodes) +
    stringBytes(c.canonical) +
    stringBytes(c.program.expression.text) +
    names
  )
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
  /** Lookups that found a program, and compiles: for /metrics. */
  readonly counts = { hits: 0, misses: 0 }

  /** Cached programs load with this: 'auto' (tiered, within the budget) where compiling is allowed. */
  private readonly mode: CompileMode

  constructor(
    bounds: CacheBounds,
    private readonly limits: Limits,
    options: { compile?: boolean } = {},
  ) {
    this.mode = options.compile === true ? 'auto' : 'never'
    // The thread's engines exist from the start, so its WebAssembly memory's stats do too.
    enginesFor(limits)
    // Aliases are short (a text and the key it leads to): an eighth of the bytes, four times the entries.
    this.programs = new LRUCache({
      max: bounds.entries,
      maxSize: bounds.bytes,
      sizeCalculation: (c, key) => ENTRY_BYTES + programBytes(c) + stringBytes(key),
      dispose: (c) => c.program.dispose(),
    })
    this.aliases = new LRUCache({
      max: bounds.entries * 4,
      maxSize: Math.max(1, Math.floor(bounds.bytes / 8)),
      sizeCalculation: (normal, raw) => ENTRY_BYTES + stringBytes(raw) + stringBytes(normal),
    })
  }

  /** The program for `text`; compiles on a miss, throwing core's ExpressionError for bad text. */
  get(backend: BackendName, text: string, variables?: readonly string[]): Compiled {
    const raw = `${backend}\n${variables?.join(',') ?? '*'}\n${text}`
    const key = this.aliases.get(raw)
    const hit = key === undefined ? undefined : this.programs.get(key)
    if (hit) {
      this.counts.hits++
      return hit
    }
    const engine = enginesFor(this.limits)[backend]
    let program = engine.compile(text, { variables, limits: this.limits, compile: this.mode })
    const canonical = print(program.expression)
    const normal = `${backend}\n${program.variables.join(',')}\n${canonical}`
    let compiled = this.programs.get(normal)
    if (compiled) {
      this.counts.hits++
      program.dispose()
    } else {
      this.counts.misses++
      compiled = { program, canonical, nodes: countNodes(program.expression.outputs), cost: costOf(program) }
      this.programs.set(normal, compiled)
      // Larger than the whole cache, so not kept: it serves this job (which runs
      // synchronously, on this tick) and then gives its memory back. A one-shot
      // program never compiles: it is loaded again, interpreted only.
      if (!this.programs.has(normal)) {
        if (this.mode !== 'never') {
          program.dispose()
          program = engine.compile(text, { variables, limits: this.limits, compile: 'never' })
          compiled = { ...compiled, program }
        }
        const once = program
        queueMicrotask(() => once.dispose())
      }
    }
    this.aliases.set(raw, normal)
    return compiled
  }

  /** Cached, with no compile: the event loop asks before deciding where to run. */
  peek(backend: BackendName, text: string, variables?: readonly string[]): Compiled | undefined {
    const key = this.aliases.get(`${backend}\n${variables?.join(',') ?? '*'}\n${text}`)
    const hit = key === undefined ? undefined : this.programs.get(key)
    if (hit) this.counts.hits++
    return hit
  }

  get size(): number {
    return this.programs.size
  }

  /** Bytes held, as the caches count them. */
  get bytes(): number {
    return this.programs.calculatedSize + this.aliases.calculatedSize
  }

  clear(): void {
    this.programs.clear()
    this.aliases.clear()
  }
}
