// What a number on the page means at a special point, read off the tape after
// a forward sweep: an op at its kink (where the derivative does not exist and
// the op table pins a convention), and the first op outside its domain (its
// value is NaN although its operands are finite). Nothing here decides the
// rules: the kinks and the pinned partials are the op table's.

import { type BackendName, fmt, type Model, OPS } from './core.ts'
import { type Lang, t } from './i18n.ts'

export interface Kink {
  /** The op's source text, as typed (`relu(x)`), or the op's name when the tape has no span. */
  readonly source: string
  readonly op: string
  readonly args: readonly number[]
  /** The op table's pinned partials there: ∂/∂a (and ∂/∂b for a binary op). */
  readonly partials: readonly number[]
}

export interface DomainProblem {
  readonly source: string
  readonly op: string
  readonly args: readonly number[]
}

export interface Notes {
  readonly kinks: readonly Kink[]
  readonly domain: DomainProblem | null
}

/** Kinks (at most `max`, one per op and arguments) and the first domain problem at x. */
export function notesAt(model: Model, backend: BackendName, x: readonly number[], max = 3): Notes {
  const program = model.programs[backend]
  program.evaluate(x)
  const tape = program.tape
  const v = program.nodeValues()
  const kinks: Kink[] = []
  const seen = new Set<string>()
  let domain: DomainProblem | null = null
  for (let i = 0; i < tape.op.length; i++) {
    const def = OPS[tape.op[i]]
    if (def.arity === 0) continue
    const args = def.arity === 1 ? [v[tape.a[i]]] : [v[tape.a[i]], v[tape.b[i]]]
    const source = sourceOf(tape, i) ?? def.name
    if (domain === null && Number.isNaN(v[i]) && args.every(Number.isFinite)) {
      domain = { source, op: def.name, args }
    }
    if (def.kink?.(args[0], args[1] ?? 0)) {
      const key = `${def.name}(${args.join(',')})`
      if (seen.has(key) || kinks.length >= max) continue
      seen.add(key)
      const b = args[1] ?? 0
      const partials = [def.da(args[0], b, v[i]), ...(def.arity === 2 ? [def.db(args[0], b, v[i])] : [])]
      kinks.push({ source, op: def.name, args, partials })
    }
  }
  return { kinks, domain }
}

function sourceOf(tape: Model['programs']['js']['tape'], i: number): string | null {
  const start = tape.spans?.[2 * i] ?? -1
  const end = tape.spans?.[2 * i + 1] ?? -1
  return start >= 0 && end > start && tape.source ? tape.source.slice(start, end) : null
}

/** relu(0) */
const callOf = (op: string, args: readonly number[]) => `${op}(${args.map(fmt).join(', ')})`

/** relu′(0) = 0, or ∇min(1, 1) = (0.5, 0.5) for a binary op. */
export function pinnedOf(k: Kink): string {
  const call = callOf(k.op, k.args)
  return k.partials.length === 1
    ? `${k.op}′(${k.args.map(fmt).join(', ')}) = ${fmt(k.partials[0])}`
    : `∇${call} = (${k.partials.map(fmt).join(', ')})`
}

export function kinkSentence(lang: Lang, k: Kink): string {
  return t(lang, 'noteKink', { source: k.source, call: callOf(k.op, k.args), pinned: pinnedOf(k) })
}

export function domainSentence(lang: Lang, d: DomainProblem): string {
  return t(lang, 'noteDomain', { source: d.source, call: callOf(d.op, d.args) })
}
