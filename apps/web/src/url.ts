// The page's state in the URL's fragment, so a link reproduces what its
// sender saw and a reload keeps it: the expression, the point, the language,
// the engine, and the panels' settings (the variable the numeric panel
// differentiates along, the step each sweep is at and which input's forward
// sweep is shown, the sweep counter's n and m, the descent's method, rate and
// iteration limit). Read once at load; rewritten (replaceState, no history
// entry per keystroke) whenever any of it changes. What comes from a URL is
// only ever typed text or numbers: the expression goes to the same closed
// compiler as the box, numbers must be finite.

export interface UrlState {
  readonly text?: string
  readonly point?: readonly number[]
  readonly lang?: 'en' | 'ko'
  readonly backend?: 'js' | 'wasm'
  readonly numericVar?: number
  readonly step?: number
  /** The forward step-through: its step and which input's sweep it shows. */
  readonly forwardStep?: number
  readonly seed?: number
  /** The sweep counter's inputs n and outputs m. */
  readonly sweeps?: readonly [number, number]
  readonly method?: string
  readonly lr?: string
  readonly iterations?: string
}

/** The longest expression a link carries (the box takes more; a link that long is not shared). */
const MAX_TEXT = 4000

export function readUrl(hash: string = location.hash): UrlState {
  const q = new URLSearchParams(hash.replace(/^#/, ''))
  const int = (name: string) => {
    const v = Number(q.get(name))
    return q.has(name) && Number.isInteger(v) && v >= -1 ? v : undefined
  }
  const text = q.get('e')
  const point = q
    .get('at')
    ?.split(',')
    .map(Number)
    .filter((v) => Number.isFinite(v))
  const lang = q.get('lang')
  const backend = q.get('engine')
  const sweeps = q
    .get('sweeps')
    ?.split(',')
    .map(Number)
    .filter((v) => Number.isInteger(v) && v >= 1)
  return {
    ...(text !== null && text.length <= MAX_TEXT ? { text } : {}),
    ...(point?.length ? { point } : {}),
    ...(lang === 'en' || lang === 'ko' ? { lang } : {}),
    ...(backend === 'js' || backend === 'wasm' ? { backend } : {}),
    ...(int('var') !== undefined ? { numericVar: int('var') } : {}),
    ...(int('step') !== undefined ? { step: int('step') } : {}),
    ...(int('fstep') !== undefined ? { forwardStep: int('fstep') } : {}),
    ...(int('seed') !== undefined ? { seed: int('seed') } : {}),
    ...(sweeps?.length === 2 ? { sweeps: [sweeps[0], sweeps[1]] as const } : {}),
    ...(q.has('method') ? { method: q.get('method') ?? '' } : {}),
    ...(q.has('lr') ? { lr: q.get('lr') ?? '' } : {}),
    ...(q.has('iter') ? { iterations: q.get('iter') ?? '' } : {}),
  }
}

export function writeUrl(s: UrlState): void {
  const q = new URLSearchParams()
  if (s.text !== undefined) q.set('e', s.text)
  if (s.point?.length) q.set('at', s.point.map(String).join(','))
  if (s.lang) q.set('lang', s.lang)
  if (s.backend) q.set('engine', s.backend)
  if (s.numericVar !== undefined) q.set('var', String(s.numericVar))
  if (s.step !== undefined && s.step >= 0) q.set('step', String(s.step))
  if (s.forwardStep !== undefined && s.forwardStep >= 0) q.set('fstep', String(s.forwardStep))
  if (s.seed) q.set('seed', String(s.seed))
  if (s.sweeps) q.set('sweeps', s.sweeps.join(','))
  if (s.method) q.set('method', s.method)
  if (s.lr) q.set('lr', s.lr)
  if (s.iterations) q.set('iter', s.iterations)
  const hash = `#${q.toString()}`
  if (hash !== location.hash) history.replaceState(null, '', hash)
}
