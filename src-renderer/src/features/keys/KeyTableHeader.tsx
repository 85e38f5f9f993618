// The key table's sticky header row: select-all, sortable column titles and their resize handles; renderer.
import { memo, useEffect, useRef } from 'react'
import type { KeySort } from '../../../../src-main/contract/inventory.contract'
import type { ColumnWidths } from './column-layout'
import { ColumnResizeHandle, type ResizeColumn } from './ColumnResizeHandle'
import { revealColumn } from './column-reveal'
import { columnClass, type KeyColumn } from './key-columns'
import { Icon } from '../../ui/Icon'
import styles from './KeyTable.module.css'

export interface HeaderProps {
  sort: KeySort
  /** The shown columns, in order. */
  columns: readonly KeyColumn[]
  widths: ColumnWidths
  allSelected: boolean
  someSelected: boolean
  onSort(column: KeyColumn): void
  onResize: ResizeColumn
  onSelectAll(checked: boolean): void
}

/** Memoised: a scroll re-renders the table every frame, and the header never changes with it. */
export const KeyTableHeader = memo(function KeyTableHeader({
  sort,
  columns,
  widths,
  allSelected,
  someSelected,
  onSort,
  onResize,
  onSelectAll
}: HeaderProps) {
  const selectAll = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = someSelected && !allSelected
  }, [someSelected, allSelected])
  return (
    <div role="rowgroup" className={styles.head}>
      <div role="row" aria-rowindex={1} className={styles.headRow}>
        <div
          role="columnheader"
          data-pinned=""
          className={`${styles.headCell} ${styles.selectCell} ${styles.pinned}`}
        >
          <input
            ref={selectAll}
            type="checkbox"
            className={styles.check}
            checked={allSelected}
            aria-label="Select all loaded rows"
            onChange={(event) => onSelectAll(event.target.checked)}
          />
        </div>
        {columns.map((column) => {
          const active = column.sort !== undefined && sort.field === column.sort
          const ariaSort = active
            ? sort.direction === 'asc'
              ? 'ascending'
              : 'descending'
            : column.sort
              ? 'none'
              : undefined
          const width = widths[column.id] ?? column.width
          return (
            <div
              key={column.id}
              role="columnheader"
              aria-sort={ariaSort}
              title={column.title ?? column.label}
              data-pinned={column.pinned ? '' : undefined}
              className={`${styles.headCell} ${columnClass(column)}`}
              onFocus={(event) => {
                // Tab or arrow keys: now. A mouse press waits for its click (below): moving the
                // title away between press and release would lose the click.
                if (event.target.matches(':focus-visible')) revealColumn(event.currentTarget)
              }}
            >
              {column.sort ? (
                <button
                  type="button"
                  className={`${styles.sortButton} ${active ? styles.sorted : ''}`}
                  onClick={(event) => {
                    onSort(column)
                    const cell = event.currentTarget.parentElement
                    if (cell) revealColumn(cell)
                  }}
                >
                  <span className={styles.truncate}>{column.label}</span>
                  <Icon
                    name={active && sort.direction === 'desc' ? 'arrow-down' : 'arrow-up'}
                    size={12}
                    className={active ? styles.sortIcon : styles.sortHint}
                  />
                </button>
              ) : (
                <span className={`${styles.headLabel} ${styles.truncate}`}>{column.label}</span>
              )}
              <ColumnResizeHandle column={column} width={width} onResize={onResize} />
            </div>
          )
        })}
      </div>
    </div>
  )
})
