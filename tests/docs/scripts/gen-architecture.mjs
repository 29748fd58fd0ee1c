// Writes the function list of docs/ARCHITECTURE.md §8 from the op table and
// the expression language's vocabulary, between the GENERATED markers, so the
// document lists exactly what the parser accepts. `--check` exits 1 when the
// committed section is stale (src/architecture.test.ts runs the same check).
import { readFileSync, writeFileSync } from 'node:fs'
import { ALIASES, CONSTANTS, FUNCTIONS, OPS } from '@chainrule/core'

export const file = new URL('../../../docs/ARCHITECTURE.md', import.meta.url)
const BEGIN = '<!-- BEGIN GENERATED: functions (tests/docs/scripts/gen-architecture.mjs) -->'
const END = '<!-- END GENERATED: functions -->'

/** The section's text for the given vocabulary. */
export function render(functions, constants, aliases, ops) {
  const lines = [
    BEGIN,
    '',
    'Every function the expression language accepts. Primitives are rows of the op',
    "table (their opcode is the tape's `op`); composites record several primitives.",
    '',
    '| function | kind | opcode | infix | has a kink |',
    '|---|---|---|---|---|',
  ]
  for (const def of functions.values()) {
    const op = def.op
    const infix = op?.symbol && op.arity === 2 ? `\`${op.symbol}\`` : ''
    lines.push(
      `| \`${def.usage}\` | ${def.kind} | ${op ? op.code : ''} | ${infix} | ${op?.kink ? 'yes' : ''} |`,
    )
  }
  const leaves = ops.filter((o) => o.arity === 0).map((o) => `\`${o.name}\` (${o.code})`)
  lines.push(
    '',
    `Constants: ${[...constants].map(([n, v]) => `\`${n}\` = ${v}`).join(', ')}. ` +
      `Aliases: ${[...aliases].map(([a, n]) => `\`${a}\` = \`${n}\``).join(', ')}. ` +
      `Leaf opcodes on the tape: ${leaves.join(', ')}.`,
    '',
    END,
  )
  return lines.join('\n')
}

/** The document with its generated section replaced by `section`. */
export function splice(doc, section) {
  const start = doc.indexOf(BEGIN)
  const end = doc.indexOf(END)
  if (start < 0 || end < start) throw new Error('docs/ARCHITECTURE.md has no GENERATED: functions markers')
  return doc.slice(0, start) + section + doc.slice(end + END.length)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const doc = readFileSync(file, 'utf8')
  const next = splice(doc, render(FUNCTIONS, CONSTANTS, ALIASES, OPS))
  if (process.argv.includes('--check')) {
    if (next !== doc) {
      console.error('docs/ARCHITECTURE.md is stale: run `pnpm gen`')
      process.exit(1)
    }
  } else if (next !== doc) {
    writeFileSync(file, next)
    console.log('wrote docs/ARCHITECTURE.md')
  }
}
