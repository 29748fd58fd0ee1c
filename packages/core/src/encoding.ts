// Numbers in JSON (docs/ARCHITECTURE.md §11), one module for the CLI, the API and the web
// page. Finite numbers stay numbers; NaN, Infinity and -Infinity become the
// strings "NaN", "Infinity", "-Infinity", as protobuf's JSON mapping writes
// them, and are accepted back. Nothing else is coerced: "1", "1e400", true or
// [2] where a number belongs is an error naming where it was found.
//
// Paths are JSON Pointers (RFC 6901): "/gradient/1", "/at/x", "" for the whole
// document — the form JSON Schema validators report, so one API response can
// mix our errors with a schema validator's.

import type { Program } from './backend.js'
import type { Lang } from './explain/messages.js'
import { quote, quoteList } from './expr/errors.js'
import { findNonFiniteOrigin, type NonFiniteOrigin } from './non-finite.js'
import { PROBLEM_MESSAGES, type ProblemMessages } from './problem-messages.js'

export type EncodedNumber = number | 'NaN' | 'Infinity' | '-Infinity'
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export interface Encoded {
  readonly json: Json
  /** Pointers to every non-finite number, in document order. */
  readonly nonFinite: string[]
}

export type DecodeErrorCode = 'invalid-number' | 'invalid-point' | 'missing-variable' | 'unknown-variable'

/** A request value that is not what docs/ARCHITECTURE.md §11 allows; `path` points at it. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError'
  /** The message in each language (`message` is the English one), for front ends that speak to people. */
  readonly messages: Readonly<Record<Lang, string>>
  constructor(
    readonly code: DecodeErrorCode,
    readonly path: string,
    message: string | ((m: ProblemMessages) => string),
  ) {
    const say = (lang: Lang) => {
      const text = typeof message === 'string' ? message : message(PROBLEM_MESSAGES[lang])
      return path ? `${path}: ${text}` : text
    }
    super(say('en'))
    this.messages = { en: this.message, ko: typeof message === 'string' ? this.message : say('ko') }
  }
}

/** Deep enough for any result shape; deeper means a cycle or a mistake. */
const MAX_DEPTH = 32
/** Echo at most this much of a bad string (the API promises ≤ 64 characters of input). */
const ECHO = 24

export function encodeNumber(x: number): EncodedNumber {
  if (Number.isFinite(x)) return x
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity'
}

/** `parent` extended by one key, escaped as RFC 6901 requires (~ → ~0, / → ~1). */
export function pointer(parent: string, key: string | number): string {
  return `${parent}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/**
 * A result made ready for JSON.stringify: numbers encoded, typed arrays turned
 * into arrays, undefined properties dropped; anything else that JSON cannot
 * carry (functions, class instances, bigints) is a TypeError.
 */
export function encode(value: unknown, path = ''): Encoded {
  const nonFinite: string[] = []
  const walk = (v: unknown, at: string, depth: number): Json => {
    if (depth > MAX_DEPTH) throw new TypeError(`encode: nested deeper than ${MAX_DEPTH} at ${at}`)
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) nonFinite.push(at)
      return encodeNumber(v)
    }
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v
    if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) {
      const list = v as ArrayLike<unknown>
      const out: Json[] = []
      for (let i = 0; i < list.length; i++) out.push(walk(list[i], pointer(at, i), depth + 1))
      return out
    }
    if (typeof v === 'object' && isPlainObject(v)) {
      const out: { [key: string]: Json } = {}
      for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = walk(x, pointer(at, k), depth + 1)
      return out
    }
    throw new TypeError(`encode: cannot put ${typeof v} into JSON at ${at || '/'}`)
  }
  return { json: walk(value, path, 0), nonFinite }
}

/**
 * A result object encoded as a response body: its own fields, plus
 * `nonFinite` (pointers) when any number is not finite and, given the
 * program and point it came from, `origin`: the first node that produced one.
 */
export function encodeResult(
  result: Record<string, unknown>,
  provenance?: { readonly program: Program; readonly x: ArrayLike<number> },
): { [key: string]: Json } {
  if ('nonFinite' in result || 'origin' in result)
    throw new TypeError('encodeResult: nonFinite and origin are reserved')
  const { json, nonFinite } = encode(result)
  const body = json as { [key: string]: Json }
  if (nonFinite.length === 0) return body
  body.nonFinite = nonFinite
  const origin = provenance ? findNonFiniteOrigin(provenance.program, provenance.x) : null
  if (origin) body.origin = encodeOrigin(origin)
  return body
}

function encodeOrigin(o: NonFiniteOrigin): { [key: string]: Json } {
  return { ...o, value: encodeNumber(o.value) }
}

function shown(v: unknown, m: ProblemMessages): string {
  if (typeof v === 'string')
    return m.shown('string', JSON.stringify(v.length > ECHO ? `${v.slice(0, ECHO)}…` : v))
  if (v === null) return m.shown('null', 'null')
  if (Array.isArray(v)) return m.shown('array', '')
  return typeof v === 'object' ? m.shown('object', '') : m.shown('other', `${typeof v} ${String(v)}`)
}

/** A number from a request: a JSON number or one of the three strings, nothing else. */
export function decodeNumber(value: unknown, path = ''): number {
  if (typeof value === 'number') return value
  if (value === 'NaN') return Number.NaN
  if (value === 'Infinity') return Number.POSITIVE_INFINITY
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY
  throw new DecodeError('invalid-number', path, (m) => m.expectedNumber(shown(value, m)))
}

/** A list of numbers, each decoded by decodeNumber; `length` when it must be exact. */
export function decodeNumbers(value: unknown, path = '', length?: number): number[] {
  if (!Array.isArray(value))
    throw new DecodeError('invalid-point', path, (m) => m.expectedArray('numbers', shown(value, m)))
  if (length !== undefined && value.length !== length) {
    throw new DecodeError('invalid-point', path, (m) => m.expectedNumbers(length, String(value.length)))
  }
  return value.map((v, i) => decodeNumber(v, pointer(path, i)))
}

/**
 * A point in the order of `variables`: either an object naming every
 * variable ({ "x": 2, "y": "NaN" }) or an array in that order. A missing or
 * unknown name is an error, never a silent default.
 */
export function decodePoint(value: unknown, variables: readonly string[], path = ''): Float64Array {
  if (Array.isArray(value)) return Float64Array.from(decodeNumbers(value, path, variables.length))
  if (typeof value !== 'object' || value === null) {
    throw new DecodeError('invalid-point', path, (m) => m.expectedPoint(shown(value, m)))
  }
  const obj = value as Record<string, unknown>
  const known = new Set(variables)
  for (const k of Object.keys(obj)) {
    if (!known.has(k)) {
      const name = k.length > ECHO ? `${k.slice(0, ECHO)}…` : k
      throw new DecodeError('unknown-variable', pointer(path, name), (m) =>
        m.notVariable(quote(k), quoteList(variables)),
      )
    }
  }
  return Float64Array.from(variables, (name) => {
    if (!Object.hasOwn(obj, name))
      throw new DecodeError('missing-variable', path, (m) => m.missingValue(name))
    return decodeNumber(obj[name], pointer(path, name))
  })
}

/** k points as one row-major k×n array, ready for evaluateBatch / gradientBatch. */
export function decodePoints(
  value: unknown,
  variables: readonly string[],
  path = '',
): { readonly points: Float64Array; readonly k: number } {
  if (!Array.isArray(value))
    throw new DecodeError('invalid-point', path, (m) => m.expectedArray('points', shown(value, m)))
  const n = variables.length
  const points = new Float64Array(value.length * n)
  value.forEach((p, i) => {
    points.set(decodePoint(p, variables, pointer(path, i)), i * n)
  })
  return { points, k: value.length }
}
