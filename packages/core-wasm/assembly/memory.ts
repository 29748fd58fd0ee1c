// Inline access to the arrays the JS side laid out in linear memory. Every
// array is passed as a byte address; `i` is an element index. The JS side
// owns the layout (src/heap.ts), so nothing here allocates.

// @ts-ignore: decorator
@inline export function opcode(op: usize, i: i32): u8 {
  return load<u8>(op + <usize>i)
}

// @ts-ignore: decorator
@inline export function index(arr: usize, i: i32): i32 {
  return load<i32>(arr + (<usize>i << 2))
}

// @ts-ignore: decorator
@inline export function get(arr: usize, i: i32): f64 {
  return load<f64>(arr + (<usize>i << 3))
}

// @ts-ignore: decorator
@inline export function set(arr: usize, i: i32, x: f64): void {
  store<f64>(arr + (<usize>i << 3), x)
}

/** arr[i] += x */
// @ts-ignore: decorator
@inline export function accumulate(arr: usize, i: i32, x: f64): void {
  const p = arr + (<usize>i << 3)
  store<f64>(p, load<f64>(p) + x)
}

/** arr[i] -= x */
// @ts-ignore: decorator
@inline export function deduct(arr: usize, i: i32, x: f64): void {
  const p = arr + (<usize>i << 3)
  store<f64>(p, load<f64>(p) - x)
}

/** Two lanes of a node-major batch row, starting at element `j` of the row at `row`. */
// @ts-ignore: decorator
@inline export function get2(row: usize, j: i32): v128 {
  return v128.load(row + (<usize>j << 3))
}

// @ts-ignore: decorator
@inline export function set2(row: usize, j: i32, x: v128): void {
  v128.store(row + (<usize>j << 3), x)
}

/** row[j], row[j+1] += x */
// @ts-ignore: decorator
@inline export function accumulate2(row: usize, j: i32, x: v128): void {
  set2(row, j, f64x2.add(get2(row, j), x))
}

/** row[j], row[j+1] -= x */
// @ts-ignore: decorator
@inline export function deduct2(row: usize, j: i32, x: v128): void {
  set2(row, j, f64x2.sub(get2(row, j), x))
}

/** Debug builds check that node i's operands come before it (b = -1 when unary); release builds drop it. */
// @ts-ignore: decorator
@inline export function checkOperands(a: i32, b: i32, i: i32): void {
  assert(<u32>a < <u32>i && b < i, 'tape: an operand does not precede its node')
}
