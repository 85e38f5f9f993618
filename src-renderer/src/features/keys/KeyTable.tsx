// The virtualised key table: sticky sortable, resizable header, rows drawn only near the viewport, mouse and keyboard selection; renderer.
import { observeElementRect, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual'
import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent as ReactPointerEvent,
  type ReactNode
} from 'react'
import type { KeyRow, KeySort } from '../../../../src-main/contract/inventory.contract'
import { cacheAgeNow, useConnectionsStore } from '../connections/connections.store'
import { syncLine } from '../connections/sync-text'
import { useNow } from '../connections/use-now'
import { readWidths, writeWidths, type ColumnWidths } from './column-widths'
import { useKeysStore, useKeysStoreApi, type SelectMode } from './keys.store'
import { Icon } from '../../ui/Icon'
import { keyColumns, selectColumnWidth, type CellContext, type KeyColumn } from './key-columns'
import styles from './KeyTable.module.css'

export const rowHeight = 32
const headerHeight = 32

const minimums = Object.fromEntries(keyColumns.map((column) => [column.id, column.minWidth]))
const defaults = Object.fromEntries(keyColumns.map((column) => [column.id, column.width]))

/**
 * Measures the scroller as usual, but a scroller with no layout yet (0 high: before the first
 * layout, or a DOM without layout) is taken as a window-sized one, so rows render from the start.
 */
const observeRect: typeof observeElementRect = (instance, callback) =>
  observeElementRect(instance, (rect) =>
    callback(rect.height > 0 ? rect : { width: rect.width || 1024, height: 640 })
  )

export const rowDomId = (index: number) => `key-row-${index}`

interface RowProps {
  index: number
  row: KeyRow | undefined
  start: number
  selected: boolean
  focused: boolean
  open: boolean
  context: CellContext
  onClick(index: number, event: MouseEvent): void
  onOpen(index: number): void
  onToggle(index: number): void
}

const KeyRowView = memo(function KeyRowView({
  index,
  row,
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
        <div role="gridcell" className={styles.cell} />
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
      <div role="gridcell" className={`${styles.cell} ${styles.selectCell}`}>
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
      {keyColumns.map((column) => (
        <div
          key={column.id}
          role="gridcell"
          className={`${styles.cell} ${column.align === 'end' ? styles.end : ''}`}
        >
          {column.cell(row, context)}
        </div>
      ))}
    </div>
  )
})

interface HeaderProps {
  sort: KeySort
  widths: ColumnWidths
  allSelected: boolean
  someSelected: boolean
  onSort(column: KeyColumn): void
  onResize(id: string, width: number, done: boolean): void
  onSelectAll(checked: boolean): void
}

function ResizeHandle({
  column,
  width,
  onResize
}: {
  column: KeyColumn
  width: number
  onResize: HeaderProps['onResize']
}) {
  const drag = useRef<{ x: number; width: number } | undefined>(undefined)
  const clamp = (value: number) => Math.max(column.minWidth, Math.min(1200, Math.round(value)))
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${column.title ?? column.label} column`}
      aria-valuenow={width}
      aria-valuemin={column.minWidth}
      aria-valuemax={1200}
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

/** Memoised: a scroll re-renders the table every frame, and the header never changes with it. */
const TableHeader = memo(function TableHeader({
  sort,
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
        <div role="columnheader" className={`${styles.headCell} ${styles.selectCell}`}>
          <input
            ref={selectAll}
            type="checkbox"
            className={styles.check}
            checked={allSelected}
            aria-label="Select all loaded rows"
            onChange={(event) => onSelectAll(event.target.checked)}
          />
        </div>
        {keyColumns.map((column) => {
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
              title={column.title}
              className={`${styles.headCell} ${column.align === 'end' ? styles.end : ''}`}
            >
              {column.sort ? (
                <button
                  type="button"
                  className={`${styles.sortButton} ${active ? styles.sorted : ''}`}
                  onClick={() => onSort(column)}
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
              <ResizeHandle column={column} width={width} onResize={onResize} />
            </div>
          )
        })}
      </div>
    </div>
  )
})

/** Keys that move the focused row, and where to. */
const targetFor = (
  key: string,
  current: number,
  total: number,
  page: number
): number | undefined => {
  switch (key) {
    case 'ArrowDown':
      return current + 1
    case 'ArrowUp':
      return current < 0 ? 0 : current - 1
    case 'PageDown':
      return current + page
    case 'PageUp':
      return current - page
    case 'Home':
      return 0
    case 'End':
      return total - 1
    default:
      return undefined
  }
}

export interface KeyTableProps {
  /** The table's accessible name. */
  label: string
  /** Shown instead of rows when nothing matches. */
  empty: ReactNode
}

export function KeyTable({ label, empty }: KeyTableProps) {
  const store = useKeysStoreApi()
  const total = useKeysStore((state) => state.total)
  const rows = useKeysStore((state) => state.rows)
  const phase = useKeysStore((state) => state.phase)
  const queryId = useKeysStore((state) => state.queryId)
  const sort = useKeysStore((state) => state.query.sort)
  const selected = useKeysStore((state) => state.selected)
  const focused = useKeysStore((state) => state.focused)
  const openId = useKeysStore((state) => state.detail?.id)
  const statuses = useConnectionsStore((state) => state.status)
  const statusReadAt = useConnectionsStore((state) => state.statusReadAt)
  const clock = useConnectionsStore((state) => state.now)
  const now = useNow(clock)
  const scroller = useRef<HTMLDivElement>(null)
  const [widths, setWidths] = useState<ColumnWidths>(() => ({
    ...defaults,
    ...readWidths(minimums)
  }))
  const [keyboard, setKeyboard] = useState(false)

  const count = total ?? 0
  const virtualizer: Virtualizer<HTMLDivElement, Element> = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    paddingStart: headerHeight,
    scrollPaddingStart: headerHeight,
    observeElementRect: observeRect
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items[items.length - 1]?.index ?? 0

  useEffect(() => {
    if (count > 0) store.getState().viewport(first, last)
  }, [store, first, last, count, queryId])

  // A new query starts at the top; a reload of the same one keeps the place.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0
  }, [queryId])

  useEffect(() => {
    if (focused >= 0 && focused < count) virtualizer.scrollToIndex(focused, { align: 'auto' })
  }, [focused, count, virtualizer])

  const context = useMemo<CellContext>(
    () => ({
      now,
      connectionLine(connectionId) {
        const status = statuses[connectionId]
        return status ? syncLine(status, cacheAgeNow(status, statusReadAt, now)).text : undefined
      }
    }),
    [now, statuses, statusReadAt]
  )

  const onRowClick = useCallback(
    (index: number, event: MouseEvent) => {
      setKeyboard(false)
      const mode: SelectMode = event.shiftKey
        ? 'range'
        : event.ctrlKey || event.metaKey
          ? 'toggle'
          : 'only'
      store.getState().select(index, mode)
    },
    [store]
  )
  const onOpen = useCallback(
    (index: number) => {
      const row = store.getState().rows.get(index)
      if (row) store.getState().openDetail(row.id)
    },
    [store]
  )
  const onToggle = useCallback((index: number) => store.getState().select(index, 'toggle'), [store])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Keys typed into the header's controls (a resize handle, a checkbox) are theirs.
    if (event.target !== event.currentTarget) return
    const state = store.getState()
    if (count === 0) return
    const current = state.focused
    if (event.key === 'Enter') {
      event.preventDefault()
      if (current >= 0) onOpen(current)
      return
    }
    if (event.key === 'Escape') {
      if (state.detail) {
        event.preventDefault()
        state.closeDetail()
      } else if (state.selected.size > 0) {
        event.preventDefault()
        state.clearSelection()
      }
      return
    }
    if (event.key === ' ') {
      event.preventDefault()
      if (current >= 0) state.select(current, 'toggle')
      return
    }
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault()
      state.selectAllLoaded()
      return
    }
    const visible = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 640) / rowHeight) - 2)
    const target = targetFor(event.key, current, count, visible)
    if (target === undefined) return
    event.preventDefault()
    setKeyboard(true)
    const clamped = Math.max(0, Math.min(count - 1, target))
    state.focus(clamped)
    state.select(clamped, event.shiftKey ? 'range' : 'only')
  }

  const onSort = useCallback(
    (column: KeyColumn) => {
      if (column.sort) store.getState().sortBy(column.sort)
    },
    [store]
  )
  const onSelectAll = useCallback(
    (checked: boolean) =>
      checked ? store.getState().selectAllLoaded() : store.getState().clearSelection(),
    [store]
  )
  const onResize = useCallback((id: string, width: number, done: boolean) => {
    setWidths((current) => {
      const next = { ...current, [id]: width }
      if (done) writeWidths(next)
      return next
    })
  }, [])

  const loadedIds = useMemo(() => [...rows.values()].map((row) => row.id), [rows])
  const allSelected = loadedIds.length > 0 && loadedIds.every((id) => selected.has(id))
  const someSelected = selected.size > 0

  const columnWidths = keyColumns.map((column) => widths[column.id] ?? column.width)
  const tableWidth = selectColumnWidth + columnWidths.reduce((sum, width) => sum + width, 0)
  const layout = {
    '--key-cols': `${selectColumnWidth}px ${columnWidths.map((width) => `${width}px`).join(' ')}`,
    '--key-width': `${tableWidth}px`
  } as CSSProperties

  const focusedRendered = focused >= 0 && items.some((item) => item.index === focused)
  const showEmpty = phase === 'ready' && count === 0

  return (
    <div
      ref={scroller}
      role="grid"
      aria-label={label}
      aria-rowcount={total === undefined ? -1 : total + 1}
      aria-colcount={keyColumns.length + 1}
      aria-multiselectable="true"
      aria-busy={phase === 'loading' || undefined}
      aria-activedescendant={focusedRendered ? rowDomId(focused) : undefined}
      tabIndex={0}
      className={[
        styles.grid,
        keyboard ? styles.keyboard : undefined,
        focusedRendered ? styles.hasFocusRow : undefined,
        phase === 'loading' ? styles.stale : undefined
      ]
        .filter(Boolean)
        .join(' ')}
      style={layout}
      onKeyDown={onKeyDown}
      onPointerDown={() => setKeyboard(false)}
    >
      <div className={styles.canvas} style={{ height: virtualizer.getTotalSize() }}>
        <TableHeader
          sort={sort}
          widths={widths}
          allSelected={allSelected}
          someSelected={someSelected}
          onSort={onSort}
          onResize={onResize}
          onSelectAll={onSelectAll}
        />
        <div role="rowgroup">
          {items.map((item) => {
            const row = rows.get(item.index)
            return (
              <KeyRowView
                key={item.index}
                index={item.index}
                row={row}
                start={item.start}
                selected={row ? selected.has(row.id) : false}
                focused={item.index === focused}
                open={row !== undefined && row.id === openId}
                context={context}
                onClick={onRowClick}
                onOpen={onOpen}
                onToggle={onToggle}
              />
            )
          })}
        </div>
      </div>
      {showEmpty ? <div className={styles.emptyWrap}>{empty}</div> : null}
      {total === undefined && phase !== 'failed' ? (
        <div className={styles.loading} aria-hidden>
          {Array.from({ length: 8 }, (_, index) => (
            <div key={index} className={styles.loadingRow}>
              <span className={styles.skeleton} />
            </div>
          ))}
        </div>
      ) : null}
    </div>
  )
}
