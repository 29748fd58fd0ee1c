// Aligned columns for human output. Cells are plain text; styling (colour) is
// applied after padding, so escape codes never disturb the alignment.

/** Columns a string takes in a terminal: Hangul and other wide characters take two. */
export function displayWidth(s: string): number {
  let w = 0
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xff00 && c <= 0xff60)
    w += wide ? 2 : 1
  }
  return w
}

const padEnd = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - displayWidth(s)))
const padStart = (s: string, width: number) => ' '.repeat(Math.max(0, width - displayWidth(s))) + s

/** Where a number's decimal point is (or would be): the alignment anchor of a numeric column. */
function integerWidth(s: string): number {
  const m = /^[-+−]?\d+/.exec(s)
  return m ? m[0].length : displayWidth(s)
}

/** Pads numbers so their decimal points line up, then to one common width. */
export function alignNumbers(cells: readonly string[]): string[] {
  const lead = Math.max(0, ...cells.map(integerWidth))
  const shifted = cells.map((s) => ' '.repeat(lead - integerWidth(s)) + s)
  const width = Math.max(0, ...shifted.map(displayWidth))
  return shifted.map((s) => padEnd(s, width))
}

export type Align = 'left' | 'right' | 'number'
export type Style = (cell: string, row: number, column: number) => string

export interface TableOptions {
  align?: readonly Align[]
  /** Applied to each padded cell. */
  style?: Style
  /** Between columns; default two spaces. */
  gap?: string
  /** Before each line. */
  indent?: string
  /** The first row holds headings: left-aligned, and not part of a column's number alignment. */
  header?: boolean
}

/** Rows of cells as aligned lines, trailing spaces trimmed. */
export function table(rows: readonly (readonly string[])[], opts: TableOptions = {}): string[] {
  const columns = Math.max(0, ...rows.map((r) => r.length))
  const padded: string[][] = rows.map((r) => [...r])
  for (let c = 0; c < columns; c++) {
    const align = opts.align?.[c] ?? 'left'
    const skip = opts.header ? 1 : 0
    const cells = rows.slice(skip).map((r) => r[c] ?? '')
    let heading = opts.header ? (rows[0][c] ?? '') : undefined
    // A number column's heading ends over the units digit, like the numbers' integer parts.
    if (heading !== undefined && align === 'number')
      heading = padStart(heading, Math.max(0, ...cells.map(integerWidth)))
    let out: string[] = align === 'number' ? alignNumbers(cells) : cells
    const width = Math.max(displayWidth(heading ?? ''), ...out.map(displayWidth))
    out = out.map((s) => (align === 'right' ? padStart(s, width) : padEnd(s, width)))
    if (heading !== undefined)
      out.unshift(align === 'right' ? padStart(heading, width) : padEnd(heading, width))
    out.forEach((s, r) => {
      padded[r][c] = s
    })
  }
  const style = opts.style ?? ((s) => s)
  const last = columns - 1
  return padded.map((r, i) => {
    // The last cell is not padded on the right: no trailing spaces, even inside colour codes.
    const cells = r.map((s, c) => style(c === last ? s.trimEnd() : s, i, c))
    return `${opts.indent ?? ''}${cells.join(opts.gap ?? '  ')}`
  })
}
