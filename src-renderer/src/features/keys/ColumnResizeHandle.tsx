// The drag and arrow-key handle on a key table column's edge that resizes the column; renderer.
import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react'
import { maxColumnWidth } from './column-layout'
import type { KeyColumn } from './key-columns'
import styles from './KeyTable.module.css'

/** Reports the new width while dragging (`done` false) and once at the end (`done` true). */
export type ResizeColumn = (id: string, width: number, done: boolean) => void

export function ColumnResizeHandle({
  column,
  width,
  onResize
}: {
  column: KeyColumn
  width: number
  onResize: ResizeColumn
}) {
  const drag = useRef<{ x: number; width: number } | undefined>(undefined)
  const handle = useRef<HTMLDivElement>(null)
  const clamp = (value: number) =>
    Math.max(column.minWidth, Math.min(maxColumnWidth, Math.round(value)))
  // A growing column is drawn wider than its set width in a wide window, so the separator
  // announces, and a drag or an arrow key starts from, the width on screen (its header cell's),
  // not the smaller width it grows from. Other columns are drawn at their width.
  const [drawn, setDrawn] = useState<number | undefined>(undefined)
  useEffect(() => {
    const cell = handle.current?.parentElement
    if (!column.grow || !cell || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(() => {
      const measured = Math.round(cell.getBoundingClientRect().width)
      setDrawn(measured > 0 ? measured : undefined)
    })
    observer.observe(cell)
    return () => observer.disconnect()
  }, [column.grow])
  const shown = drawn ?? width
  return (
    <div
      ref={handle}
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${column.title ?? column.label} column`}
      aria-valuenow={shown}
      aria-valuemin={column.minWidth}
      aria-valuemax={maxColumnWidth}
      tabIndex={0}
      className={styles.resizer}
      onClick={(event) => event.stopPropagation()}
      onPointerDown={(event: ReactPointerEvent<HTMLDivElement>) => {
        event.preventDefault()
        event.stopPropagation()
        event.currentTarget.setPointerCapture?.(event.pointerId)
        drag.current = { x: event.clientX, width: shown }
      }}
      onPointerMove={(event) => {
        if (!drag.current) return
        onResize(column.id, clamp(drag.current.width + event.clientX - drag.current.x), false)
      }}
      onPointerUp={(event) => {
        if (!drag.current) return
        onResize(column.id, clamp(drag.current.width + event.clientX - drag.current.x), true)
        drag.current = undefined
      }}
      onPointerCancel={() => {
        drag.current = undefined
      }}
      onKeyDown={(event) => {
        const step = event.shiftKey ? 48 : 16
        if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
          event.preventDefault()
          event.stopPropagation()
          onResize(column.id, clamp(shown + (event.key === 'ArrowRight' ? step : -step)), true)
        }
      }}
    />
  )
}
