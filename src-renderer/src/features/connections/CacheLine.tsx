// The cache age of the connections a view shows ("Oldest cache 3 min ago · 1 unreachable · offline"), each connection in its tooltip; renderer.
import { cacheAgeNow, syncRunning, useConnectionsStore } from './connections.store'
import { ago, isUnreachable, syncLine } from './sync-text'
import { useNow } from './use-now'
import { Icon } from '../../ui/Icon'
import styles from './CacheLine.module.css'

/** "Cache 3 min old · 1 unreachable · offline" for the connections the table is showing. */
export function CacheLine({ connectionIds }: { connectionIds?: readonly string[] }) {
  const connections = useConnectionsStore((state) => state.connections)
  const statuses = useConnectionsStore((state) => state.status)
  const statusReadAt = useConnectionsStore((state) => state.statusReadAt)
  const online = useConnectionsStore((state) => state.online)
  const running = useConnectionsStore(syncRunning)
  const clock = useConnectionsStore((state) => state.now)
  const at = useNow(clock)

  const shown = connections.filter(
    (connection) =>
      !connectionIds || connectionIds.length === 0 || connectionIds.includes(connection.id)
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
