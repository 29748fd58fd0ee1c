// Which names may be variables, and in what order variables become inputs.
//
// Nothing in an expression is ever looked up on a JavaScript object, so these
// names could do no harm; they are refused anyway, because a formula that says
// `constructor` or `__proto__` is a probe, and a clear refusal is better for
// the user than a variable that happens to be called `eval`.

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/** JavaScript's keywords, literals and globals, plus the names on Object.prototype. */
// biome-ignore format: a word list reads better filled than one name per line
const RESERVED: ReadonlySet<string> = new Set([
  // Object.prototype and friends.
  'constructor', 'prototype', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf',
  'propertyIsEnumerable', 'caller', 'callee', 'arguments',
  // Globals that reach code, the host or the network.
  'eval', 'Function', 'Object', 'Array', 'Reflect', 'Proxy', 'Symbol', 'Promise', 'Math', 'JSON',
  'globalThis', 'global', 'window', 'self', 'document', 'process', 'require', 'module', 'exports', 'import',
  'Buffer', 'WebAssembly', 'Atomics', 'SharedArrayBuffer', 'fetch', 'XMLHttpRequest', 'setTimeout',
  'setInterval', 'queueMicrotask', 'Deno', 'Bun',
  // Literals that look like numbers or values but are not ours.
  'NaN', 'Infinity', 'undefined', 'null', 'true', 'false',
  // Keywords and reserved words.
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else',
  'enum', 'export', 'extends', 'finally', 'for', 'function', 'if', 'in', 'instanceof', 'let', 'new',
  'return', 'static', 'super', 'switch', 'this', 'throw', 'try', 'typeof', 'var', 'void', 'while', 'with',
  'yield', 'async', 'await', 'implements', 'interface', 'package', 'private', 'protected', 'public',
])

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name)
}

/** Reserved: JavaScript's own names, and every name starting with `__` (`__proto__`, `__defineGetter__`, …). */
export function isReserved(name: string): boolean {
  return RESERVED.has(name) || name.startsWith('__')
}

/**
 * The default order of variables: alphabetical ignoring case, with runs of
 * digits compared as numbers, so `x2` comes before `x10` and `a` before `B`;
 * names equal but for case fall back to code-unit order (`A` before `a`).
 */
export function compareNames(p: string, q: string): number {
  const byWords = compareNatural(p.toLowerCase(), q.toLowerCase())
  return byWords !== 0 ? byWords : p < q ? -1 : p > q ? 1 : 0
}

const isDigit = (c: number) => c >= 48 && c <= 57

function compareNatural(p: string, q: string): number {
  let i = 0
  let j = 0
  while (i < p.length && j < q.length) {
    if (isDigit(p.charCodeAt(i)) && isDigit(q.charCodeAt(j))) {
      const i0 = i
      const j0 = j
      while (i < p.length && isDigit(p.charCodeAt(i))) i++
      while (j < q.length && isDigit(q.charCodeAt(j))) j++
      // Compare the runs as numbers without parsing them (they may be long): strip
      // leading zeros, then the longer run is larger, then digit by digit.
      const a = p.slice(i0, i).replace(/^0+(?=\d)/, '')
      const b = q.slice(j0, j).replace(/^0+(?=\d)/, '')
      if (a.length !== b.length) return a.length - b.length
      if (a !== b) return a < b ? -1 : 1
      // Equal values: fewer leading zeros first, so the order stays total (`x1` before `x01`).
      if (i - i0 !== j - j0) return i - i0 - (j - j0)
    } else {
      const c = p.charCodeAt(i) - q.charCodeAt(j)
      if (c !== 0) return c
      i++
      j++
    }
  }
  return p.length - i - (q.length - j)
}
