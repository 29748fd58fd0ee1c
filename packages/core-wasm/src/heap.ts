// The JS side's ownership of WebAssembly memory: a first-fit allocator over
// linear memory above the module's static data, growing the memory up to a
// configurable maximum (at most wasm32's 4 GiB), and the typed-array views every program reads and writes.
//
// Growing a WebAssembly.Memory detaches the old ArrayBuffer, so views are
// rebuilt in exactly one place, `views()`, which every program calls before
// touching memory; no other code holds a view across a call that may grow.

import { PAGE, type WasmMemory } from './host.js'

/** Every block starts on a 16-byte boundary, so f64 arrays and v128 rows are aligned. */
const ALIGN = 16

const inUnits = (bytes: number) =>
  bytes < 2 ** 20
    ? `${(bytes / 1024).toFixed(1)} KiB`
    : bytes < 2 ** 30
      ? `${(bytes / 2 ** 20).toFixed(1)} MiB`
      : `${(bytes / 2 ** 30).toFixed(2)} GiB`

export interface Views {
  readonly u8: Uint8Array
  readonly i32: Int32Array
  readonly f64: Float64Array
}

export class Heap {
  private current: Views | null = null
  /** Free blocks, sorted by address and never adjacent (freeing coalesces). */
  private readonly freeStart: number[] = []
  private readonly freeSize: number[] = []
  private readonly sizes = new Map<number, number>()
  /** Everything from `top` up is unused. */
  private top: number
  private used = 0

  constructor(
    readonly memory: WasmMemory,
    readonly base: number,
    readonly maximumBytes: number,
  ) {
    this.top = base
  }

  /**
   * Typed-array views over the current `memory.buffer`: the one place they are
   * (re)built. Growth detaches the old buffer, which empties its views, so an
   * empty view is the cheap sign of staleness (the `buffer` getter is not cheap).
   */
  views(): Views {
    if (this.current === null || this.current.u8.length === 0) {
      const buffer = this.memory.buffer
      this.current = {
        u8: new Uint8Array(buffer),
        i32: new Int32Array(buffer),
        f64: new Float64Array(buffer),
      }
    }
    return this.current
  }

  /** Bytes in allocated blocks. */
  get bytesInUse(): number {
    return this.used
  }

  /** A block of at least `bytes` bytes, 16-aligned; `what` names it in the error when memory runs out. */
  alloc(bytes: number, what: string): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN)
    for (let j = 0; j < this.freeStart.length; j++) {
      if (this.freeSize[j] < size) continue
      const ptr = this.freeStart[j]
      if (this.freeSize[j] === size) {
        this.freeStart.splice(j, 1)
        this.freeSize.splice(j, 1)
      } else {
        this.freeStart[j] += size
        this.freeSize[j] -= size
      }
      return this.taken(ptr, size)
    }
    const end = this.top + size
    if (end > this.maximumBytes) {
      throw new Error(
        `wasm backend: ${what} needs ${inUnits(size)} of WebAssembly memory, which with ${inUnits(this.used)} in use ` +
          `exceeds the maximum of ${inUnits(this.maximumBytes)}; raise it with ` +
          `createWasmBackend({ maximumMemory }) from '@chainrule/core-wasm/backend', or dispose() programs`,
      )
    }
    if (end > this.memory.buffer.byteLength) this.grow(end)
    const ptr = this.top
    this.top = end
    return this.taken(ptr, size)
  }

  free(ptr: number): void {
    const size = this.sizes.get(ptr)
    if (size === undefined) throw new Error(`wasm backend: freeing ${ptr}, which is not an allocated block`)
    this.sizes.delete(ptr)
    this.used -= size
    let start = ptr
    let end = ptr + size
    // Find where the block goes, merging with a free neighbour on either side.
    let j = 0
    while (j < this.freeStart.length && this.freeStart[j] < start) j++
    if (j > 0 && this.freeStart[j - 1] + this.freeSize[j - 1] === start) {
      j--
      start = this.freeStart[j]
      this.freeStart.splice(j, 1)
      this.freeSize.splice(j, 1)
    }
    if (j < this.freeStart.length && this.freeStart[j] === end) {
      end += this.freeSize[j]
      this.freeStart.splice(j, 1)
      this.freeSize.splice(j, 1)
    }
    if (end === this.top) this.top = start
    else {
      this.freeStart.splice(j, 0, start)
      this.freeSize.splice(j, 0, end - start)
    }
  }

  private taken(ptr: number, size: number): number {
    this.sizes.set(ptr, size)
    this.used += size
    return ptr
  }

  /**
   * Grows to hold `end` bytes, at least doubling (amortised O(1)), never past the maximum. A host
   * that refuses the doubling (a browser tab, a container's limit) is asked for just what is needed.
   */
  private grow(end: number): void {
    const have = this.memory.buffer.byteLength / PAGE
    const need = Math.ceil(end / PAGE)
    let pages = Math.min(Math.max(need, 2 * have), Math.floor(this.maximumBytes / PAGE))
    try {
      try {
        this.memory.grow(pages - have)
      } catch (e) {
        if (pages === need) throw e
        pages = need
        this.memory.grow(pages - have)
      }
    } catch (e) {
      throw new Error(
        `wasm backend: the host refused to grow WebAssembly memory to ${inUnits(pages * PAGE)} ` +
          `(${inUnits(this.used)} in use, the maximum set is ${inUnits(this.maximumBytes)}); ` +
          `the machine has no more to give: dispose() programs or use smaller tapes`,
        { cause: e },
      )
    }
  }
}
