// One instance of the sweep module over one memory: what a wasm backend
// creates on its first load. Programs take regions of its heap and give
// them back on dispose(); a FinalizationRegistry frees the regions of a
// program that was dropped without dispose().

import { Heap } from './heap.js'
import { createMemory, instantiate, PAGE, type SweepModule } from './host.js'

/** The regions a program holds; shared with the registry, so it must not reference the program. */
export type Regions = Set<number>

export class SweepInstance {
  readonly heap: Heap
  readonly sweeps: SweepModule
  private readonly registry: FinalizationRegistry<Regions>

  constructor(bytes: Uint8Array, initialBytes: number, maximumBytes: number) {
    const maximumPages = Math.floor(maximumBytes / PAGE)
    const memory = createMemory(Math.min(Math.ceil(initialBytes / PAGE), maximumPages), maximumPages)
    this.sweeps = instantiate(bytes, memory)
    this.heap = new Heap(memory, this.sweeps.heapBase(), maximumPages * PAGE)
    this.registry = new FinalizationRegistry((regions) => this.release(regions))
  }

  /** Frees `regions` when `owner` is garbage-collected, unless `forget(owner)` came first. */
  watch(owner: object, regions: Regions): void {
    this.registry.register(owner, regions, owner)
  }

  forget(owner: object): void {
    this.registry.unregister(owner)
  }

  release(regions: Regions): void {
    for (const ptr of regions) this.heap.free(ptr)
    regions.clear()
  }
}

/** Turns whatever a sweep threw (a trap, a failed debug assertion) into one clear Error. */
export function sweepFailed(sweep: string, e: unknown): Error {
  const why = e instanceof Error ? e.message : String(e)
  return new Error(
    `wasm backend: the ${sweep} sweep trapped (${why}); this program's results are invalid, ` +
      'the backend stays usable for other programs',
    { cause: e },
  )
}
