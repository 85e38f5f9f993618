// The key table's keyboard: arrows, pages, Home and End move focus and selection; Enter, Space, Escape and Ctrl+A act on rows; renderer.
import { useCallback, useState, type FocusEvent, type KeyboardEvent, type RefObject } from 'react'
import { useKeysStoreApi } from './keys.store'

/** Keys that move the focused row, and where to. */
const targetFor = (
  key: string,
  current: number,
  total: number,
  page: number
): number | undefined => {
  switch (key) {
    case 'ArrowDown':
      return current + 1
    case 'ArrowUp':
      return current < 0 ? 0 : current - 1
    case 'PageDown':
      return current + page
    case 'PageUp':
      return current - page
    case 'Home':
      return 0
    case 'End':
      return total - 1
    default:
      return undefined
  }
}

interface TableKeyboardOptions {
  /** Rows in the table (loaded or not). */
  count: number
  /** Height of one row, to turn the scroller's height into a page of rows. */
  rowHeight: number
  scroller: RefObject<HTMLDivElement | null>
  onOpen(index: number): void
}

/**
 * The grid's key handler, and whether the keyboard is driving (the focus ring shows only then;
 * `pointerUsed` hands control back to the mouse).
 */
export function useTableKeyboard({ count, rowHeight, scroller, onOpen }: TableKeyboardOptions) {
  const store = useKeysStoreApi()
  const [keyboard, setKeyboard] = useState(false)
  const pointerUsed = useCallback(() => setKeyboard(false), [])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Keys typed into the header's controls (a resize handle, a checkbox) are theirs.
    if (event.target !== event.currentTarget) return
    const state = store.getState()
    if (count === 0) return
    const current = state.focused
    if (event.key === 'Enter') {
      event.preventDefault()
      if (current >= 0) onOpen(current)
      return
    }
    if (event.key === 'Escape') {
      if (state.detail) {
        event.preventDefault()
        state.closeDetail()
      } else if (state.selected.size > 0) {
        event.preventDefault()
        state.clearSelection()
      }
      return
    }
    if (event.key === ' ') {
      event.preventDefault()
      if (current >= 0) state.select(current, 'toggle')
      return
    }
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault()
      state.selectAllLoaded()
      return
    }
    const visible = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 640) / rowHeight) - 2)
    const target = targetFor(event.key, current, count, visible)
    if (target === undefined) return
    event.preventDefault()
    setKeyboard(true)
    const clamped = Math.max(0, Math.min(count - 1, target))
    state.focus(clamped)
    state.select(clamped, event.shiftKey ? 'range' : 'only')
  }

  // Focus sent here by the keyboard (Esc from the detail panel, Down from the search, F6) shows
  // the row it lands on; a click does not (the pointer handler runs first and says so).
  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return
    let visible = true
    try {
      visible = event.currentTarget.matches(':focus-visible')
    } catch {
      // A DOM without :focus-visible (some test DOMs): assume the keyboard, as most focus moves are.
    }
    if (visible) setKeyboard(true)
  }

  return { keyboard, pointerUsed, onKeyDown, onFocus }
}
