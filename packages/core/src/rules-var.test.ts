// The Operand rules nested differentiation records with (rules-var.generated.ts)
// are the op table's: given numbers, bit for bit the number rules; given Vars,
// their own derivatives are the table's second partials.
import { describe, expect, it } from 'vitest'
import { domainOf } from '../test/domains.js'
import { rng, uniform } from '../test/rng.js'
import { createApi } from './api.js'
import { jsBackend } from './js-backend.js'
import { PRIMITIVES } from './ops.js'
import { OPERAND_RULES } from './rules-var.generated.js'
import { record, type Var } from './var.js'

const api = createApi(jsBackend)

describe('Operand rules', () => {
  it('given numbers, equal the number rules bit for bit on every op', () => {
    const r = rng(17)
    for (const op of PRIMITIVES) {
      const [da, db] = OPERAND_RULES[op.code] ?? []
      const [ra, rb] = domainOf(op)
      for (let k = 0; k < 50; k++) {
        const a = uniform(r, ra[0], ra[1])
        const b = op.arity === 2 ? uniform(r, rb[0], rb[1]) : 0
        const y = op.fwd(a, b)
        expect(Object.is(da(a, b, y), op.da(a, b, y)), `${op.name} da at ${a}, ${b}`).toBe(true)
        if (op.arity === 2)
          expect(Object.is(db(a, b, y), op.db(a, b, y)), `${op.name} db at ${a}, ${b}`).toBe(true)
      }
    }
  })

  it("given Vars, differentiate to the table's second partials", () => {
    const r = rng(18)
    for (const op of PRIMITIVES) {
      const [da, db] = OPERAND_RULES[op.code] ?? []
      const [ra, rb] = domainOf(op)
      for (let k = 0; k < 10; k++) {
        const p = [uniform(r, ra[0], ra[1]), op.arity === 2 ? uniform(r, rb[0], rb[1]) : 0]
        // The rule over Vars, y recorded too: its derivative is the total one.
        const at = (rule: typeof da) =>
          api.gradient((a: Var, b: Var) => rule(a, b, op.arity === 1 ? record(op, a) : record(op, a, b)), p)
        const want = (f: typeof op.daa) => f(p[0], p[1], op.fwd(p[0], p[1]))
        const ga = at(da)
        const close = (got: number, w: number, what: string) =>
          expect(Math.abs(got - w), `${op.name} ${what} at ${p}`).toBeLessThanOrEqual(
            1e-9 * Math.max(1, Math.abs(w)),
          )
        close(ga[0], want(op.daa), 'd(da)/da')
        if (op.arity === 2) {
          close(ga[1], want(op.dab), 'd(da)/db')
          const gb = at(db)
          close(gb[0], want(op.dab), 'd(db)/da')
          close(gb[1], want(op.dbb), 'd(db)/db')
        }
      }
    }
  })
})
