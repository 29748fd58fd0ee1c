// The expression box. Every keystroke compiles; a problem is underlined in
// place by a mirror of the text drawn behind the (transparent) input, so the
// wavy line sits exactly under the offending characters, and the message
// says what is wrong and at which column.

import type { App, State } from '../app.ts'
import { expressionErrorMessage, position } from '../core.ts'
import { byId, el } from '../dom.ts'
import { t } from '../i18n.ts'

export function mountExpression(app: App): void {
  const input = byId<HTMLInputElement>('expr')
  const mirror = byId('expr-mirror')
  const message = byId('expr-error')

  input.addEventListener('input', () => app.setText(input.value))
  // Keep the mirror aligned when a long expression scrolls inside the box.
  input.addEventListener('scroll', () => {
    mirror.scrollLeft = input.scrollLeft
  })

  app.subscribe((state, changed) => {
    if (changed.has('text') && input.value !== state.text) input.value = state.text
    if (changed.has('text') || changed.has('lang')) render(state)
  })

  function render({ text, problem, lang }: State): void {
    input.setAttribute('aria-invalid', String(problem !== null))
    mirror.replaceChildren()
    message.replaceChildren()
    message.removeAttribute('title')
    if (!problem) return
    if (problem.start >= 0) {
      // An empty span (text ended too early) is marked as one blank column after the text.
      const end = Math.max(problem.end, problem.start + 1)
      const marked = text.slice(problem.start, end).padEnd(end - problem.start, ' ')
      mirror.append(
        text.slice(0, problem.start),
        el('mark', { class: 'expr-bad', 'data-testid': 'expr-bad' }, marked),
        text.slice(end),
      )
      mirror.scrollLeft = input.scrollLeft
    }
    const sentence =
      problem.code === 'outputs'
        ? t(lang, 'oneOutput', { n: problem.outputs ?? 0 })
        : expressionErrorMessage(lang, problem.code, problem.message)
    const line =
      problem.start >= 0
        ? t(lang, 'errorAt', { message: sentence, column: position(text, problem.start).column })
        : sentence
    message.append(line)
    message.title = problem.message
  }
}
