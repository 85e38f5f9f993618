// The key table's column widths: the saved ones over the defaults, resized live and saved when a drag ends; renderer.
import { useCallback, useState, type CSSProperties } from 'react'
import { readWidths, writeWidths, type ColumnWidths } from './column-widths'
import { keyColumns, selectColumnWidth } from './key-columns'

const minimums = Object.fromEntries(keyColumns.map((column) => [column.id, column.minWidth]))
const defaults = Object.fromEntries(keyColumns.map((column) => [column.id, column.width]))

/** The widths, the resize callback for the header, and the grid's CSS variables for them. */
export function useColumnWidths() {
  const [widths, setWidths] = useState<ColumnWidths>(() => ({
    ...defaults,
    ...readWidths(minimums)
  }))
  const onResize = useCallback((id: string, width: number, done: boolean) => {
    setWidths((current) => {
      const next = { ...current, [id]: width }
      if (done) writeWidths(next)
      return next
    })
  }, [])

  const columnWidths = keyColumns.map((column) => widths[column.id] ?? column.width)
  const tableWidth = selectColumnWidth + columnWidths.reduce((sum, width) => sum + width, 0)
  const layout = {
    '--key-cols': `${selectColumnWidth}px ${columnWidths.map((width) => `${width}px`).join(' ')}`,
    '--key-width': `${tableWidth}px`
  } as CSSProperties

  return { widths, onResize, layout }
}
