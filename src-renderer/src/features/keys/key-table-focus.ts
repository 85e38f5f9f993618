// Puts the keyboard focus on a row of the key table from outside it (the header search, a closing detail panel); renderer.
import type { KeysStore } from './keys.store'

/** The key table's element id: there is one table per window, and focus moves to it from afar. */
export const keyTableId = 'key-table'

/**
 * Focuses the table with the keyboard on the row of `keyId` (when it is loaded) or on `index`.
 * Returns false when there is no table on screen.
 */
export function focusKeyTable(
  store: KeysStore,
  target: { keyId?: string; index?: number }
): boolean {
  const table = document.getElementById(keyTableId)
  if (!table) return false
  const state = store.getState()
  let index = target.index
  if (target.keyId !== undefined) {
    for (const [at, row] of state.rows) if (row.id === target.keyId) index = at
  }
  if (index !== undefined && (state.total ?? 0) > 0) state.focus(index)
  table.focus()
  return true
}
