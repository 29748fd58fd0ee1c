// The one place that picks a backend. Both packages export the same names
// (docs/ARCHITECTURE.md §7), so the choice is which module to import; importing lazily
// means a `--backend js` run never loads the WebAssembly package.

import type * as Core from '@chainrule/core'

/** The names the CLI uses; both modules must provide every one, with core's types. */
export type Chainrule = Pick<
  typeof Core,
  | 'compile'
  | 'explain'
  | 'toDot'
  | 'toMermaid'
  | 'toJSON'
  | 'minimize'
  | 'numeric'
  | 'fmt'
  | 'ExpressionError'
  | 'expressionErrorMessage'
  | 'DecodeError'
  | 'decodeNumber'
  | 'decodePoint'
  | 'decodePoints'
  | 'encodeResult'
  | 'encodeNumber'
  | 'pointer'
  | 'findNonFiniteOrigin'
  | 'caret'
  | 'position'
  | 'DEFAULT_LIMITS'
  | 'hessianProblem'
  | 'compareProblem'
  | 'costOf'
  | 'workProblem'
  | 'terminalSafe'
>
export type BackendName = 'js' | 'wasm'
export const BACKENDS: readonly BackendName[] = ['wasm', 'js']

export async function loadBackend(name: BackendName): Promise<Chainrule> {
  return name === 'js' ? import('@chainrule/core') : import('@chainrule/core-wasm')
}
