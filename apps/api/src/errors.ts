// One error shape for every failure: { error: { code, message, start?, end? } }.
// Whatever goes wrong — a parser error from fastify, a schema violation, an
// expression error from core, a timeout — leaves here as a 4xx (or a 503 when
// the server itself is saturated) with a message we wrote, never a stack, and
// never more than a few characters of what the client sent.

import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { quoteInput } from '@chainrule/core'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'

export interface ErrorBody {
  code: string
  message: string
  start?: number
  end?: number
}

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly start?: number,
    readonly end?: number,
  ) {
    super(message)
  }

  toJSON(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message }
    if (this.start !== undefined && this.start >= 0) {
      body.start = this.start
      body.end = this.end
    }
    return body
  }
}

/** A piece of client input fit for a message: core's bounded, markup-safe quote, ASCII only. */
export function quote(text: string): string {
  return quoteInput(text, { ascii: true })
}

/**
 * A JSON pointer's segments as a message shows them: indices as they are, names
 * unescaped (RFC 6901: ~1 is /, ~0 is ~) and quoted, but the first `plain` — the
 * API's own field names — as they are.
 */
export function pointerSegments(pointer: string, plain = 0): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s, i) => (i < plain || /^\d+$/.test(s) ? s : quote(s.replace(/~1/g, '/').replace(/~0/g, '~'))))
}

// Fastify's own errors, renamed to stable codes that say what to fix.
const FASTIFY: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body-too-large', 'the request body is larger than the limit'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported-media-type', 'send the body as application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad-content-length', 'Content-Length does not match the body'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'empty-body', 'the body is empty; send a JSON object'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid-json', 'the body is not valid JSON'],
  FST_ERR_BAD_URL: [400, 'bad-url', 'the URL is malformed'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'url-too-long', 'a part of the URL is longer than allowed'],
  // @fastify/static's answer for a path that cannot be one of its files (too long, a dotfile, ..):
  // to the client, simply not a page here.
  FST_STATIC_FORBIDDEN_PATH: [404, 'not-found', 'no such page'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'bad-request', 'the request could not be routed'],
}

/** Ajv's first complaint as "body/at/x: must be number", with the path's keys quoted and bounded. */
function validationMessage(error: FastifyError): string {
  const first = error.validation?.[0]
  if (!first) return 'the request does not match the schema'
  const path = pointerSegments(first.instancePath)
  const where = [error.validationContext ?? 'body', ...path].join('/')
  const params = first.params as Record<string, unknown>
  let detail = first.message ?? 'is invalid'
  if (first.keyword === 'additionalProperties') {
    detail = `has an unknown property ${quote(String(params.additionalProperty))}`
  } else if (first.keyword === 'required') {
    detail = `is missing ${quote(String(params.missingProperty))}`
  } else if (first.keyword === 'propertyNames' || first.keyword === 'pattern') {
    detail = 'has a name that is not an identifier'
  }
  return `${where} ${detail}`
}

/** Maps anything thrown while handling a request to a status and an ErrorBody. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  const e = error as FastifyError & { name?: string }
  if (e?.validation) return new ApiError(400, 'invalid-request', validationMessage(e))
  const known = e?.code ? FASTIFY[e.code] : undefined
  if (known) return new ApiError(...known)
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500
  if (status === 429) return new ApiError(429, 'rate-limited', 'too many requests; slow down')
  if (status >= 400 && status < 500) return new ApiError(status, 'bad-request', 'the request is malformed')
  return new ApiError(500, 'internal', 'an unexpected error; it has been logged')
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const api = toApiError(error)
  if (api.statusCode >= 500 && api.code === 'internal') request.log.error({ err: error }, 'unhandled error')
  else request.log.info({ code: api.code, status: api.statusCode }, 'request refused')
  if (api.statusCode === 503) reply.header('retry-after', '1')
  // Set here too: errors found while routing (frameworkErrors) skip the app's onSend hooks.
  reply.header('x-content-type-options', 'nosniff')
  reply.status(api.statusCode).send({ error: api.toJSON() })
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  reply
    .status(404)
    .send({ error: { code: 'not-found', message: `no route ${request.method} ${quote(request.url)}` } })
}

// Errors node's HTTP parser raises before fastify sees a request: the
// 'clientError' event, which by default answers in fastify's own body shape.
const CLIENT: Record<string, [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request-timeout', 'the request was not received in time'],
  HPE_HEADER_OVERFLOW: [431, 'headers-too-large', 'the request headers are larger than the limit'],
  HPE_INVALID_METHOD: [400, 'bad-method', 'the request method is not valid HTTP'],
  HPE_INVALID_CONTENT_LENGTH: [400, 'bad-content-length', 'Content-Length is invalid'],
  HPE_UNEXPECTED_CONTENT_LENGTH: [400, 'bad-content-length', 'Content-Length conflicts with another header'],
  HPE_INVALID_TRANSFER_ENCODING: [400, 'bad-transfer-encoding', 'Transfer-Encoding is invalid'],
  HPE_INVALID_URL: [400, 'bad-url', 'the URL is malformed'],
}

/**
 * Fastify's clientErrorHandler: answers an unparseable request with the one
 * error shape, echoing nothing of it, and closes the connection.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const [status, code, message] = CLIENT[err.code ?? ''] ?? [
    400,
    'bad-request',
    'the request is not valid HTTP',
  ]
  const body = JSON.stringify({ error: { code, message } })
  // As node does: answer only if no response has begun on this socket.
  const response = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage
  if (socket.writable && !response?.headersSent) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    )
  }
  // end(), not destroy(): destroying a socket with unread input (a client still
  // sending its endless body) resets the connection, and the client may lose
  // the answer. A client that does not close its side in turn is cut off soon after.
  socket.end()
  setTimeout(() => socket.destroy(), 1000).unref()
}
