// The WebAssembly backend: loads tapes into one module instance over one
// memory growing on demand up to a maximum. `wasmBackend` is the default every
// @chainrule/core-wasm function uses; createWasmBackend makes another with
// its own memory (a different maximum, or the debug build for tests).
// Importing this module compiles nothing: the module is instantiated on the
// first load, synchronously, from bytes embedded at build time.

/**
 * The WebAssembly backend itself, and createWasmBackend for one with another memory maximum.
 * @module @chainrule/core-wasm/backend
 */

import {
  type Backend,
  defaultVariables,
  type LoadOptions,
  type TapeData,
  validateTape,
} from '@chainrule/core'
import { decodeBase64 } from './base64.js'
import { COMPILER_LIMITS, type CompilerLimits } from './compiler/tape-compiler.js'
import { wasmBase64 } from './generated/module.js'
import { PAGE } from './host.js'
import { WasmProgram } from './program.js'
import { SweepInstance } from './sweep-instance.js'

export interface WasmBackendOptions {
  /**
   * Upper bound on the WebAssembly memory, in bytes (whole 64 KiB pages, at most 4 GiB, wasm32's limit).
   * Default 4 GiB: memory grows on demand, so the bound is what the host allows unless set lower.
   */
  maximumMemory?: number
  /** Memory reserved up front, in bytes; it grows on demand up to the maximum. Default 1 MiB. */
  initialMemory?: number
  /** The compiled sweep module; default the embedded release build. Tests pass the debug build. */
  module?: Uint8Array
  /** The tape compiler's size bounds (default COMPILER_LIMITS); tests lower them to reach its split layout. */
  compilerLimits?: Partial<CompilerLimits>
}

export interface MemoryStats {
  /** Bytes in regions held by loaded programs. */
  readonly inUse: number
  /** Current size of the WebAssembly memory (memory.buffer.byteLength). */
  readonly size: number
  readonly maximum: number
}

export interface WasmBackend extends Backend {
  readonly name: 'wasm'
  load(tape: TapeData, variables?: readonly string[], options?: LoadOptions): WasmProgram
  memoryStats(): MemoryStats
  /** The WebAssembly memory, created on the first load. */
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number }
}

const GIB = 2 ** 30
let releaseBytes: Uint8Array | undefined

export function createWasmBackend(options: WasmBackendOptions = {}): WasmBackend {
  const maximum = options.maximumMemory ?? 4 * GIB
  const initial = options.initialMemory ?? 2 ** 20
  if (!(maximum >= PAGE && maximum <= 4 * GIB)) {
    throw new RangeError(`wasm backend: maximumMemory must be between 64 KiB and 4 GiB, got ${maximum}`)
  }
  if (!(initial >= 0 && initial <= maximum)) {
    throw new RangeError(`wasm backend: initialMemory must be between 0 and maximumMemory, got ${initial}`)
  }
  const limits: CompilerLimits = { ...COMPILER_LIMITS, ...options.compilerLimits }
  let instance: SweepInstance | undefined
  const start = () => {
    instance ??= new SweepInstance(
      options.module ?? (releaseBytes ??= decodeBase64(wasmBase64)),
      initial,
      maximum,
    )
    return instance
  }
  return {
    name: 'wasm',
    load(tape, variables, options) {
      // A tape frozen by a RecordingTape is well formed by construction; any other is checked.
      if (options?.recorded !== true) validateTape(tape)
      return new WasmProgram(
        start(),
        tape,
        variables ?? defaultVariables(tape.inputs.length),
        options,
        limits,
      )
    },
    memoryStats() {
      const { heap } = start()
      return { inUse: heap.bytesInUse, size: heap.memory.buffer.byteLength, maximum: heap.maximumBytes }
    },
    get memory() {
      return start().heap.memory
    },
  }
}

/** The default backend: release build, 4 GiB maximum (grown on demand). */
export const wasmBackend: WasmBackend = createWasmBackend()
