// One row of the key table (or its loading placeholder), memoised so a scroll redraws only rows that moved; renderer.
import { memo, type MouseEvent } from 'react'
import type { KeyRow } from '../../../../src-main/contract/inventory.contract'
import { columnClass, type CellContext, type KeyColumn } from './key-columns'
import styles from './KeyTable.module.css'

export const rowDomId = (index: number) => `key-row-${index}`

export interface RowProps {
  index: number
  row: KeyRow | undefined
  /** The shown columns, in order. */
  columns: readonly KeyColumn[]
  start: number
  selected: boolean
  focused: boolean
  open: boolean
  context: CellContext
  onClick(index: number, event: MouseEvent): void
  onOpen(index: number): void
  onToggle(index: number): void
}

export const KeyRowView = memo(function KeyRowView({
  index,
  row,
  columns,
  start,
  selected,
  focused,
  open,
  context,
  onClick,
  onOpen,
  onToggle
}: RowProps) {
  const position = { transform: `translateY(${start}px)` }
  if (!row) {
    return (
      <div
        role="row"
        id={rowDomId(index)}
        aria-rowindex={index + 2}
        aria-busy="true"
        className={`${styles.row} ${styles.pending} ${focused ? styles.focused : ''}`}
        style={position}
      >
        <div role="gridcell" className={`${styles.cell} ${styles.selectCell} ${styles.pinned}`} />
        <div role="gridcell" className={`${styles.cell} ${styles.skeletonCell}`}>
          <span className={styles.skeleton} />
        </div>
      </div>
    )
  }
  const classes = [
    styles.row,
    row.environment === 'prod' ? styles.prod : undefined,
    selected ? styles.selected : undefined,
    focused ? styles.focused : undefined,
    open ? styles.open : undefined
  ]
  return (
    <div
      role="row"
      id={rowDomId(index)}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-key-id={row.id}
      className={classes.filter(Boolean).join(' ')}
      style={position}
      onClick={(event) => onClick(index, event)}
      onDoubleClick={() => onOpen(index)}
    >
      <div role="gridcell" className={`${styles.cell} ${styles.selectCell} ${styles.pinned}`}>
        {/* A drawn box rather than an <input>: React tracks every input's value on the node, and
            a native box costs layout and theme painting in each row mounted while scrolling. It is
            never a tab stop (the grid's Space toggles the focused row), so a click is all it takes. */}
        <span
          role="checkbox"
          className={styles.check}
          aria-checked={selected}
          aria-label={`Select ${row.name || row.hubKeyId}`}
          onClick={(event) => {
            event.stopPropagation()
            onToggle(index)
          }}
        />
      </div>
      {columns.map((column) => {
        const view = column.cell(row, context)
        const base = `${styles.cell} ${columnClass(column)}`
        return (
          <div
            key={column.id}
            role="gridcell"
            className={view.className ? `${base} ${view.className}` : base}
            title={view.title}
            style={view.style}
          >
            {view.content}
          </div>
        )
      })}
    </div>
  )
})
