// KaTeX, loaded when the first formula is drawn rather than with the page: it
// is a third of the script, and a first visit shows no formula until the
// step-through starts or the function list opens. Until it arrives a formula
// shows its LaTeX source (for the fraction of a second the chunk takes).

type Katex = typeof import('katex').default

let katex: Katex | null = null
let loading: Promise<Katex> | null = null

function load(): Promise<Katex> {
  loading ??= import('katex').then((m) => {
    katex = m.default
    return katex
  })
  return loading
}

/** Typesets `latex` into `target`, now if KaTeX is loaded, else as soon as it is. */
export function renderMath(latex: string, target: HTMLElement): void {
  // render() builds DOM nodes and sets styles through the CSSOM, which the CSP allows (no inline style attributes).
  const draw = (k: Katex) => k.render(latex, target, { throwOnError: false, output: 'htmlAndMathml' })
  if (katex) {
    draw(katex)
    return
  }
  target.textContent = latex
  void load().then(draw)
}
