// The tape store shared by replicas: one Redis string per tape under
// chainrule:tape:<id>, written with a TTL (re-posting a tape rewrites it and
// starts its TTL again) and bounded in bytes per tape.
//
// Redis is not trusted: a key may hold a value some other program wrote, a
// truncated one, or another type altogether. What is read is therefore bounded
// (GETRANGE reads at most maxBytes + 1 bytes, so a huge foreign value is never
// pulled whole), parsed with JSON.parse and checked against a schema — the
// text then goes through the parser and its limits like any posted expression.
// Nothing read is ever run. A value that fails is a 404 the client fixes by
// posting the tape again, which overwrites it.

import type { Limits } from '@chainrule/core'
import type { Redis } from 'ioredis'
import { Type } from 'typebox'
import { Compile } from 'typebox/compile'
import { ApiError } from '../errors.js'
import { IDENTIFIER } from '../schemas/common.js'
import type { ExpressionStore, StoredExpression, StoreObserver, StoreStats } from './expression-store.js'

export const TAPE_PREFIX = 'chainrule:tape:'

export interface RedisExpressionStoreOptions {
  ttlSeconds: number
  /** Bytes of one stored tape's JSON; a larger tape is refused (413), a larger value read is not a tape. */
  maxBytes: number
  limits: Limits
}

const unavailable = () =>
  new ApiError(503, 'store-unavailable', 'the shared tape store cannot be reached; retry shortly')

const invalid = () =>
  new ApiError(
    404,
    'unknown-tape',
    'the value stored under this id is not a valid tape; POST /v1/tapes with the expression again',
  )

/** What this server writes: a version, the id it was stored under, and the tape. */
function storedSchema(limits: Limits) {
  const finite = (n: number) => (Number.isFinite(n) ? { maxLength: n } : {})
  return Compile(
    Type.Object(
      {
        v: Type.Literal(1),
        id: Type.String({ pattern: '^[0-9a-f]{64}$' }),
        expression: Type.String(finite(limits.length)),
        variables: Type.Array(Type.String({ pattern: IDENTIFIER, ...finite(limits.identifier) }), {
          ...(Number.isFinite(limits.variables) ? { maxItems: limits.variables } : {}),
        }),
      },
      { additionalProperties: false },
    ),
  )
}

export class RedisExpressionStore implements ExpressionStore {
  private readonly check: ReturnType<typeof storedSchema>

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisExpressionStoreOptions,
    private readonly observe: StoreObserver = () => {},
  ) {
    this.check = storedSchema(options.limits)
  }

  async get(id: string): Promise<StoredExpression | undefined> {
    const raw = await this.command('get', () =>
      this.redis.getrange(TAPE_PREFIX + id, 0, this.options.maxBytes),
    )
    // GETRANGE of a missing key is "" (and so is an empty value: neither holds a tape).
    if (raw === '') {
      this.observe('get', 'miss')
      return undefined
    }
    const tape = this.parse(id, raw)
    this.observe('get', tape ? 'ok' : 'invalid')
    if (!tape) throw invalid()
    return tape
  }

  private parse(id: string, raw: string): StoredExpression | undefined {
    if (Buffer.byteLength(raw) > this.options.maxBytes) return undefined
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch {
      return undefined
    }
    // A valid tape copied under another key is not this id's tape either.
    if (!this.check.Check(value) || value.id !== id) return undefined
    return { expression: value.expression, variables: value.variables }
  }

  async set(id: string, tape: StoredExpression): Promise<void> {
    const text = JSON.stringify({ v: 1, id, expression: tape.expression, variables: tape.variables })
    if (Buffer.byteLength(text) > this.options.maxBytes) {
      this.observe('set', 'too-large')
      throw new ApiError(413, 'tape-too-large', 'the tape is larger than the store keeps (TAPE_MAX_BYTES)')
    }
    await this.command('set', () => this.redis.set(TAPE_PREFIX + id, text, 'EX', this.options.ttlSeconds))
    this.observe('set', 'ok')
  }

  /**
   * Runs a command, failing fast: the client queues nothing while
   * disconnected and times commands out (redis.ts), so a request never waits
   * on a lost Redis; it answers 503 with Retry-After.
   */
  private async command<T>(op: 'get' | 'set', run: () => Promise<T>): Promise<T> {
    if (this.redis.status !== 'ready') {
      this.observe(op, 'unavailable')
      throw unavailable()
    }
    try {
      return await run()
    } catch (e) {
      // WRONGTYPE: the key holds something that is not a string we wrote. Any other reply
      // error (LOADING, BUSY, NOAUTH, MISCONF, …) is the store not serving: 503, not 404.
      if (op === 'get' && e instanceof Error && e.name === 'ReplyError' && /^WRONGTYPE/.test(e.message)) {
        this.observe(op, 'invalid')
        throw invalid()
      }
      this.observe(op, 'unavailable')
      throw unavailable()
    }
  }

  get stats(): StoreStats {
    return {
      kind: 'redis',
      state: this.redis.status === 'ready' ? 'ok' : 'unavailable',
      tapes: null,
      bytes: null,
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect()
  }
}
