// The key table's "Columns" button and its popover: show or hide each column, move it up or down, reset to the default set; renderer.
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import { useKeysStore } from './keys.store'
import type { KeyColumn } from './key-columns'
import type { ColumnLayoutState } from './use-column-layout'
import { Button } from '../../ui/Button'
import { Icon } from '../../ui/Icon'
import { Popover } from '../../ui/Popover'
import styles from './ColumnChooser.module.css'

const columnName = (column: KeyColumn) => column.name ?? column.label

/** The columns that have nothing for any loaded row (none when no row is loaded yet). */
function useEmptyColumns(columns: readonly KeyColumn[]): Set<string> {
  const rows = useKeysStore((state) => state.rows)
  return useMemo(() => {
    const loaded = [...rows.values()]
    if (loaded.length === 0) return new Set()
    return new Set(
      columns
        .filter((column) => column.empty && loaded.every((row) => column.empty?.(row)))
        .map((column) => column.id)
    )
  }, [rows, columns])
}

function ColumnList({ columns }: { columns: ColumnLayoutState }) {
  const { ordered, layout, setShown, move } = columns
  const empty = useEmptyColumns(ordered)
  const list = useRef<HTMLUListElement>(null)
  // After a move the list re-renders in the new order; the button pressed keeps the focus (or its
  // twin, when the column reached an end and the pressed one is now disabled).
  const [moved, setMoved] = useState<{ id: string; step: -1 | 1 }>()
  useEffect(() => {
    if (!moved) return
    const find = (step: -1 | 1) =>
      list.current?.querySelector<HTMLButtonElement>(
        `[data-move="${moved.id}:${step}"]:not(:disabled)`
      )
    ;(find(moved.step) ?? find(moved.step === 1 ? -1 : 1))?.focus()
  }, [moved, layout.order])

  const movable = ordered.filter((column) => !column.pinned)
  return (
    <ul ref={list} className={styles.list}>
      {ordered.map((column) => {
        const name = columnName(column)
        const shown = !layout.hidden.includes(column.id)
        const place = movable.indexOf(column)
        const hintId = `column-hint-${column.id}`
        return (
          <li key={column.id} className={styles.item}>
            <label className={styles.toggle}>
              <input
                type="checkbox"
                checked={shown}
                disabled={column.pinned}
                aria-describedby={column.pinned || empty.has(column.id) ? hintId : undefined}
                onChange={(event) => setShown(column.id, event.target.checked)}
              />
              <span className={styles.name}>{name}</span>
              {column.pinned ? (
                <span id={hintId} className={styles.hint}>
                  always shown, pinned
                </span>
              ) : empty.has(column.id) ? (
                <span id={hintId} className={styles.hint}>
                  empty for all keys in view
                </span>
              ) : null}
            </label>
            {column.pinned ? null : (
              <span className={styles.moves}>
                <button
                  type="button"
                  className={styles.move}
                  data-move={`${column.id}:-1`}
                  aria-label={`Move ${name} up`}
                  title="Move up"
                  disabled={place <= 0}
                  onClick={() => {
                    move(column.id, -1)
                    setMoved({ id: column.id, step: -1 })
                  }}
                >
                  <Icon name="arrow-up" size={14} />
                </button>
                <button
                  type="button"
                  className={styles.move}
                  data-move={`${column.id}:1`}
                  aria-label={`Move ${name} down`}
                  title="Move down"
                  disabled={place >= movable.length - 1}
                  onClick={() => {
                    move(column.id, 1)
                    setMoved({ id: column.id, step: 1 })
                  }}
                >
                  <Icon name="arrow-down" size={14} />
                </button>
              </span>
            )}
          </li>
        )
      })}
    </ul>
  )
}

export function ColumnChooser({ columns }: { columns: ColumnLayoutState }) {
  const [open, setOpen] = useState(false)
  const anchor = useRef<HTMLButtonElement>(null)
  const id = useId()
  return (
    <span className={styles.anchor}>
      <Button
        ref={anchor}
        size="sm"
        variant="ghost"
        aria-expanded={open}
        aria-haspopup="dialog"
        aria-controls={open ? id : undefined}
        title="Choose, order and reset the table's columns"
        onClick={() => setOpen((was) => !was)}
      >
        Columns
      </Button>
      {open ? (
        <Popover
          id={id}
          label="Columns"
          anchor={anchor}
          align="end"
          onClose={() => setOpen(false)}
          className={styles.popover}
        >
          <ColumnList columns={columns} />
          <div className={styles.footer}>
            <Button size="sm" variant="ghost" onClick={columns.reset}>
              Reset to default
            </Button>
          </div>
        </Popover>
      ) : null}
    </span>
  )
}
