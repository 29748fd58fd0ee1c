// "Did you mean …?": the closest known name to a mistyped one, for the
// parser's unknown functions and the CLI's unknown options alike.

/** Edit distance counting an adjacent swap as one edit (optimal string alignment): sigmiod → sigmoid is 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[] = new Array(rows * cols).fill(0)
  for (let i = 0; i < rows; i++) d[i * cols] = i
  for (let j = 0; j < cols; j++) d[j] = j
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[(i - 2) * cols + j - 2] + 1)
      d[i * cols + j] = v
    }
  }
  return d[rows * cols - 1]
}

/**
 * The candidate nearest to `word` (case-insensitively), if it is near enough to be a typo: at most
 * one edit for a short word, two from six letters on. Ties go to the longer shared prefix.
 */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > 64) return undefined
  const w = word.toLowerCase()
  const limit = w.length >= 6 ? 2 : 1
  let best: string | undefined
  let bestScore = (limit + 1) * 1000
  for (const c of candidates) {
    const lc = c.toLowerCase()
    // Ties go to the longer shared prefix: sinn is sin with a letter more, not sign with one changed.
    let prefix = 0
    while (prefix < w.length && w[prefix] === lc[prefix]) prefix++
    const d = editDistance(w, lc)
    const score = d * 1000 - Math.min(prefix, 999)
    if (d <= limit && score < bestScore) {
      best = c
      bestScore = score
    }
  }
  return best
}
