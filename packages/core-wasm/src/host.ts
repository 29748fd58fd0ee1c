// The one seam to the host's WebAssembly: compile and instantiate the sweep
// module over a memory the JS side creates and owns. Typed here, narrowly,
// so the package needs neither the DOM lib nor @types/node to compile.

/** What the AssemblyScript module (assembly/index.ts) exports. Addresses are byte offsets. */
export interface SweepModule {
  heapBase(): number
  forward(n: number, op: number, a: number, b: number, v: number): void
  reverse(n: number, op: number, a: number, b: number, v: number, g: number): void
  tangent(n: number, op: number, a: number, b: number, v: number, t: number): void
  reverseTangent(
    n: number,
    op: number,
    a: number,
    b: number,
    v: number,
    t: number,
    g: number,
    gt: number,
  ): void
  scatter(X: number, k: number, m: number, rows: number, V: number, stride: number): void
  gather(V: number, stride: number, rows: number, m: number, k: number, out: number): void
  forwardBatch(
    n: number,
    op: number,
    a: number,
    b: number,
    v: number,
    V: number,
    G: number,
    stride: number,
  ): void
  reverseBatch(n: number, op: number, a: number, b: number, V: number, G: number, stride: number): void
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}

interface WasmModuleImport {
  readonly module: string
  readonly name: string
}

interface WasmNamespace {
  Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory
  Module: { new (bytes: Uint8Array): object; imports(module: object): WasmModuleImport[] }
  Instance: new (module: object, imports: object) => { readonly exports: unknown }
  compile(bytes: Uint8Array): Promise<object>
}

const wasm = (globalThis as unknown as { WebAssembly?: WasmNamespace }).WebAssembly

function host(): WasmNamespace {
  if (wasm === undefined) throw new Error('wasm backend: this JavaScript engine has no WebAssembly')
  return wasm
}

export const PAGE = 65536

export function createMemory(initialPages: number, maximumPages: number): WasmMemory {
  return new (host().Memory)({ initial: initialPages, maximum: maximumPages })
}

const compiled = new WeakMap<Uint8Array, object>()

/**
 * Instantiates the module over `memory`. Its imports are the host's Math
 * functions (`env.Math.*`, so transcendental results match the JS backend
 * bit for bit) and `env.abort`, which turns a failed debug assertion into an Error.
 */
export function instantiate(bytes: Uint8Array, memory: WasmMemory): SweepModule {
  const { Module, Instance } = host()
  let module = compiled.get(bytes)
  if (module === undefined) compiled.set(bytes, (module = new Module(bytes)))
  const env: Record<string, unknown> = {
    memory,
    abort: (msg: number, file: number, line: number, col: number) => {
      const where = file === 0 ? '' : ` (${readString(memory, file)}:${line}:${col})`
      throw new Error(`${readString(memory, msg)}${where}`)
    },
  }
  bindMath(module, env)
  return new Instance(module, { env }).exports as SweepModule
}

/** Binds every `env.Math.*` import of `module` to the host's own Math function: one binding for both modules. */
function bindMath(module: object, env: Record<string, unknown>): void {
  const math = Math as unknown as Record<string, unknown>
  for (const { module: from, name } of host().Module.imports(module)) {
    if (from === 'env' && name.startsWith('Math.')) env[name] = math[name.slice(5)]
  }
}

/** What a compiled tape's module (src/compiler/tape-compiler.ts) exports. */
export interface CompiledSweeps {
  /** The primary unit: forward, and forward then reverse. */
  forward?(): void
  gradient?(): void
  /** Memory layout: +0 into the adjoints gradient() reads before writing (called before seeding). */
  zero?(): void
  /** Locals layout only: forward and tangent sweeps, tangents at byte address t. */
  jvp?(t: number): void
  /** Locals layout only: forward, tangent and tangent-of-adjoint sweeps; gt's array follows t's n entries. */
  hvp?(t: number): void
  /**
   * The batch unit (src/compiler/batch.ts): over node-major rows of stride lanes, values at V
   * (forwardBatch; gradientBatch also the inputs' adjoint rows at G), scratch at S.
   */
  forwardBatch?(V: number, G: number, stride: number, S: number): void
  gradientBatch?(V: number, G: number, stride: number, S: number): void
}

/** Compiles a tape's module synchronously (fine in Node; browsers refuse large modules on the main thread). */
export function compileModule(bytes: Uint8Array): object {
  return new (host().Module)(bytes)
}

/** Compiles a tape's module off the main thread where the platform can. */
export function compileModuleAsync(bytes: Uint8Array): Promise<object> {
  return host().compile(bytes)
}

/** Instantiates a compiled tape's module over the sweep module's memory, with the same Math imports. */
export function instantiateCompiled(module: object, memory: WasmMemory): CompiledSweeps {
  const env: Record<string, unknown> = { memory }
  bindMath(module, env)
  return new (host().Instance)(module, { env }).exports as CompiledSweeps
}

/** An AssemblyScript string: UTF-16 code units, its byte length stored just before it. */
function readString(memory: WasmMemory, ptr: number): string {
  if (ptr === 0) return '?'
  const bytes = new Uint32Array(memory.buffer, ptr - 4, 1)[0]
  return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, bytes >>> 1))
}
