// A WebAssembly binary encoder: just what the tape compiler emits (f64
// functions, imported functions and memory, exports), written as bytes by
// hand so the package needs no assembler. Instruction bytes are the MVP
// opcodes of the WebAssembly core specification.

/** Value types. */
export const F64 = 0x7c
export const I32 = 0x7f
/** Block type of a block that leaves nothing. */
export const EMPTY = 0x40

/** Opcodes the compiler uses. */
/** memory.fill (bulk memory): 0xfc 11, memory 0. */
export const MEMORY_FILL = [0xfc, 0x0b, 0x00]

export const OP = {
  unreachable: 0x00,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  call: 0x10,
  drop: 0x1a,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  f64Load: 0x2b,
  f64Store: 0x39,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Eqz: 0x45,
  f64Eq: 0x61,
  f64Ne: 0x62,
  f64Lt: 0x63,
  f64Gt: 0x64,
  f64Le: 0x65,
  f64Ge: 0x66,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32And: 0x71,
  i32Or: 0x72,
  f64Abs: 0x99,
  f64Neg: 0x9a,
  f64Ceil: 0x9b,
  f64Floor: 0x9c,
  f64Trunc: 0x9d,
  f64Sqrt: 0x9f,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  f64Min: 0xa4,
  f64Max: 0xa5,
} as const

/** A growable byte buffer with the encodings WebAssembly uses. */
export class Bytes {
  private buf = new Uint8Array(256)
  length = 0
  private readonly f64 = new Float64Array(1)
  private readonly f64Bytes = new Uint8Array(this.f64.buffer)

  private reserve(extra: number): void {
    if (this.length + extra <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.length + extra) size *= 2
    const next = new Uint8Array(size)
    next.set(this.buf.subarray(0, this.length))
    this.buf = next
  }

  byte(b: number): this {
    this.reserve(1)
    this.buf[this.length++] = b
    return this
  }

  bytes(b: ArrayLike<number>): this {
    this.reserve(b.length)
    this.buf.set(b, this.length)
    this.length += b.length
    return this
  }

  /** Unsigned LEB128 (u32). */
  u32(n: number): this {
    this.reserve(5)
    let x = n >>> 0
    do {
      let b = x & 0x7f
      x >>>= 7
      if (x !== 0) b |= 0x80
      this.buf[this.length++] = b
    } while (x !== 0)
    return this
  }

  /** Signed LEB128 (i32). */
  i32(n: number): this {
    this.reserve(5)
    let x = n | 0
    for (;;) {
      const b = x & 0x7f
      x >>= 7
      const done = (x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0)
      this.buf[this.length++] = done ? b : b | 0x80
      if (done) return this
    }
  }

  /** An f64 as its 8 little-endian IEEE bytes: every bit kept, NaN payload and −0 included. */
  f64Bits(x: number): this {
    this.f64[0] = x
    return this.bytes(this.f64Bytes)
  }

  /** A name; the compiler's names are ASCII (so UTF-8 is the char codes). */
  name(s: string): this {
    this.u32(s.length)
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i)
      if (c > 0x7f) throw new Error(`wasm encoder: non-ASCII name ${s}`)
      this.byte(c)
    }
    return this
  }

  /** A length-prefixed copy of another buffer (a section or a function body). */
  sized(b: Bytes): this {
    return this.u32(b.length).bytes(b.view())
  }

  view(): Uint8Array {
    return this.buf.subarray(0, this.length)
  }

  // Instructions.
  op(code: number): this {
    return this.byte(code)
  }
  f64Const(x: number): this {
    return this.byte(OP.f64Const).f64Bits(x)
  }
  i32Const(n: number): this {
    return this.byte(OP.i32Const).i32(n)
  }
  localGet(i: number): this {
    return this.byte(OP.localGet).u32(i)
  }
  localSet(i: number): this {
    return this.byte(OP.localSet).u32(i)
  }
  localTee(i: number): this {
    return this.byte(OP.localTee).u32(i)
  }
  call(f: number): this {
    return this.byte(OP.call).u32(f)
  }
  /** f64.load at a constant byte address (base 0, the address as offset). */
  loadAt(address: number): this {
    return this.i32Const(0).byte(OP.f64Load).u32(3).u32(address)
  }
  /** f64.load at the address in local `base` plus `offset`. */
  loadFrom(base: number, offset: number): this {
    return this.localGet(base).byte(OP.f64Load).u32(3).u32(offset)
  }
  /** f64.store at local `base` plus `offset`; `base` must have been pushed before the value. */
  storeOffset(offset: number): this {
    return this.byte(OP.f64Store).u32(3).u32(offset)
  }
  /** f64.store of the value on the stack, which must have been pushed after `storeAddress()`. */
  storeAt(address: number): this {
    return this.byte(OP.f64Store).u32(3).u32(address)
  }
  /** The base address (0) an f64.store at a constant address needs under its value. */
  storeBase(): this {
    return this.i32Const(0)
  }
}

export interface FuncType {
  readonly params: readonly number[]
  readonly results: readonly number[]
}

export interface FunctionBody {
  readonly type: number
  /** Locals beyond the parameters, as (count, type) runs. */
  readonly locals: readonly (readonly [number, number])[]
  readonly code: Bytes
}

/** A module: types, imported functions, one imported memory, functions, exports. */
export class ModuleBuilder {
  private readonly types: FuncType[] = []
  private readonly typeKeys = new Map<string, number>()
  private readonly imports: { module: string; name: string; type: number }[] = []
  private readonly functions: FunctionBody[] = []
  private readonly exports: { name: string; func: number }[] = []
  private sealedImports = false

  type(params: readonly number[], results: readonly number[]): number {
    const key = `${params.join(',')}>${results.join(',')}`
    let t = this.typeKeys.get(key)
    if (t === undefined) {
      t = this.types.length
      this.types.push({ params, results })
      this.typeKeys.set(key, t)
    }
    return t
  }

  /** An imported function's index; every import must come before the first function is added. */
  importFunction(module: string, name: string, type: number): number {
    if (this.sealedImports) throw new Error('wasm encoder: imports must precede functions')
    this.imports.push({ module, name, type })
    return this.imports.length - 1
  }

  /** Index the next added function will have. */
  get nextFunction(): number {
    return this.imports.length + this.functions.length
  }

  addFunction(body: FunctionBody): number {
    this.sealedImports = true
    this.functions.push(body)
    return this.imports.length + this.functions.length - 1
  }

  /** Replaces the body of a function added earlier (declared first so others can call it). */
  setFunction(index: number, body: FunctionBody): void {
    this.functions[index - this.imports.length] = body
  }

  export(name: string, func: number): void {
    this.exports.push({ name, func })
  }

  /** The module's bytes; the memory is imported as env.memory, with no maximum (any memory fits). */
  encode(): Uint8Array {
    const out = new Bytes()
    out.bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])
    const section = (id: number, fill: (s: Bytes) => void) => {
      const s = new Bytes()
      fill(s)
      out.byte(id).sized(s)
    }
    section(1, (s) => {
      s.u32(this.types.length)
      for (const t of this.types) {
        s.byte(0x60).u32(t.params.length).bytes(t.params).u32(t.results.length).bytes(t.results)
      }
    })
    section(2, (s) => {
      s.u32(this.imports.length + 1)
      s.name('env').name('memory').byte(0x02).byte(0x00).u32(0)
      for (const i of this.imports) s.name(i.module).name(i.name).byte(0x00).u32(i.type)
    })
    section(3, (s) => {
      s.u32(this.functions.length)
      for (const f of this.functions) s.u32(f.type)
    })
    section(7, (s) => {
      s.u32(this.exports.length)
      for (const e of this.exports) s.name(e.name).byte(0x00).u32(e.func)
    })
    section(10, (s) => {
      s.u32(this.functions.length)
      for (const f of this.functions) {
        const body = new Bytes()
        body.u32(f.locals.length)
        for (const [count, type] of f.locals) body.u32(count).byte(type)
        body.bytes(f.code.view()).byte(OP.end)
        s.sized(body)
      }
    })
    return out.view().slice()
  }
}
