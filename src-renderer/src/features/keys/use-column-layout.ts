// The key table's column layout as React state: the saved one over the defaults, changed by the chooser and the resize handles, saved as it changes; renderer.
import { useCallback, useMemo, useState, type CSSProperties } from 'react'
import {
  defaultLayout,
  moveColumn,
  readLayout,
  writeLayout,
  type ColumnLayout
} from './column-layout'
import { keyColumns, selectColumnWidth, type KeyColumn } from './key-columns'

const byId = new Map(keyColumns.map((column) => [column.id as string, column]))

export interface ColumnLayoutState {
  layout: ColumnLayout
  /** Every column in the chosen order, hidden ones included (for the chooser). */
  ordered: KeyColumn[]
  /** The columns the table draws, in order. */
  visible: KeyColumn[]
  /** The grid's CSS variables: the column template and the full width. */
  style: CSSProperties
  /** Live while dragging (`done` false), saved once the drag or key press ends. */
  resize(id: string, width: number, done: boolean): void
  setShown(id: string, shown: boolean): void
  move(id: string, step: -1 | 1): void
  reset(): void
}

export function useColumnLayout(): ColumnLayoutState {
  const [layout, setLayout] = useState<ColumnLayout>(() => readLayout(keyColumns))

  const change = useCallback((update: (current: ColumnLayout) => ColumnLayout, save = true) => {
    setLayout((current) => {
      const next = update(current)
      if (save) writeLayout(next)
      return next
    })
  }, [])

  const resize = useCallback(
    (id: string, width: number, done: boolean) =>
      change((current) => ({ ...current, widths: { ...current.widths, [id]: width } }), done),
    [change]
  )
  const setShown = useCallback(
    (id: string, shown: boolean) =>
      change((current) => ({
        ...current,
        hidden: shown
          ? current.hidden.filter((other) => other !== id)
          : [...current.hidden.filter((other) => other !== id), id]
      })),
    [change]
  )
  const move = useCallback(
    (id: string, step: -1 | 1) => change((current) => moveColumn(keyColumns, current, id, step)),
    [change]
  )
  const reset = useCallback(() => change(() => defaultLayout(keyColumns)), [change])

  return useMemo(() => {
    const ordered = layout.order.flatMap((id) => byId.get(id) ?? [])
    const visible = ordered.filter((column) => !layout.hidden.includes(column.id))
    const widths = visible.map((column) => layout.widths[column.id] ?? column.width)
    const total = selectColumnWidth + widths.reduce((sum, width) => sum + width, 0)
    // Growing columns not sized by hand share a wide window's width in proportion to their
    // widths; in a narrower one every track is its width and the table scrolls sideways as before.
    const tracks = visible.map((column, index) =>
      column.grow && layout.widths[column.id] === undefined
        ? `minmax(${widths[index]}px, ${widths[index]}fr)`
        : `${widths[index]}px`
    )
    const style = {
      '--key-cols': `${selectColumnWidth}px ${tracks.join(' ')}`,
      '--key-width': `${total}px`
    } as CSSProperties
    return { layout, ordered, visible, style, resize, setShown, move, reset }
  }, [layout, resize, setShown, move, reset])
}
