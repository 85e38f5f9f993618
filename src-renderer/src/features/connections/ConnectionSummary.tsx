// The overview's table of connections: hub, environment, keys cached, last sync, state and what needs attention, one calm row each; renderer.
import { hubForms } from '../../../../src-main/contract/hub-forms'
import type { Connection } from '../../../../src-main/contract/hubs.contract'
import { Badge } from '../../ui/Badge'
import { Button } from '../../ui/Button'
import { ConnectionAttention } from '../overview/ConnectionAttention'
import { ConnectionDot, EnvironmentBadge } from './ConnectionDot'
import { cacheAgeNow, offlineReason, syncRunning, useConnectionsStore } from './connections.store'
import { ago, stateLabel, stateTone, syncLine } from './sync-text'
import { useNow } from './use-now'
import styles from './Connections.module.css'

function SummaryRow({ connection, at }: { connection: Connection; at: number }) {
  const status = useConnectionsStore((state) => state.status[connection.id])
  const statusReadAt = useConnectionsStore((state) => state.statusReadAt)
  const openEdit = useConnectionsStore((state) => state.openEdit)
  const age = status ? cacheAgeNow(status, statusReadAt, at) : null
  const line = status ? syncLine(status, age) : undefined
  const lastSync = !status || status.source === 'local' ? '—' : age === null ? 'Never' : ago(age)
  return (
    <tr>
      <th scope="row">
        <button
          type="button"
          className={styles.rowButton}
          onClick={() => openEdit(connection.id)}
          title={`Open ${connection.name}`}
        >
          <ConnectionDot colour={connection.colour} />
          <span className={styles.rowName}>{connection.name}</span>
        </button>
      </th>
      <td className={styles.muted}>{hubForms[connection.kind].label}</td>
      <td>
        <EnvironmentBadge environment={connection.environment} />
      </td>
      <td className={`${styles.num} tabular`}>{status ? status.keys.toLocaleString('en') : '—'}</td>
      <td className={styles.muted}>{lastSync}</td>
      <td>
        {status && line ? (
          <Badge tone={stateTone(status)} dot title={line.title}>
            {stateLabel(status)}
          </Badge>
        ) : null}
      </td>
      <td className={styles.attentionCell}>
        <ConnectionAttention connectionId={connection.id} connectionName={connection.name} />
      </td>
    </tr>
  )
}

export function ConnectionSummary() {
  const connections = useConnectionsStore((state) => state.connections)
  const online = useConnectionsStore((state) => state.online)
  const running = useConnectionsStore(syncRunning)
  const sync = useConnectionsStore((state) => state.sync)
  const openAdd = useConnectionsStore((state) => state.openAdd)
  const totalKeys = useConnectionsStore((state) =>
    Object.values(state.status).reduce((sum, status) => sum + status.keys, 0)
  )
  const now = useConnectionsStore((state) => state.now)
  const at = useNow(now)
  return (
    <section className={styles.summary} aria-labelledby="overview-connections">
      <header className={styles.summaryHeader}>
        <h2 id="overview-connections" className={styles.summaryTitle}>
          Connections
        </h2>
        <span className={styles.summaryMeta}>
          {connections.length} · {totalKeys.toLocaleString('en')} keys cached
        </span>
        <div className={styles.summaryActions}>
          <Button
            size="sm"
            icon="retry"
            busy={running}
            onClick={() => void sync()}
            {...(online ? {} : { disabledReason: offlineReason })}
          >
            {running ? 'Syncing…' : 'Sync all'}
          </Button>
          <Button size="sm" icon="plus" onClick={openAdd}>
            Add connection
          </Button>
        </div>
      </header>
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Hub</th>
              <th scope="col">Env</th>
              <th scope="col" className={styles.num}>
                Keys
              </th>
              <th scope="col">Last sync</th>
              <th scope="col">State</th>
              <th scope="col">Needs attention</th>
            </tr>
          </thead>
          <tbody>
            {connections.map((connection) => (
              <SummaryRow key={connection.id} connection={connection} at={at} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
