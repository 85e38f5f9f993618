// The key table's column layout (order, hidden columns, widths), kept in localStorage (non-secret layout only) and read back defensively; renderer.

export type ColumnWidths = Record<string, number>

/** What the user chose for the table's columns: order, the hidden ones, and widths. */
export interface ColumnLayout {
  order: string[]
  hidden: string[]
  widths: ColumnWidths
}

/** What the layout needs to know of each column. */
export interface ColumnSpec {
  id: string
  minWidth: number
  /** Not shown until the user asks for it. */
  hiddenByDefault?: boolean
  /** Always first and always shown (the Name column, which tells rows apart). */
  pinned?: boolean
}

export interface LayoutStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

const storageKey = 'hubkeys.keys.columns'
/** Wider than any screen: a stored value above this is damage, not a choice. */
export const maxColumnWidth = 1200

const localStore = (): LayoutStorage | undefined => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage
  } catch {
    return undefined
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export const defaultLayout = (columns: readonly ColumnSpec[]): ColumnLayout => ({
  order: columns.map((column) => column.id),
  hidden: columns.filter((column) => column.hiddenByDefault).map((column) => column.id),
  widths: {}
})

/**
 * A layout that names every known column once: unknown or repeated ids are dropped, columns added
 * since it was saved join at the end, pinned ones come first and are never hidden, and widths are
 * clamped to each column's minimum and a sane maximum.
 */
export const tidyLayout = (columns: readonly ColumnSpec[], raw: unknown): ColumnLayout => {
  const fallback = defaultLayout(columns)
  if (!isRecord(raw)) return fallback
  const byId = new Map(columns.map((column) => [column.id, column]))
  const ids = (value: unknown): string[] | undefined =>
    Array.isArray(value)
      ? [...new Set(value.filter((id): id is string => typeof id === 'string' && byId.has(id)))]
      : undefined

  const stored = ids(raw.order) ?? fallback.order
  const order = [
    ...columns.filter((column) => column.pinned).map((column) => column.id),
    ...stored.filter((id) => !byId.get(id)?.pinned),
    ...fallback.order.filter((id) => !stored.includes(id) && !byId.get(id)?.pinned)
  ]
  const hidden = (ids(raw.hidden) ?? fallback.hidden).filter((id) => !byId.get(id)?.pinned)

  const widths: ColumnWidths = {}
  for (const [id, value] of Object.entries(isRecord(raw.widths) ? raw.widths : {})) {
    const minimum = byId.get(id)?.minWidth
    if (minimum === undefined || typeof value !== 'number' || !Number.isFinite(value)) continue
    widths[id] = Math.round(Math.min(maxColumnWidth, Math.max(minimum, value)))
  }
  return { order, hidden, widths }
}

/** The saved layout, or the default one when nothing (or nothing readable) was saved. */
export const readLayout = (
  columns: readonly ColumnSpec[],
  storage: LayoutStorage | undefined = localStore()
): ColumnLayout => {
  let stored: unknown
  try {
    stored = JSON.parse(storage?.getItem(storageKey) ?? 'null')
  } catch {
    return defaultLayout(columns)
  }
  // Earlier versions saved only the widths, as a flat { id: width } object.
  if (isRecord(stored) && !('widths' in stored) && !('order' in stored)) {
    stored = { widths: stored }
  }
  return tidyLayout(columns, stored)
}

export const writeLayout = (
  layout: ColumnLayout,
  storage: LayoutStorage | undefined = localStore()
): void => {
  try {
    storage?.setItem(storageKey, JSON.stringify(layout))
  } catch {
    // Full or refused storage: the layout lasts for this window only.
  }
}

/** Moves a column one place among the movable (unpinned) ones; at either end it stays. */
export const moveColumn = (
  columns: readonly ColumnSpec[],
  layout: ColumnLayout,
  id: string,
  step: -1 | 1
): ColumnLayout => {
  const pinned = new Set(columns.filter((column) => column.pinned).map((column) => column.id))
  const from = layout.order.indexOf(id)
  const to = from + step
  if (from < 0 || pinned.has(id) || to < 0 || to >= layout.order.length) return layout
  if (pinned.has(layout.order[to] ?? '')) return layout
  const order = [...layout.order]
  order[from] = order[to] as string
  order[to] = id
  return { ...layout, order }
}
