// Stored tapes: POST /v1/tapes answers with a content address, and later
// requests replay by that id without sending (or parsing) the text again.
// The id is a hash of the normalised expression and the variable order, so
// the same formula always has the same id, on any server; an id forgotten
// by the LRU is simply posted again. The store is bounded by bytes (ids,
// texts and names counted), not only by entries.

import { LRUCache } from 'lru-cache'
import { type CacheBounds, ENTRY_BYTES, stringBytes } from './programs.js'

export interface StoredTape {
  /** The text as it was posted (within every limit; its normal form may not be). */
  readonly expression: string
  readonly variables: string[]
}

export class Tapes {
  private readonly tapes: LRUCache<string, StoredTape>

  constructor(bounds: CacheBounds) {
    this.tapes = new LRUCache({
      max: bounds.entries,
      maxSize: bounds.bytes,
      sizeCalculation: (t, id) =>
        ENTRY_BYTES +
        stringBytes(id) +
        stringBytes(t.expression) +
        t.variables.reduce((n, v) => n + stringBytes(v), 0),
    })
  }

  get(id: string): StoredTape | undefined {
    return this.tapes.get(id)
  }

  set(id: string, tape: StoredTape): void {
    this.tapes.set(id, tape)
  }

  get size(): number {
    return this.tapes.size
  }

  get bytes(): number {
    return this.tapes.calculatedSize
  }
}
