// The page's state and the few actions that change it. Typing compiles the
// expression once per backend (record); moving a slider only replays the
// tapes at the new point. Views subscribe and redraw what a change touches.

import {
  type BackendName,
  dispose,
  type Gradient,
  gradientAt,
  isExpressionError,
  load,
  type Model,
  OutputsError,
} from './core.ts'
import { initialLang, type Lang, rememberLang } from './i18n.ts'

/** Why the text in the box is not the current model: an error at [start, end) of it. */
export interface Problem {
  readonly code: string
  readonly message: string
  readonly start: number
  readonly end: number
  readonly outputs?: number
}

export interface State {
  readonly lang: Lang
  readonly backend: BackendName
  readonly text: string
  /** The last expression that compiled; kept (dimmed) while the text has a problem. */
  readonly model: Model | null
  readonly problem: Problem | null
  /** One value per model variable. */
  readonly point: readonly number[]
  /** Slider and plot range per variable. */
  readonly ranges: readonly (readonly [number, number])[]
  /** f and ∇f at the point on the current backend; null while there is a problem. */
  readonly result: Gradient | null
  /** Replays made for the readout since the expression was recorded. */
  readonly replays: number
}

export type Change = 'lang' | 'backend' | 'text' | 'model' | 'point'
export type Listener = (state: State, changed: ReadonlySet<Change>) => void

export const DEFAULT_TEXT = 'x*x + x'
const DEFAULT_RANGE: readonly [number, number] = [-5, 5]
/** The origin text's point for its example, then 1 for any new variable. */
const START: Readonly<Record<string, number>> = { x: 2 }

export class App {
  private listeners: Listener[] = []
  state: State = {
    lang: initialLang(),
    backend: 'js',
    text: '',
    model: null,
    problem: null,
    point: [],
    ranges: [],
    result: null,
    replays: 0,
  }

  subscribe(listener: Listener): void {
    this.listeners.push(listener)
  }

  private update(patch: Partial<State>, changed: Change[]): void {
    this.state = { ...this.state, ...patch }
    const set = new Set(changed)
    for (const listener of this.listeners) listener(this.state, set)
  }

  setLang(lang: Lang): void {
    rememberLang(lang)
    this.update({ lang }, ['lang'])
  }

  setBackend(backend: BackendName): void {
    const result = this.replay(this.state.model, backend, this.state.point)
    this.update({ backend, result, replays: this.state.replays + 1 }, ['backend', 'point'])
  }

  /** Records the text as a new model, or reports where it is wrong. */
  setText(text: string): void {
    if (text === this.state.text) return
    const old = this.state.model
    let model: Model
    try {
      model = load(text)
    } catch (e) {
      this.update({ text, problem: problemOf(e), result: null }, ['text'])
      return
    }
    if (old) dispose(old)
    // Variables keep their values and ranges across edits, matched by name.
    const byName = new Map(old?.variables.map((v, j) => [v, j]) ?? [])
    const point = model.variables.map((v) => {
      const j = byName.get(v)
      return j === undefined ? (START[v] ?? 1) : this.state.point[j]
    })
    const ranges = model.variables.map((v) => {
      const j = byName.get(v)
      return j === undefined ? DEFAULT_RANGE : this.state.ranges[j]
    })
    const result = this.replay(model, this.state.backend, point)
    this.update({ text, model, problem: null, point, ranges, result, replays: 1 }, ['text', 'model', 'point'])
  }

  /** Moves one variable; a value outside its range widens the range to include it. */
  setVariable(index: number, value: number): void {
    const { model, problem } = this.state
    if (!model || !Number.isFinite(value)) return
    const point = this.state.point.slice()
    point[index] = value
    const ranges = this.state.ranges.slice()
    const [lo, hi] = ranges[index]
    if (value < lo || value > hi) {
      ranges[index] = [Math.min(lo, Math.floor(value) - 1), Math.max(hi, Math.ceil(value) + 1)]
    }
    // While the text has a problem the readout stays empty; the point still moves.
    const result = problem ? null : this.replay(model, this.state.backend, point)
    this.update({ point, ranges, result, replays: this.state.replays + (problem ? 0 : 1) }, ['point'])
  }

  private replay(model: Model | null, backend: BackendName, point: readonly number[]): Gradient | null {
    return model ? gradientAt(model, backend, point) : null
  }
}

function problemOf(e: unknown): Problem {
  if (isExpressionError(e)) return { code: e.code, message: e.message, start: e.start, end: e.end }
  if (e instanceof OutputsError) {
    return { code: 'outputs', message: e.message, start: -1, end: -1, outputs: e.outputs }
  }
  // Anything else is a bug in the engine; show it rather than break the page.
  return { code: 'internal', message: e instanceof Error ? e.message : String(e), start: -1, end: -1 }
}
