// The sidebar's Connections section: each connection with its colour, environment and cache age (a click shows its keys, a button its settings), plus add and sync all; renderer.
import type { Connection } from '../../../../src-main/contract/hubs.contract'
import { useAppStore } from '../../app/app.store'
import { useKeysStore } from '../keys/keys.store'
import { Button } from '../../ui/Button'
import { Icon } from '../../ui/Icon'
import { ConnectionDot, EnvironmentBadge } from './ConnectionDot'
import { cacheAgeNow, offlineReason, syncRunning, useConnectionsStore } from './connections.store'
import { syncLine } from './sync-text'
import { useNow } from './use-now'
import styles from './Connections.module.css'

function ConnectionItem({ connection, at }: { connection: Connection; at: number }) {
  const status = useConnectionsStore((state) => state.status[connection.id])
  const statusReadAt = useConnectionsStore((state) => state.statusReadAt)
  const editing = useConnectionsStore(
    (state) => state.open?.view === 'edit' && state.open.id === connection.id
  )
  const openEdit = useConnectionsStore((state) => state.openEdit)
  const go = useAppStore((state) => state.go)
  const onKeys = useAppStore((state) => state.screen === 'keys')
  const picked = useKeysStore((state) => state.query.filter.connectionIds)
  const sort = useKeysStore((state) => state.query.sort)
  const applyQuery = useKeysStore((state) => state.applyQuery)
  // This connection's keys are what the Keys screen shows.
  const showing = onKeys && picked?.length === 1 && picked[0] === connection.id
  const line = status ? syncLine(status, cacheAgeNow(status, statusReadAt, at)) : undefined
  const running = status?.state === 'running'
  return (
    <li className={styles.itemRow}>
      <button
        type="button"
        className={`${styles.item} ${connection.environment === 'prod' ? styles.itemProd : ''}`}
        aria-current={showing || editing ? 'true' : undefined}
        title={line ? `${connection.name}: show its keys\n${line.title}` : connection.name}
        onClick={() => {
          // A connection's keys are what people come for; its settings sit one click further.
          applyQuery({ search: '', filter: { connectionIds: [connection.id] }, sort })
          go('keys')
        }}
      >
        <ConnectionDot colour={connection.colour} />
        <span className={styles.itemText}>
          <span className={styles.itemName}>{connection.name}</span>
          {line ? (
            <span className={`${styles.itemLine} ${styles[`tone-${line.tone}`] ?? ''}`}>
              {line.text}
            </span>
          ) : null}
        </span>
        {running ? <Icon name="spinner" size={12} className={styles.spin} label="Syncing" /> : null}
        <EnvironmentBadge environment={connection.environment} />
      </button>
      <Button
        variant="ghost"
        size="sm"
        icon="settings"
        aria-label={`Settings of ${connection.name}`}
        title={`Settings of ${connection.name}`}
        aria-haspopup="dialog"
        className={styles.itemSettings}
        onClick={() => openEdit(connection.id)}
      />
    </li>
  )
}

export function SidebarConnections() {
  const phase = useConnectionsStore((state) => state.phase)
  const loadError = useConnectionsStore((state) => state.loadError)
  const connections = useConnectionsStore((state) => state.connections)
  const online = useConnectionsStore((state) => state.online)
  const running = useConnectionsStore(syncRunning)
  const openAdd = useConnectionsStore((state) => state.openAdd)
  const sync = useConnectionsStore((state) => state.sync)
  const cancelSync = useConnectionsStore((state) => state.cancelSync)
  const load = useConnectionsStore((state) => state.load)
  const now = useConnectionsStore((state) => state.now)
  const at = useNow(now)

  const syncButton = running ? (
    <Button
      variant="ghost"
      size="sm"
      icon="stop"
      aria-label="Cancel sync"
      title="Cancel the sync; nothing of it is applied"
      className={styles.sectionAction}
      onClick={() => void cancelSync()}
    />
  ) : (
    <Button
      variant="ghost"
      size="sm"
      icon="retry"
      aria-label="Sync all"
      title="Sync all connections"
      className={styles.sectionAction}
      onClick={() => void sync()}
      {...(!online
        ? { disabledReason: offlineReason }
        : connections.length === 0
          ? { disabledReason: 'Add a connection first' }
          : {})}
    />
  )

  return (
    <section className={styles.sidebarSection} aria-labelledby="sidebar-connections">
      <div className={styles.sectionHeader}>
        <h2 id="sidebar-connections" className={styles.sectionTitle}>
          Connections
        </h2>
        {syncButton}
        <Button
          variant="ghost"
          size="sm"
          icon="plus"
          aria-label="Add connection"
          title="Add connection"
          className={styles.sectionAction}
          onClick={openAdd}
        />
      </div>
      {!online ? (
        <p className={styles.offline} role="status">
          <Icon name="cloud-off" size={12} />
          <span>Offline: showing the cache</span>
        </p>
      ) : null}
      {loadError && connections.length === 0 ? (
        <div className={styles.sectionEmpty} role="alert">
          <span>Could not read the connections: {loadError.message}</span>{' '}
          <button type="button" className={styles.linkButton} onClick={() => void load()}>
            Try again
          </button>
        </div>
      ) : connections.length === 0 ? (
        <p className={styles.sectionEmpty}>
          {phase === 'ready' || phase === 'failed' ? 'No connections yet.' : 'Loading…'}
        </p>
      ) : (
        <ul className={styles.list} aria-label="Connections">
          {connections.map((connection) => (
            <ConnectionItem key={connection.id} connection={connection} at={at} />
          ))}
        </ul>
      )}
    </section>
  )
}
