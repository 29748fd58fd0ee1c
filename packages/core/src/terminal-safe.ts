// Text that came from a user, on its way to a terminal. A terminal obeys what
// it is sent: ESC starts a control sequence (CSI clears the screen, OSC 52
// writes the clipboard, OSC 0 retitles the window), C1 codes do the same in
// one byte, and bidirectional controls reorder what a reader sees
// (`rm -rf /‮txt.exe` reads as something else). Every such character becomes
// '?', as the caret line's `printable` does; other Unicode (Korean messages,
// accented names) passes through unchanged.

/** C0 controls and DEL, C1 controls, bidi marks/embeddings/overrides/isolates, line and paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** `text` with every control, bidi and line-breaking character replaced (tab and CR by a space, the rest by '?'). */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => (c === '\t' || c === '\r' ? ' ' : '?'))
}

/** Characters of user input a message quotes at most, so an error never echoes a hostile input back whole. */
export const QUOTE_MAX = 24

/**
 * A piece of user input inside a message (the CLI's and the API's): quoted,
 * at most QUOTE_MAX characters, with every character terminalSafe replaces
 * and markup (`<>&`) replaced by '?', so the same message is safe on a
 * terminal and inside a page. `ascii` also replaces everything outside
 * printable ASCII (the API's messages are ASCII; the CLI keeps other scripts).
 */
export function quoteInput(text: string, options: { readonly ascii?: boolean } = {}): string {
  const cut = text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX - 1)}…` : text
  const safe = terminalSafe(cut).replace(/[<>&]/g, '?')
  return `'${options.ascii ? safe.replace(/[^\x20-\x7e…]/g, '?') : safe}'`
}
