// Types of gen-var-rules.mjs, for its test.
import type { Table } from './gen-rules.mjs'
export const outPath: URL
export function render(table: Table): string
