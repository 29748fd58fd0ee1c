// Code blocks of a Markdown file and what each one claims. The conventions
// (README.md of this package):
// - a block preceded by `<!-- not run: reason -->` is skipped, with its reason;
// - in a ts block, `expression // → shown` claims that the expression's value,
//   printed by util.inspect on one line, is `shown`;
// - in a sh block, lines starting `# ` right after a command are its exact
//   standard output; a command with none must merely succeed.

export interface Block {
  readonly file: string
  /** 1-based line of the opening fence. */
  readonly line: number
  readonly lang: string
  readonly body: string[]
  /** Why the block is not run, when it is marked so. */
  readonly notRun?: string
}

const NOT_RUN = /^<!-- not run: (.+) -->$/

export function blocksOf(file: string, markdown: string): Block[] {
  const lines = markdown.split('\n')
  const out: Block[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```([\w-]*)\s*$/.exec(lines[i])
    if (!open) {
      // Any other fence (indented, ~~~, four backticks, an info string) would be a block nobody runs.
      if (/^\s*(`{3,}|~{3,})/.test(lines[i]))
        throw new Error(`${file}:${i + 1}: a code fence must be \`\`\`lang at the start of the line`)
      continue
    }
    let end = i + 1
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++
    let before = i - 1
    while (before >= 0 && lines[before].trim() === '') before--
    const notRun = before >= 0 ? NOT_RUN.exec(lines[before].trim())?.[1] : undefined
    out.push({ file, line: i + 1, lang: open[1], body: lines.slice(i + 1, end), notRun })
    i = end
  }
  return out
}

export interface Claim {
  /** Line in the Markdown file. */
  readonly line: number
  readonly shown: string
}

/**
 * A ts block as a module: each `expr // → shown` line becomes a call that
 * hands the value to `globalThis.__shown`, everything else is kept as is.
 */
export function instrumentTs(block: Block): { source: string; claims: Claim[] } {
  const claims: Claim[] = []
  const lines = block.body.map((text, k) => {
    const m = /^(.*?)\s*\/\/ → (.+)$/.exec(text)
    if (!m) return text
    const expr = m[1].replace(/;\s*$/, '')
    if (/^\s*(const|let|var|import|export)\b/.test(expr) || expr.trim() === '') {
      throw new Error(
        `${block.file}:${block.line + 1 + k}: '// →' must follow an expression, not a declaration`,
      )
    }
    const line = block.line + 1 + k
    claims.push({ line, shown: m[2].trim() })
    return `globalThis.__shown(${line}, ${expr})`
  })
  return { source: lines.join('\n'), claims }
}

export interface Command {
  readonly line: number
  readonly words: string[]
  /** The stdout the block shows, or undefined when it shows none. */
  readonly stdout?: string
}

/** A sh block's commands: continuations joined, trailing comments dropped, shown output collected. */
export function commandsOf(block: Block): Command[] {
  const out: { line: number; words: string[]; shown: string[] }[] = []
  for (let k = 0; k < block.body.length; k++) {
    const line = block.line + 1 + k
    let text = block.body[k]
    if (/^#( |$)/.test(text)) {
      const last = out[out.length - 1]
      if (!last) throw new Error(`${block.file}:${line}: output shown before any command`)
      last.shown.push(text.slice(2))
      continue
    }
    while (text.endsWith('\\') && k + 1 < block.body.length) text = `${text.slice(0, -1)} ${block.body[++k]}`
    if (text.trim() === '') continue
    out.push({ line, words: words(text, `${block.file}:${line}`), shown: [] })
  }
  return out.map(({ line, words, shown }) => ({
    line,
    words,
    stdout: shown.length ? shown.join('\n') : undefined,
  }))
}

/** Shell words with single and double quotes, nothing expanded; a `#` word starts a comment. */
export function words(text: string, where: string): string[] {
  const out: string[] = []
  let word: string | null = null
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === ' ' || c === '\t') {
      if (word !== null) out.push(word)
      word = null
    } else if (c === '#' && word === null) {
      break
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1)
      if (end < 0) throw new Error(`${where}: unclosed '`)
      word = (word ?? '') + text.slice(i + 1, end)
      i = end
    } else if (c === '"') {
      let s = ''
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\' && '"\\$`'.includes(text[i + 1])) i++
        else if (text[i] === '$' || text[i] === '`')
          throw new Error(`${where}: expansion in "…" is not supported`)
        s += text[i]
      }
      if (i >= text.length) throw new Error(`${where}: unclosed "`)
      word = (word ?? '') + s
    } else if ('|&;<>$`()'.includes(c)) {
      throw new Error(`${where}: '${c}' needs a shell; mark the block <!-- not run: … --> or simplify it`)
    } else {
      word = (word ?? '') + c
    }
  }
  if (word !== null) out.push(word)
  return out
}
