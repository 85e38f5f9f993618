// Which characters may not appear in names people give things (control and bidi-override characters), and the zod refinement that refuses them; shared by all layers.
import type { z } from 'zod'

/**
 * Characters that can rewrite a terminal or reorder what a reader sees: C0 and C1 controls (ESC
 * starts terminal sequences), DEL, the line and paragraph separators, and the bidirectional marks,
 * embeddings, overrides and isolates (U+202E makes "exe.txt" read as "txt.exe").
 */
export const isUnsafeDisplayCodePoint = (code: number): boolean =>
  code <= 0x1f ||
  (code >= 0x7f && code <= 0x9f) ||
  code === 0x061c ||
  code === 0x200e ||
  code === 0x200f ||
  code === 0x2028 ||
  code === 0x2029 ||
  (code >= 0x202a && code <= 0x202e) ||
  (code >= 0x2066 && code <= 0x2069)

export const hasUnsafeDisplayText = (text: string): boolean => {
  for (const char of text) {
    if (isUnsafeDisplayCodePoint(char.codePointAt(0) as number)) return true
  }
  return false
}

export const unsafeDisplayTextMessage =
  'Remove control characters and text-direction marks (such as U+202E) from this text.'

/**
 * A name people give something (a connection, a key, a tag, a saved filter): refused when it holds
 * characters that would rewrite a terminal or reorder text. Apply it last, after the bounds.
 */
export const displayText = <T extends z.ZodType<string, string>>(schema: T) =>
  schema.refine((text) => !hasUnsafeDisplayText(text), { message: unsafeDisplayTextMessage })
