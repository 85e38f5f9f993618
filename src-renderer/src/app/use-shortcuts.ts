// Global keyboard shortcuts of the unlocked app: Ctrl/Cmd+K focuses the key search, Ctrl/Cmd+P opens the command palette, F6 moves between regions; renderer.
import { useEffect } from 'react'
import { usePaletteStore } from '../features/palette/palette.store'
import { watchFocusRegions } from './focus-regions'

/** The header's search input; the shortcut finds it by id so no ref has to travel through the frame. */
export const searchInputId = 'global-key-search'

const plainModifier = (event: KeyboardEvent): boolean =>
  (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey

/** Ctrl+K, or Cmd+K on a Mac, with no other modifier. */
export const isSearchShortcut = (event: KeyboardEvent): boolean =>
  plainModifier(event) && event.key.toLowerCase() === 'k'

/**
 * Ctrl+P, or Cmd+P on a Mac. Chosen over Ctrl+Shift+K (the browser's console in some browsers)
 * and because it is the "go to anything" key people know from editors; Ctrl+L stays "lock".
 */
export const isPaletteShortcut = (event: KeyboardEvent): boolean =>
  plainModifier(event) && event.key.toLowerCase() === 'p'

export function useAppShortcuts(): void {
  const showPalette = usePaletteStore((state) => state.show)
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isSearchShortcut(event)) {
        // In a browser Ctrl+K would jump to the address bar's search.
        event.preventDefault()
        const input = document.getElementById(searchInputId)
        if (input instanceof HTMLInputElement && !input.closest('[inert]')) {
          input.focus()
          input.select()
        }
      } else if (isPaletteShortcut(event)) {
        // In a browser Ctrl+P would print the page.
        event.preventDefault()
        // Not over another modal (a connection form): one dialog at a time.
        if (!event.repeat && !document.querySelector('[aria-modal="true"]')) showPalette()
      }
    }
    window.addEventListener('keydown', onKey, { capture: true })
    const stopRegions = watchFocusRegions()
    return () => {
      window.removeEventListener('keydown', onKey, { capture: true })
      stopRegions()
    }
  }, [showPalette])
}
