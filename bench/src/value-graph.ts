// The origin text's design, ported from its Python: every operation allocates
// a Value holding its operands and a `_backward` closure; backward() sorts the
// graph topologically and calls the closures. Rebuilt on every call. This is
// the baseline chainrule's tape is measured against, not something to use.

export class Value {
  grad = 0
  _backward: () => void = () => {}
  constructor(
    public data: number,
    readonly _prev: readonly Value[] = [],
  ) {}

  add(other: Value | number): Value {
    const o = other instanceof Value ? other : new Value(other)
    const out = new Value(this.data + o.data, [this, o])
    out._backward = () => {
      this.grad += out.grad
      o.grad += out.grad
    }
    return out
  }

  sub(other: Value | number): Value {
    const o = other instanceof Value ? other : new Value(other)
    const out = new Value(this.data - o.data, [this, o])
    out._backward = () => {
      this.grad += out.grad
      o.grad -= out.grad
    }
    return out
  }

  mul(other: Value | number): Value {
    const o = other instanceof Value ? other : new Value(other)
    const out = new Value(this.data * o.data, [this, o])
    out._backward = () => {
      this.grad += o.data * out.grad
      o.grad += this.data * out.grad
    }
    return out
  }

  tanh(): Value {
    const t = Math.tanh(this.data)
    const out = new Value(t, [this])
    out._backward = () => {
      this.grad += (1 - t * t) * out.grad
    }
    return out
  }

  relu(): Value {
    const out = new Value(Math.max(this.data, 0), [this])
    out._backward = () => {
      this.grad += (out.data > 0 ? 1 : 0) * out.grad
    }
    return out
  }

  exp(): Value {
    const e = Math.exp(this.data)
    const out = new Value(e, [this])
    out._backward = () => {
      this.grad += e * out.grad
    }
    return out
  }

  backward(): void {
    // Iterative topological sort (the recursive one overflows on deep graphs).
    const topo: Value[] = []
    const visited = new Set<Value>()
    const stack: [Value, boolean][] = [[this, false]]
    while (stack.length) {
      const [v, expanded] = stack.pop()!
      if (expanded) {
        topo.push(v)
        continue
      }
      if (visited.has(v)) continue
      visited.add(v)
      stack.push([v, true])
      for (const p of v._prev) if (!visited.has(p)) stack.push([p, false])
    }
    this.grad = 1
    for (let i = topo.length - 1; i >= 0; i--) topo[i]._backward()
  }
}
