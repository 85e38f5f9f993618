// The Keys screen: filter chips, the virtualised table of every key across hubs, the detail panel, and a status bar with counts and cache age; renderer.
import { useEffect } from 'react'
import { useConnectionsStore } from '../connections/connections.store'
import { keysCount } from './key-format'
import { filterCount } from './key-query'
import { useKeysStore } from './keys.store'
import { Button } from '../../ui/Button'
import { Icon } from '../../ui/Icon'
import { Notice } from '../../ui/Notice'
import { CacheLine } from '../connections/CacheLine'
import { BulkActionsBar } from '../key-actions/BulkActionsBar'
import { ColumnChooser } from './ColumnChooser'
import { FilterBar } from './FilterBar'
import { KeyDetailPanel } from './KeyDetailPanel'
import { KeyTable } from './KeyTable'
import { NewKeyButton } from '../key-create/NewKeyButton'
import { useColumnLayout } from './use-column-layout'
import styles from './KeysScreen.module.css'

function StatusBar() {
  const picked = useKeysStore((state) => state.query.filter.connectionIds)
  const total = useKeysStore((state) => state.total)
  const phase = useKeysStore((state) => state.phase)
  return (
    <footer className={styles.status} aria-label="Table status">
      <span className={styles.count} role="status" data-testid="keys-count">
        {total === undefined ? 'Reading the cache…' : keysCount(total)}
      </span>
      {phase === 'loading' && total !== undefined ? (
        <Icon name="spinner" size={12} className={styles.spin} label="Updating" />
      ) : null}
      <span className={styles.grow} />
      <CacheLine connectionIds={picked} />
    </footer>
  )
}

function EmptyState() {
  const connections = useConnectionsStore((state) => state.connections.length)
  const openAdd = useConnectionsStore((state) => state.openAdd)
  const filters = useKeysStore((state) => filterCount(state.query.filter))
  const search = useKeysStore((state) => state.query.search)
  const sort = useKeysStore((state) => state.query.sort)
  const applyQuery = useKeysStore((state) => state.applyQuery)
  if (filters > 0 || search) {
    return (
      <div className={styles.empty}>
        <Icon name="search" size={20} className={styles.emptyIcon} />
        <h2 className={styles.emptyTitle}>No keys match</h2>
        <p className={styles.emptyText}>
          {search ? <>Nothing matches “{search}”</> : 'Nothing matches these filters'}
          {search && filters > 0 ? ' with these filters' : ''}.
        </p>
        <Button size="sm" onClick={() => applyQuery({ search: '', filter: {}, sort })}>
          Clear search and filters
        </Button>
      </div>
    )
  }
  return (
    <div className={styles.empty}>
      <Icon name="keys" size={20} className={styles.emptyIcon} />
      <h2 className={styles.emptyTitle}>No keys in the cache yet</h2>
      <p className={styles.emptyText}>
        {connections === 0
          ? 'Add a connection to a hub; its keys appear here after the first sync.'
          : 'Sync your connections to read their keys into the cache.'}
      </p>
      {connections === 0 ? (
        <Button size="sm" variant="primary" icon="plus" onClick={openAdd}>
          Add connection
        </Button>
      ) : null}
    </div>
  )
}

export function KeysScreen() {
  const activate = useKeysStore((state) => state.activate)
  const loadFilters = useKeysStore((state) => state.loadFilters)
  const phase = useKeysStore((state) => state.phase)
  const error = useKeysStore((state) => state.error)
  const reload = useKeysStore((state) => state.reload)
  const hasDetail = useKeysStore((state) => state.detail !== undefined)
  const columns = useColumnLayout()

  useEffect(() => activate(), [activate])
  useEffect(() => {
    void loadFilters()
  }, [loadFilters])

  return (
    <div className={styles.screen}>
      <FilterBar
        actions={
          <>
            <NewKeyButton />
            <ColumnChooser columns={columns} />
          </>
        }
      />
      {phase === 'failed' && error ? (
        <div className={styles.error}>
          <Notice tone="danger" role="alert">
            <span>The keys could not be read: {error.message}</span>
          </Notice>
          <Button size="sm" icon="retry" onClick={reload}>
            Try again
          </Button>
        </div>
      ) : null}
      <div className={styles.body}>
        <KeyTable label="Keys" empty={<EmptyState />} columns={columns} />
        {hasDetail ? <KeyDetailPanel /> : null}
      </div>
      {/* Under the table, so selecting a row never moves the rows the admin is pointing at. */}
      <BulkActionsBar />
      <StatusBar />
    </div>
  )
}
