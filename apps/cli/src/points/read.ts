// `--points FILE`: points streamed from a CSV file with a header of variable
// names, a JSON array of points, or JSON Lines, in batches of at most `size`
// points in the program's variable order, ready for a batched replay. Only
// one batch and one chunk of text are held at a time, so a file of any size
// streams through in bounded memory.

import type { Chainrule } from '../backends.js'
import { type Batch, Batches, MAX_PIECE, type PointParser } from './batches.js'
import { CsvPoints } from './csv.js'
import { JsonPoints } from './json.js'

/**
 * The batches of a points file. JSON when the first character that is not
 * whitespace is `[` (an array of points) or `{` (JSON Lines, one point
 * object per line); CSV otherwise. A leading byte-order mark is ignored.
 */
export async function* readPoints(
  chunks: AsyncIterable<string>,
  variables: readonly string[],
  api: Chainrule,
  size: number,
): AsyncGenerator<Batch> {
  const batches = new Batches(variables.length, size)
  let parser: PointParser | undefined
  let head = ''
  for await (const chunk of chunks) {
    if (parser === undefined) {
      head = (head + chunk).replace(/^\uFEFF/, '')
      const first = head.match(/\S/)?.[0]
      if (first === undefined) {
        if (head.length > MAX_PIECE) head = head.trimStart()
        continue
      }
      parser =
        first === '[' || first === '{'
          ? new JsonPoints(variables, api, batches)
          : new CsvPoints(variables, batches)
      parser.push(head)
    } else parser.push(chunk)
    yield* batches.ready.splice(0)
  }
  ;(parser ?? new CsvPoints(variables, batches)).end()
  batches.flush()
  yield* batches.ready.splice(0)
}
