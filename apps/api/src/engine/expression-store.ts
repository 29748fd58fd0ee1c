// Stored tapes: POST /v1/tapes answers with a content address, and later
// requests replay by that id without sending (or parsing) the text again.
// What is stored under the id is the expression (its text as posted and its
// variable order), not a tape: a replay compiles it through the program
// cache, so the stores are named for what they hold. The id is a hash of the
// normalised expression and the variable order, so the same formula always
// has the same id, on any server; an id forgotten by the store is simply
// posted again.
//
// One interface, two stores: MemoryExpressionStore (the default, this
// process's LRU, bounded by bytes) and RedisExpressionStore
// (redis-expression-store.ts, shared by every replica pointed at the same
// REDIS_URL). Both are asynchronous so the routes do not care which one they have.

import { LRUCache } from 'lru-cache'
import { type CacheBounds, ENTRY_BYTES, stringBytes } from './programs.js'

export interface StoredExpression {
  /** The text as it was posted (within every limit; its normal form may not be). */
  readonly expression: string
  readonly variables: string[]
}

export interface StoreStats {
  readonly kind: 'memory' | 'redis'
  /** 'unavailable' while a shared store cannot be reached: tape routes answer 503 meanwhile. */
  readonly state: 'ok' | 'unavailable'
  /** Tapes and bytes held, when this process can know them cheaply (a shared store: null). */
  readonly tapes: number | null
  readonly bytes: number | null
}

/** What a store did, for /metrics: an operation and how it ended. */
export type StoreOutcome = 'ok' | 'miss' | 'invalid' | 'too-large' | 'unavailable'
export type StoreObserver = (op: 'get' | 'set', outcome: StoreOutcome) => void

export interface ExpressionStore {
  /** The tape, or undefined when none is stored under `id`; throws ApiError (503 store-unavailable, …). */
  get(id: string): Promise<StoredExpression | undefined>
  set(id: string, tape: StoredExpression): Promise<void>
  readonly stats: StoreStats
  close(): Promise<void>
}

export class MemoryExpressionStore implements ExpressionStore {
  private readonly tapes: LRUCache<string, StoredExpression>

  constructor(
    bounds: CacheBounds,
    private readonly observe: StoreObserver = () => {},
  ) {
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

  async get(id: string): Promise<StoredExpression | undefined> {
    const tape = this.tapes.get(id)
    this.observe('get', tape === undefined ? 'miss' : 'ok')
    return tape
  }

  async set(id: string, tape: StoredExpression): Promise<void> {
    this.tapes.set(id, tape)
    this.observe('set', 'ok')
  }

  get stats(): StoreStats {
    return { kind: 'memory', state: 'ok', tapes: this.tapes.size, bytes: this.tapes.calculatedSize }
  }

  async close(): Promise<void> {
    this.tapes.clear()
  }
}
