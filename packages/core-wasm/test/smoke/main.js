// The smallest page a user might write: import the package, differentiate.
import { add, grad, mul, programOf } from '@chainrule/core-wasm'

const out = document.getElementById('out')
try {
  const f = (x) => add(mul(x, x), x)
  out.dataset.backend = programOf(f, [2]).backend
  out.textContent = String(grad(f)(2))
} catch (e) {
  out.textContent = `error: ${e instanceof Error ? e.message : e}`
}
