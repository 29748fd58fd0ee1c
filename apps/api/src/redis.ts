// The Redis client (ioredis) shared by the tape store and the rate limiter,
// set to fail fast rather than wait: while disconnected it queues nothing
// (enableOfflineQueue: false) and every command has a time limit, so a lost
// Redis turns into 503s at once — never requests piling up behind it. It
// reconnects by itself, forever, at most a second apart; the tape routes
// come back as soon as it is ready again, with no restart.

import type { FastifyBaseLogger } from 'fastify'
import { Redis } from 'ioredis'

export interface RedisOptions {
  url: string
  /** Time limit of one command; past it the request gets 503. */
  commandTimeoutMs: number
}

export function connectRedis({ url, commandTimeoutMs }: RedisOptions, log: FastifyBaseLogger): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: Math.max(1000, commandTimeoutMs),
    retryStrategy: (attempt) => Math.min(50 * attempt, 1000),
  })
  // Logged on a change of state only: a Redis that stays down would otherwise log every retry.
  let up: boolean | undefined
  redis.on('ready', () => {
    if (up !== true) log.info('redis: connected')
    up = true
  })
  redis.on('error', (err) => {
    if (up !== false) log.warn({ err: { message: err.message } }, 'redis: unavailable; reconnecting')
    up = false
  })
  redis.on('close', () => {
    if (up === true) log.warn('redis: connection lost; reconnecting')
    up = false
  })
  return redis
}
