// The JSON body parser. Fastify's own reports prototype poisoning as plain
// "invalid JSON"; this one says what was refused. JSON.parse makes
// `__proto__` an ordinary own key (it never sets a prototype), so the parsed
// value is scanned for the two keys that would poison an object if anything
// later merged it: `__proto__`, and `constructor` holding a `prototype`.
// Escaped spellings (\u005f_proto__) decode to the same keys, so they are
// caught too; text with neither word nor an escape skips the scan.

import type { FastifyInstance } from 'fastify'
import { ApiError } from './errors.js'

function poisoned(root: unknown): boolean {
  const stack: unknown[] = [root]
  while (stack.length > 0) {
    const v = stack.pop()
    if (typeof v !== 'object' || v === null) continue
    if (Array.isArray(v)) {
      for (const item of v) stack.push(item)
      continue
    }
    const o = v as Record<string, unknown>
    if (Object.hasOwn(o, '__proto__')) return true
    const c = Object.hasOwn(o, 'constructor') ? o.constructor : undefined
    if (typeof c === 'object' && c !== null && Object.hasOwn(c, 'prototype')) return true
    for (const key of Object.keys(o)) stack.push(o[key])
  }
  return false
}

export function parseJson(text: string): unknown {
  if (text.length === 0) throw new ApiError(400, 'empty-body', 'the body is empty; send a JSON object')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new ApiError(400, 'invalid-json', 'the body is not valid JSON')
  }
  if (/__proto__|constructor|\\u/.test(text) && poisoned(value)) {
    throw new ApiError(400, 'forbidden-property', 'the body contains __proto__ or constructor.prototype')
  }
  return value
}

export function useJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJson(body as string))
    } catch (e) {
      done(e as Error, undefined)
    }
  })
}
