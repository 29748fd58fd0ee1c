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
