// The drag and arrow-key handle on a key table column's edge that resizes the column; renderer.
import { useRef, type PointerEvent as ReactPointerEvent } from 'react'
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
  const clamp = (value: number) =>
    Math.max(column.minWidth, Math.min(maxColumnWidth, Math.round(value)))
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${column.title ?? column.label} column`}
      aria-valuenow={width}
      aria-valuemin={column.minWidth}
      aria-valuemax={maxColumnWidth}
      tabIndex={0}
      className={styles.resizer}
      onClick={(event) => event.stopPropagation()}
      onPointerDown={(event: ReactPointerEvent<HTMLDivElement>) => {
        event.preventDefault()
        event.stopPropagation()
        event.currentTarget.setPointerCapture?.(event.pointerId)
        drag.current = { x: event.clientX, width }
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
          onResize(column.id, clamp(width + (event.key === 'ArrowRight' ? step : -step)), true)
        }
      }}
    />
  )
}
