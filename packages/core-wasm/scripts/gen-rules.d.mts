// Types of gen-rules.mjs, for its test.
export const outPath: URL
export interface Table {
  readonly ops: readonly Record<string, unknown>[]
  readonly source: unknown
}
export function loadTable(): Promise<Table>
export function render(table: Table): string
export const irPath: URL
export function renderIr(table: Table): string
