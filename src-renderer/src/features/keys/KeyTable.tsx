// The virtualised key table: sticky sortable, resizable header, rows drawn only near the viewport, mouse and keyboard selection; renderer.
import { observeElementRect, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual'
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
  type ReactNode
} from 'react'
import { cacheAgeNow, useConnectionsStore } from '../connections/connections.store'
import { syncLine } from '../connections/sync-text'
import { useNow } from '../connections/use-now'
import { useKeysStore, useKeysStoreApi, type SelectMode } from './keys.store'
import type { CellContext, KeyColumn } from './key-columns'
import { violationsOf } from '../policy/PolicyMarker'
import { usePolicyStore } from '../policy/policy.store'
import { useUsageFlags } from '../usage/UsageFlag'
import { keyTableId } from './key-table-focus'
import { KeyTableHeader } from './KeyTableHeader'
import { KeyRowView, rowDomId } from './KeyTableRow'
import type { ColumnLayoutState } from './use-column-layout'
import { useTableKeyboard } from './use-table-keyboard'
import styles from './KeyTable.module.css'

export const rowHeight = 32
const headerHeight = 32

/**
 * Measures the scroller as usual, but a scroller with no layout yet (0 high: before the first
 * layout, or a DOM without layout) is taken as a window-sized one, so rows render from the start.
 */
const observeRect: typeof observeElementRect = (instance, callback) =>
  observeElementRect(instance, (rect) =>
    callback(rect.height > 0 ? rect : { width: rect.width || 1024, height: 640 })
  )

export interface KeyTableProps {
  /** The table's accessible name. */
  label: string
  /** Shown instead of rows when nothing matches. */
  empty: ReactNode
  /** Which columns show, in what order and how wide (the chooser changes it). */
  columns: ColumnLayoutState
}

export function KeyTable({ label, empty, columns }: KeyTableProps) {
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
  const { visible, layout: columnLayout, style: layout, resize: onResize } = columns
  // Drives the pinned Name column's edge shadow, shown only while columns pass under it.
  const [scrolledX, setScrolledX] = useState(false)

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

  const policies = usePolicyStore((state) => state.policies)
  const usageFlags = useUsageFlags()
  const context = useMemo<CellContext>(() => {
    const lines = new Map<string, string | undefined>()
    return {
      now,
      policyViolations: (row) => violationsOf(policies, row, now),
      usageFlags,
      // Worded once per connection per render, not once per row mounted while scrolling.
      connectionLine: (connectionId) => {
        if (!lines.has(connectionId)) {
          const status = statuses[connectionId]
          lines.set(
            connectionId,
            status ? syncLine(status, cacheAgeNow(status, statusReadAt, now)).text : undefined
          )
        }
        return lines.get(connectionId)
      }
    }
  }, [now, statuses, statusReadAt, policies, usageFlags])

  const onOpen = useCallback(
    (index: number) => {
      const row = store.getState().rows.get(index)
      if (row) store.getState().openDetail(row.id)
    },
    [store]
  )
  const { keyboard, pointerUsed, onKeyDown, onFocus } = useTableKeyboard({
    count,
    rowHeight,
    scroller,
    onOpen
  })

  const onRowClick = useCallback(
    (index: number, event: MouseEvent) => {
      pointerUsed()
      const mode: SelectMode = event.shiftKey
        ? 'range'
        : event.ctrlKey || event.metaKey
          ? 'toggle'
          : 'only'
      store.getState().select(index, mode)
    },
    [store, pointerUsed]
  )
  const onToggle = useCallback((index: number) => store.getState().select(index, 'toggle'), [store])

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
  // The header checkbox speaks for the rows in view, not for selected keys a reload took away.
  // Worked out when the rows or the selection change, not on every scroll frame's render.
  const { allSelected, someSelected } = useMemo(() => {
    let all = rows.size > 0
    let some = false
    for (const row of rows.values()) {
      if (selected.has(row.id)) some = true
      else all = false
      if (some && !all) break
    }
    return { allSelected: all, someSelected: some }
  }, [rows, selected])

  const focusedRendered = focused >= 0 && items.some((item) => item.index === focused)
  const showEmpty = phase === 'ready' && count === 0

  return (
    // The frame takes the screen's flex space; the scroller inside is placed absolutely with a
    // fixed size, so it is a relayout boundary: a flex item never is, and rows mounting while
    // scrolling then laid out the whole page every frame.
    <div className={styles.frame}>
      <div
        ref={scroller}
        id={keyTableId}
        role="grid"
        data-region-start
        aria-label={label}
        aria-rowcount={total === undefined ? -1 : total + 1}
        aria-colcount={visible.length + 1}
        aria-multiselectable="true"
        aria-busy={phase === 'loading' || undefined}
        aria-activedescendant={focusedRendered ? rowDomId(focused) : undefined}
        tabIndex={0}
        className={[
          styles.grid,
          keyboard ? styles.keyboard : undefined,
          scrolledX ? styles.scrolledX : undefined,
          focusedRendered ? styles.hasFocusRow : undefined,
          phase === 'loading' ? styles.stale : undefined
        ]
          .filter(Boolean)
          .join(' ')}
        style={layout}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        onPointerDown={pointerUsed}
        onScroll={(event) => setScrolledX(event.currentTarget.scrollLeft > 0)}
      >
        <div className={styles.canvas} style={{ height: virtualizer.getTotalSize() }}>
          <KeyTableHeader
            sort={sort}
            columns={visible}
            widths={columnLayout.widths}
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
                  columns={visible}
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
    </div>
  )
}
