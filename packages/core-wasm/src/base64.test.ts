import { describe, expect, it } from 'vitest'
import { decodeBase64 } from './base64.js'

describe('decodeBase64', () => {
  it('decodes every padding length and all 256 byte values like Buffer does', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i)
    for (let n = 0; n <= 256; n += 1) {
      const slice = bytes.subarray(256 - n)
      expect(decodeBase64(Buffer.from(slice).toString('base64'))).toEqual(slice)
    }
  })
  it('rejects a character outside the alphabet with its position', () => {
    expect(() => decodeBase64('AAA*')).toThrow('base64: unexpected character at 3')
  })
})
