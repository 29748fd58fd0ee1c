// Base64 → bytes, in plain TypeScript: the embedded module must decode the
// same way in Node, in workers and in browsers, without `atob` or Buffer.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const VALUE = new Int8Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i

export function decodeBase64(text: string): Uint8Array {
  let end = text.length
  while (end > 0 && text[end - 1] === '=') end--
  const out = new Uint8Array(Math.floor((end * 3) / 4))
  let bits = 0
  let acc = 0
  let o = 0
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i)
    const v = c < 128 ? VALUE[c] : -1
    if (v < 0) throw new Error(`base64: unexpected character at ${i}`)
    acc = (acc << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >> bits) & 0xff
    }
  }
  return out
}
