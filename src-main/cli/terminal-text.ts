// Everything the CLI prints goes through here: hub- and user-supplied text with control and bidi characters escaped, so a name cannot rewrite the terminal (plain Node).
import { isUnsafeDisplayCodePoint } from '../contract/display-text'

/** A line (or block) safe to write to a terminal; only this module makes one. */
export type TerminalText = string & { readonly __terminalText: true }

const hex = (code: number, digits: number) => code.toString(16).padStart(digits, '0')

/**
 * `text` with every control character (ESC, newline, tab, C1), DEL, line separator and bidi
 * mark, embedding, override or isolate shown as an escape (`\x1b`, `\u202e`) instead of acting.
 */
export const escapeTerminal = (text: string): string => {
  let out = ''
  for (const char of text) {
    const code = char.codePointAt(0) as number
    out += isUnsafeDisplayCodePoint(code)
      ? code <= 0xff
        ? `\\x${hex(code, 2)}`
        : `\\u${hex(code, 4)}`
      : char
  }
  return out
}

/** A tagged template: the literal parts are ours, every interpolated value is escaped. */
export const line = (parts: TemplateStringsArray, ...values: unknown[]): TerminalText =>
  parts.reduce(
    (out, part, index) =>
      out + part + (index < values.length ? escapeTerminal(String(values[index])) : ''),
    ''
  ) as TerminalText

/**
 * JSON for `--json`: JSON.stringify escapes C0 controls itself but not DEL, C1 controls, the line
 * separators or bidi characters, which can still reorder or rewrite what a terminal shows. They
 * only occur inside strings, so `\uXXXX` escapes keep the JSON valid and equal.
 */
export const json = (value: unknown): TerminalText => {
  let out = ''
  for (const char of JSON.stringify(value)) {
    const code = char.codePointAt(0) as number
    out += isUnsafeDisplayCodePoint(code) ? `\\u${hex(code, 4)}` : char
  }
  return out as TerminalText
}

/** Columns padded to their widest cell; every cell escaped. */
export const table = (rows: readonly (readonly string[])[]): TerminalText => {
  const cells = rows.map((row) => row.map(escapeTerminal))
  const widths =
    cells[0]?.map((_, col) => Math.max(...cells.map((row) => (row[col] ?? '').length))) ?? []
  return cells
    .map((row) =>
      row
        .map((cell, col) => cell.padEnd(widths[col] ?? 0))
        .join('  ')
        .trimEnd()
    )
    .join('\n') as TerminalText
}

/** Joins lines already made safe. */
export const lines = (...parts: TerminalText[]): TerminalText => parts.join('\n') as TerminalText
