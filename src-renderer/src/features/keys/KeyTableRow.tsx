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
        <input
          type="checkbox"
          tabIndex={-1}
          className={styles.check}
          checked={selected}
          aria-label={`Select ${row.name || row.hubKeyId}`}
          onClick={(event) => event.stopPropagation()}
          onChange={() => onToggle(index)}
        />
      </div>
      {columns.map((column) => (
        <div key={column.id} role="gridcell" className={`${styles.cell} ${columnClass(column)}`}>
          {column.cell(row, context)}
        </div>
      ))}
    </div>
  )
})
