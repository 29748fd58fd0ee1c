// The module's exports: the sweeps, and where the JS side may start laying
// out memory (above this module's static data).

export { forward, reverse, reverseTangent, tangent } from './sweeps'
export { forwardBatch, gather, reverseBatch, scatter } from './batch'

export function heapBase(): usize {
  return (__heap_base + 15) & ~15
}
