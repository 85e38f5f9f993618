// The key table's bulk bar, a row of its own under the table while keys are selected: the selection (or every key matching the filter, not only the rows loaded) and the actions over it (Verify, Set status, Add or remove a tag, Delete); renderer.
import { useEffect, useState } from 'react'
import { Button } from '../../ui/Button'
import { formatCount } from '../keys/key-format'
import { tidyFilter } from '../keys/key-query'
import { useKeysStore, useKeysStoreApi } from '../keys/keys.store'
import type { BulkActionKind } from './bulk-run'
import { BulkRunDialog, type BulkScope } from './BulkRunDialog'
import { BulkIpChange } from '../ip-filter/BulkIpChange'
import { BulkRotationPlan } from '../rotation/BulkRotationPlan'
import styles from './KeyActions.module.css'

const actions: { kind: BulkActionKind; label: string }[] = [
  { kind: 'verify', label: 'Verify…' },
  { kind: 'status', label: 'Set status…' },
  { kind: 'add-tag', label: 'Add tag…' },
  { kind: 'remove-tag', label: 'Remove tag…' },
  { kind: 'delete', label: 'Delete…' }
]

export function BulkActionsBar() {
  const store = useKeysStoreApi()
  const selected = useKeysStore((state) => state.selected.size)
  const total = useKeysStore((state) => state.total ?? 0)
  const queryId = useKeysStore((state) => state.queryId)
  const [allMatching, setAllMatching] = useState(false)
  const [running, setRunning] = useState<{ action: BulkActionKind; scope: BulkScope }>()

  // "All matching" means the query it was chosen for; a new search or filter starts over.
  useEffect(() => setAllMatching(false), [queryId])

  // Shown for a selection; from there it widens to every key the query matches.
  if (selected === 0 && !allMatching) return null

  const clear = () => {
    setAllMatching(false)
    store.getState().clearSelection()
  }

  const start = (action: BulkActionKind) => {
    const state = store.getState()
    const scope: BulkScope = allMatching
      ? { kind: 'matching', search: state.query.search, filter: tidyFilter(state.query.filter) }
      : { kind: 'selection', ids: [...state.selected] }
    setRunning({ action, scope })
  }

  return (
    <div className={styles.bulk} role="group" aria-label="Bulk actions">
      <span className={styles.bulkCount}>
        {allMatching ? `All ${formatCount(total)} matching` : `${formatCount(selected)} selected`}
      </span>
      {/* "All loaded" is the header checkbox (and Ctrl+A); the bar offers the wider step. */}
      {!allMatching && total > selected ? (
        <button type="button" className={styles.link} onClick={() => setAllMatching(true)}>
          Select all {formatCount(total)} matching
        </button>
      ) : null}
      <button type="button" className={styles.link} onClick={clear}>
        Clear
      </button>
      <span className={styles.bulkActions}>
        {actions
          .filter((action) => action.kind !== 'delete')
          .map((action) => (
            <Button key={action.kind} size="sm" onClick={() => start(action.kind)}>
              {action.label}
            </Button>
          ))}
        {/* IP changes and rotation plans work per key from the explicit selection (they take ids). */}
        {allMatching ? null : <BulkIpChange />}
        {allMatching ? null : <BulkRotationPlan />}
        {/* Last and apart: the one action that cannot be undone. */}
        <span className={styles.bulkGap} aria-hidden="true" />
        <Button size="sm" variant="danger" onClick={() => start('delete')}>
          Delete…
        </Button>
      </span>
      {running ? (
        <BulkRunDialog
          action={running.action}
          scope={running.scope}
          onClose={() => setRunning(undefined)}
          onChanged={() => store.getState().reload()}
        />
      ) : null}
    </div>
  )
}
