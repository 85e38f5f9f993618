// The Keys screen: filter chips, the virtualised table of every key across hubs, the detail panel, and a status bar with counts and cache age; renderer.
import { useEffect } from 'react'
import { cacheAgeNow, syncRunning, useConnectionsStore } from '../../connections/connections.store'
import { ago, isUnreachable, syncLine } from '../../connections/sync-text'
import { useNow } from '../../connections/use-now'
import { formatCount, keysCount } from '../../keys/key-format'
import { filterCount } from '../../keys/key-query'
import { useKeysStore } from '../../keys/keys.store'
import { Button } from '../../ui/Button'
import { Icon } from '../../ui/Icon'
import { Notice } from '../../ui/Notice'
import { FilterBar } from './FilterBar'
import { KeyDetailPanel } from './KeyDetailPanel'
import { KeyTable } from './KeyTable'
import styles from './KeysScreen.module.css'

/** "Cache 3 min old · 1 unreachable · offline" for the connections the table is showing. */
function CacheLine() {
  const connections = useConnectionsStore((state) => state.connections)
  const statuses = useConnectionsStore((state) => state.status)
  const statusReadAt = useConnectionsStore((state) => state.statusReadAt)
  const online = useConnectionsStore((state) => state.online)
  const running = useConnectionsStore(syncRunning)
  const clock = useConnectionsStore((state) => state.now)
  const picked = useKeysStore((state) => state.query.filter.connectionIds)
  const at = useNow(clock)

  const shown = connections.filter(
    (connection) => !picked || picked.length === 0 || picked.includes(connection.id)
  )
  const lines = shown.flatMap((connection) => {
    const status = statuses[connection.id]
    if (!status) return []
    const age = cacheAgeNow(status, statusReadAt, at)
    return [{ connection, status, age, line: syncLine(status, age) }]
  })
  const pulled = lines.filter((entry) => entry.status.source === 'hub')
  const ages = pulled.flatMap((entry) => (entry.age === null ? [] : [entry.age]))
  const oldest = ages.length > 0 ? Math.max(...ages) : undefined
  const never = pulled.filter((entry) => entry.age === null).length
  const unreachable = lines.filter((entry) => isUnreachable(entry.status)).length
  const failed = lines.filter(
    (entry) => entry.status.state === 'failed' && !isUnreachable(entry.status)
  ).length

  const parts: { text: string; tone?: 'warn' | 'danger' }[] = []
  if (running) parts.push({ text: 'Syncing…' })
  else if (oldest !== undefined)
    parts.push({
      text: ages.length === 1 ? `Cached ${ago(oldest)}` : `Oldest cache ${ago(oldest)}`
    })
  if (never > 0) parts.push({ text: `${never} never synced` })
  if (unreachable > 0) parts.push({ text: `${unreachable} unreachable`, tone: 'danger' })
  if (failed > 0) parts.push({ text: `${failed} failed`, tone: 'danger' })
  if (!online) parts.push({ text: 'offline', tone: 'warn' })
  if (parts.length === 0) return null

  const title = lines.map((entry) => `${entry.connection.name}: ${entry.line.text}`).join('\n')
  return (
    <span className={styles.cache} title={title} data-testid="keys-cache-line">
      <Icon name={online ? 'clock' : 'cloud-off'} size={12} />
      {parts.map((part, index) => (
        <span key={part.text} className={part.tone ? styles[part.tone] : undefined}>
          {index > 0 ? '· ' : ''}
          {part.text}
        </span>
      ))}
    </span>
  )
}

function StatusBar() {
  const total = useKeysStore((state) => state.total)
  const phase = useKeysStore((state) => state.phase)
  const selected = useKeysStore((state) => state.selected.size)
  const clearSelection = useKeysStore((state) => state.clearSelection)
  const selectAllLoaded = useKeysStore((state) => state.selectAllLoaded)
  const loaded = useKeysStore((state) => state.rows.size)
  return (
    <footer className={styles.status} aria-label="Table status">
      <span className={styles.count} role="status" data-testid="keys-count">
        {total === undefined ? 'Reading the cache…' : keysCount(total)}
      </span>
      {phase === 'loading' && total !== undefined ? (
        <Icon name="spinner" size={12} className={styles.spin} label="Updating" />
      ) : null}
      {selected > 0 ? (
        <span className={styles.selection}>
          <span className={styles.selectedCount}>{formatCount(selected)} selected</span>
          {loaded > selected ? (
            <button type="button" className={styles.link} onClick={selectAllLoaded}>
              Select all loaded
            </button>
          ) : null}
          <button type="button" className={styles.link} onClick={clearSelection}>
            Clear
          </button>
        </span>
      ) : null}
      <span className={styles.grow} />
      <CacheLine />
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

  useEffect(() => activate(), [activate])
  useEffect(() => {
    void loadFilters()
  }, [loadFilters])

  return (
    <div className={styles.screen}>
      <FilterBar />
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
        <KeyTable label="Keys" empty={<EmptyState />} />
        {hasDetail ? <KeyDetailPanel /> : null}
      </div>
      <StatusBar />
    </div>
  )
}
