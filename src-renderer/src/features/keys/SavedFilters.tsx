// Saved filters of the key table: save the current search, filter and sort under a name, list, apply and delete them; renderer.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { SavedFilter } from '../../../../src-main/contract/inventory.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import {
  filterCount,
  filterNameMaxLength,
  filterNameProblem,
  sameQuery,
  tidyQuery
} from './key-query'
import { useKeysStore } from './keys.store'
import { Button } from '../../ui/Button'
import { Icon } from '../../ui/Icon'
import { Popover } from '../../ui/Popover'
import styles from './FilterBar.module.css'

/** "Search "ci" · 2 filters · by expiry": what a saved filter holds, in a few words. */
const describe = (filter: SavedFilter): string => {
  const parts: string[] = []
  if (filter.query.search) parts.push(`“${filter.query.search}”`)
  const count = filterCount(filter.query.filter)
  if (count > 0) parts.push(count === 1 ? '1 filter' : `${count} filters`)
  if (parts.length === 0) parts.push('All keys')
  return parts.join(' · ')
}

function SaveForm({ onDone }: { onDone(): void }) {
  const saveFilter = useKeysStore((state) => state.saveFilter)
  const filters = useKeysStore((state) => state.filters)
  const [name, setName] = useState('')
  const [problem, setProblem] = useState<string>()
  const [failure, setFailure] = useState<AppErrorBody>()
  const [busy, setBusy] = useState(false)
  const errorId = useId()
  const replaces = filters.find((filter) => filter.name.toLowerCase() === name.trim().toLowerCase())

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    const local = filterNameProblem(name)
    setProblem(local)
    if (local) return
    setBusy(true)
    setFailure(undefined)
    const result = await saveFilter(name.trim())
    setBusy(false)
    if (result.ok) onDone()
    else setFailure(result.error)
  }

  const message = problem ?? failure?.message
  return (
    <form className={styles.saveForm} onSubmit={(event) => void submit(event)} noValidate>
      <label className={styles.saveLabel} htmlFor={`${errorId}-name`}>
        Name this filter
      </label>
      <input
        id={`${errorId}-name`}
        className={styles.saveInput}
        value={name}
        maxLength={filterNameMaxLength === undefined ? undefined : filterNameMaxLength + 20}
        autoComplete="off"
        placeholder="e.g. Production, expiring soon"
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? errorId : undefined}
        onChange={(event) => {
          setName(event.target.value)
          setProblem(undefined)
          setFailure(undefined)
        }}
      />
      {message ? (
        <p id={errorId} className={styles.saveError} role="alert">
          {message}
        </p>
      ) : replaces ? (
        <p className={styles.saveHint}>Replaces the saved filter “{replaces.name}”.</p>
      ) : (
        <p className={styles.saveHint}>Keeps the search, the filters and the sort order.</p>
      )}
      <div className={styles.saveActions}>
        <Button size="sm" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button size="sm" variant="primary" type="submit" busy={busy}>
          Save filter
        </Button>
      </div>
    </form>
  )
}

/** "Delete “name”?" in place of the row: a saved filter is gone for good once deleted. */
function ConfirmDelete({
  filter,
  onCancel,
  onDeleted
}: {
  filter: SavedFilter
  onCancel(): void
  onDeleted(failure?: string): void
}) {
  const deleteFilter = useKeysStore((state) => state.deleteFilter)
  const [busy, setBusy] = useState(false)
  const cancel = useRef<HTMLButtonElement>(null)
  // The trash button it replaces had the focus; the safe answer takes it.
  useEffect(() => cancel.current?.focus(), [])
  return (
    <div
      role="group"
      aria-label={`Delete saved filter ${filter.name}?`}
      className={styles.savedConfirm}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          // Esc backs out of the question, not out of the whole list.
          event.stopPropagation()
          onCancel()
        }
      }}
    >
      <span className={styles.savedConfirmText}>Delete “{filter.name}”?</span>
      <Button ref={cancel} size="sm" variant="ghost" onClick={onCancel}>
        Keep
      </Button>
      <Button
        size="sm"
        variant="danger"
        busy={busy}
        onClick={() => {
          setBusy(true)
          void deleteFilter(filter.id).then((result) => {
            setBusy(false)
            onDeleted(result.ok ? undefined : result.error.message)
          })
        }}
      >
        Delete
      </Button>
    </div>
  )
}

function SavedList({ onApplied }: { onApplied(): void }) {
  const filters = useKeysStore((state) => state.filters)
  const phase = useKeysStore((state) => state.filtersPhase)
  const loadError = useKeysStore((state) => state.filtersError)
  const query = useKeysStore((state) => state.query)
  const applyQuery = useKeysStore((state) => state.applyQuery)
  const [failure, setFailure] = useState<string>()
  const [confirming, setConfirming] = useState<string>()
  const list = useRef<HTMLUListElement>(null)
  /** Where the focus goes once the question is answered: that row's trash button, or the list. */
  const after = useRef<string | null>(null)

  useEffect(() => {
    if (confirming !== undefined || after.current === null) return
    const back = after.current
    after.current = null
    const trash = [...(list.current?.querySelectorAll<HTMLElement>('[data-delete]') ?? [])].find(
      (button) => button.dataset.delete === back
    )
    ;(trash ?? list.current?.querySelector<HTMLElement>('button'))?.focus()
  }, [confirming])

  if (phase === 'failed' && filters.length === 0) {
    return (
      <p className={styles.menuEmpty} role="alert">
        Could not read the saved filters: {loadError?.message}
      </p>
    )
  }
  if (filters.length === 0) {
    return (
      <p className={styles.menuEmpty}>
        {phase === 'loading' ? 'Loading…' : 'No saved filters yet. Set a filter, then save it.'}
      </p>
    )
  }
  return (
    <>
      <ul ref={list} className={styles.menuList} aria-label="Saved filters">
        {filters.map((filter) => {
          const current = sameQuery(tidyQuery(filter.query), tidyQuery(query))
          if (confirming === filter.id) {
            return (
              <li key={filter.id} className={styles.savedRow}>
                <ConfirmDelete
                  filter={filter}
                  onCancel={() => {
                    after.current = filter.id
                    setConfirming(undefined)
                  }}
                  onDeleted={(problem) => {
                    after.current = filter.id
                    setConfirming(undefined)
                    setFailure(problem)
                  }}
                />
              </li>
            )
          }
          return (
            <li key={filter.id} className={styles.savedRow}>
              <button
                type="button"
                className={`${styles.menuItem} ${current ? styles.menuCurrent : ''}`}
                aria-current={current || undefined}
                onClick={() => {
                  applyQuery(filter.query)
                  onApplied()
                }}
              >
                <Icon name="bookmark" size={14} className={styles.savedIcon} />
                <span className={styles.savedText}>
                  <span className={styles.menuText}>{filter.name}</span>
                  <span className={styles.savedMeta}>{describe(filter)}</span>
                </span>
              </button>
              <button
                type="button"
                className={styles.savedDelete}
                aria-label={`Delete saved filter ${filter.name}`}
                title="Delete…"
                data-delete={filter.id}
                onClick={() => {
                  setFailure(undefined)
                  setConfirming(filter.id)
                }}
              >
                <Icon name="trash" size={14} />
              </button>
            </li>
          )
        })}
      </ul>
      {failure ? (
        <p className={styles.saveError} role="alert">
          {failure}
        </p>
      ) : null}
    </>
  )
}

export function SavedFilters() {
  const [open, setOpen] = useState<'list' | 'save' | undefined>()
  const listAnchor = useRef<HTMLButtonElement>(null)
  const saveAnchor = useRef<HTMLButtonElement>(null)
  const filters = useKeysStore((state) => state.filters)
  const query = useKeysStore((state) => state.query)
  const loadFilters = useKeysStore((state) => state.loadFilters)
  const listId = useId()
  const saveId = useId()
  const applied = filters.find((filter) => sameQuery(tidyQuery(filter.query), tidyQuery(query)))

  return (
    <div className={styles.saved}>
      <span className={styles.anchor}>
        <Button
          ref={listAnchor}
          size="sm"
          variant="ghost"
          icon="bookmark"
          aria-label={applied ? `Saved filters: ${applied.name}` : 'Saved filters'}
          title="Saved filters"
          aria-expanded={open === 'list'}
          aria-haspopup="dialog"
          aria-controls={open === 'list' ? listId : undefined}
          onClick={() => {
            if (open !== 'list') void loadFilters()
            setOpen(open === 'list' ? undefined : 'list')
          }}
        >
          {applied ? applied.name : 'Saved'}
          {filters.length > 0 && !applied ? (
            <span className={styles.count}>{filters.length}</span>
          ) : null}
        </Button>
        {open === 'list' ? (
          <Popover
            id={listId}
            label="Saved filters"
            anchor={listAnchor}
            align="end"
            onClose={() => setOpen(undefined)}
            className={styles.savedPopover}
          >
            <SavedList onApplied={() => setOpen(undefined)} />
          </Popover>
        ) : null}
      </span>
      <span className={styles.anchor}>
        <Button
          ref={saveAnchor}
          size="sm"
          icon="plus"
          aria-expanded={open === 'save'}
          aria-haspopup="dialog"
          aria-controls={open === 'save' ? saveId : undefined}
          aria-label="Save filter"
          title="Save the search, filters and sort under a name"
          onClick={() => setOpen(open === 'save' ? undefined : 'save')}
        >
          Save
        </Button>
        {open === 'save' ? (
          <Popover
            id={saveId}
            label="Save filter"
            anchor={saveAnchor}
            align="end"
            onClose={() => setOpen(undefined)}
            className={styles.savedPopover}
          >
            <SaveForm
              onDone={() => {
                setOpen(undefined)
                saveAnchor.current?.focus()
              }}
            />
          </Popover>
        ) : null}
      </span>
    </div>
  )
}
