// Applies the colour theme by setting `data-theme` on <html>; the static CSS does the rest (renderer).
import type { themeSchema } from '../../../src-main/contract/preferences.contract'

/** `system` follows the OS (`prefers-color-scheme`); `light` and `dark` override it. */
export type ThemeChoice = (typeof themeSchema)['options'][number]

const root = (): HTMLElement => document.documentElement

/**
 * Sets the theme. The CSS keys every colour on `color-scheme`, which follows the system unless
 * `data-theme` pins it, so `system` simply removes the attribute. Anything unexpected (a damaged
 * preference) also falls back to the system theme rather than leaving a stale override.
 */
export function applyTheme(choice: ThemeChoice, element: HTMLElement = root()): void {
  if (choice === 'light' || choice === 'dark') element.setAttribute('data-theme', choice)
  else element.removeAttribute('data-theme')
}

/** The choice currently applied to `element`, read back from the attribute. */
export function appliedTheme(element: HTMLElement = root()): ThemeChoice {
  const value = element.getAttribute('data-theme')
  return value === 'light' || value === 'dark' ? value : 'system'
}
