import { describe, expect, it } from 'vitest'
import { Heap } from './heap.js'
import { createMemory, PAGE } from './host.js'

/** A real WebAssembly.Memory of `pages` pages, growable to 64. */
const memory = (pages: number) => createMemory(pages, 64)

describe('Heap', () => {
  it('hands out 16-aligned blocks from the base up and reuses a freed block first-fit', () => {
    const heap = new Heap(memory(1), 1024, 4 * PAGE)
    const a = heap.alloc(10, 'a')
    const b = heap.alloc(100, 'b')
    const c = heap.alloc(16, 'c')
    expect([a, b, c]).toEqual([1024, 1040, 1152])
    expect(heap.bytesInUse).toBe(16 + 112 + 16)
    heap.free(b)
    expect(heap.alloc(50, 'd')).toBe(1040)
    expect(heap.alloc(40, 'e')).toBe(1104)
    expect(heap.alloc(1, 'f')).toBe(1168)
  })

  it('coalesces neighbours, so freeing everything returns the whole heap', () => {
    const heap = new Heap(memory(1), 0, 4 * PAGE)
    const blocks = Array.from({ length: 50 }, (_, i) => heap.alloc(16 * (1 + (i % 7)), 'x'))
    // Free in an interleaved order: evens, then odds.
    for (let i = 0; i < 50; i += 2) heap.free(blocks[i])
    for (let i = 1; i < 50; i += 2) heap.free(blocks[i])
    expect(heap.bytesInUse).toBe(0)
    // One block the size of everything handed out before fits at the base again.
    expect(heap.alloc(PAGE, 'all')).toBe(0)
  })

  it('asks for just the pages it needs when the host refuses the doubling', () => {
    // The host gives at most 10 pages, the heap's own maximum is 64: from 6 pages, doubling to 12
    // is refused, but the 9 pages needed fit.
    const mem = createMemory(1, 10)
    const heap = new Heap(mem, 0, 64 * PAGE)
    heap.alloc(6 * PAGE, 'a')
    expect(mem.buffer.byteLength).toBe(6 * PAGE)
    heap.alloc(3 * PAGE, 'b')
    expect(mem.buffer.byteLength).toBe(9 * PAGE)
    // What does not fit at all is still the host's refusal, with the sizes.
    expect(() => heap.alloc(2 * PAGE, 'c')).toThrow(
      /the host refused to grow WebAssembly memory to 704\.0 KiB/,
    )
  })

  it('grows the memory on demand, at least doubling, and rebuilds its views once per new buffer', () => {
    const mem = memory(1)
    const heap = new Heap(mem, 0, 64 * PAGE)
    const before = heap.views()
    expect(heap.views()).toBe(before)
    const p = heap.alloc(3 * PAGE, 'big')
    expect(mem.buffer.byteLength).toBe(3 * PAGE)
    const after = heap.views()
    expect(after === before).toBe(false)
    expect(before.f64.length).toBe(0) // the old buffer was detached by the growth
    expect(after.f64.buffer).toBe(mem.buffer)
    after.f64[p >> 3] = 42
    heap.alloc(PAGE, 'more')
    expect(mem.buffer.byteLength).toBe(6 * PAGE)
    expect(heap.views().f64[p >> 3]).toBe(42)
  })

  it('refuses a block beyond the maximum with an error naming it, and stays usable', () => {
    const heap = new Heap(memory(1), 0, 2 * PAGE)
    heap.alloc(PAGE, 'first')
    expect(() => heap.alloc(2 * PAGE, 'a tape of 9 nodes')).toThrow(
      /a tape of 9 nodes needs 128\.0 KiB of WebAssembly memory, which with 64\.0 KiB in use exceeds the maximum of 128\.0 KiB; raise it with createWasmBackend\(\{ maximumMemory \}\)/,
    )
    expect(heap.bytesInUse).toBe(PAGE)
    expect(heap.alloc(PAGE, 'second')).toBe(PAGE)
  })

  it('rejects freeing an address it never handed out', () => {
    const heap = new Heap(memory(1), 0, PAGE)
    expect(() => heap.free(48)).toThrow('wasm backend: freeing 48, which is not an allocated block')
  })
})
