// Column widths of the key table, kept in localStorage (non-secret layout only) and read back defensively; renderer.

export type ColumnWidths = Record<string, number>

export interface WidthStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

const storageKey = 'hubkeys.keys.columns'
/** Wider than any screen: a stored value above this is damage, not a choice. */
const maxWidth = 1200

const localStore = (): WidthStorage | undefined => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage
  } catch {
    return undefined
  }
}

/**
 * The stored widths that are still columns and still sane, each at least its column's minimum;
 * anything unreadable falls back to the defaults.
 */
export const readWidths = (
  minimums: Record<string, number>,
  storage: WidthStorage | undefined = localStore()
): ColumnWidths => {
  let stored: unknown
  try {
    stored = JSON.parse(storage?.getItem(storageKey) ?? '{}')
  } catch {
    return {}
  }
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return {}
  const widths: ColumnWidths = {}
  for (const [id, value] of Object.entries(stored)) {
    const minimum = minimums[id]
    if (minimum === undefined || typeof value !== 'number' || !Number.isFinite(value)) continue
    widths[id] = Math.round(Math.min(maxWidth, Math.max(minimum, value)))
  }
  return widths
}

export const writeWidths = (
  widths: ColumnWidths,
  storage: WidthStorage | undefined = localStore()
): void => {
  try {
    storage?.setItem(storageKey, JSON.stringify(widths))
  } catch {
    // Full or refused storage: the widths last for this window only.
  }
}
