// TypeDoc plugin: the Var methods are installed from the op table (var.ts),
// not written one by one, so their documentation comes from the table too.
// Every other export must carry its own doc comment: typedoc.json fails the
// build on an undocumented one (validation.notDocumented as an error).
import { Comment, Converter, ReflectionKind } from 'typedoc'
import { CMP, OPS } from '../packages/core/dist/index.js'

const GUARD = {
  lt: '<',
  le: '≤',
  gt: '>',
  ge: '≥',
  eq: '=',
  ne: '≠',
}

function summary(name) {
  const op = OPS.find((o) => o.name === name && o.arity > 0)
  if (op) {
    const call = op.arity === 1 ? `x.${name}()` : `x.${name}(y)`
    const kink = op.kink
      ? ' The op has kinks, pinned as docs/ARCHITECTURE.md §4 lists; a sweep at one reports `kink`.'
      : ''
    return `\`${call}\`: the op table's \`${name}\` (opcode ${op.code}) recorded on x's tape; the new node's Var.${kink}`
  }
  if (name in CMP) {
    return `\`x.${name}(y)\`: whether x ${GUARD[name]} y, for the caller's \`if\`; records a guard, so a replay where the answer flips records again (docs/ARCHITECTURE.md §5).`
  }
  return undefined
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const r of context.project.getReflectionsByKind(ReflectionKind.Property | ReflectionKind.Method)) {
      if (r.parent?.name !== 'Var' || r.hasComment()) continue
      const text = summary(r.name)
      if (text) r.comment = new Comment([{ kind: 'text', text }])
    }
  })
}
