// The Overview's "Needs attention" cell: a connection's expiring, allow-all, unused and missing key counts, each opening the key table on those keys; renderer.
import {
  connectionHygieneCheckIds,
  type ConnectionHygieneCheckId
} from '../../../../src-main/contract/inventory.contract'
import { useAppStore } from '../../app/app.store'
import { useHygieneStore } from '../hygiene/hygiene.store'
import { useKeysStore } from '../keys/keys.store'
import { Icon, type IconName } from '../../ui/Icon'
import styles from './ConnectionAttention.module.css'

interface AttentionLook {
  icon: IconName
  /** Short word after the count, e.g. "3 expiring". */
  word: string
  /** Loud when it is a production exposure; the red accent is kept for what needs action. */
  danger: boolean
}

const looks: Record<ConnectionHygieneCheckId, AttentionLook> = {
  'expiring-30d': { icon: 'calendar', word: 'expiring', danger: false },
  'allow-all-prod': { icon: 'globe', word: 'allow-all', danger: true },
  'unused-90d': { icon: 'activity', word: 'unused', danger: false },
  'missing-at-hub': { icon: 'cloud-off', word: 'missing', danger: false }
}

export function ConnectionAttention({
  connectionId,
  connectionName
}: {
  connectionId: string
  connectionName: string
}) {
  const summary = useHygieneStore((state) => state.summary)
  const applyQuery = useKeysStore((state) => state.applyQuery)
  const go = useAppStore((state) => state.go)
  const counts = summary?.byConnection.find((entry) => entry.connectionId === connectionId)?.counts
  if (!summary) return <span className={styles.none}>—</span>
  const shown = connectionHygieneCheckIds.filter((id) => (counts?.[id] ?? 0) > 0)
  if (!counts || shown.length === 0) return <span className={styles.none}>All clear</span>
  const open = (id: ConnectionHygieneCheckId) => {
    const item = summary.items.find((entry) => entry.id === id)
    if (!item) return
    // The check's own query, narrowed to this connection: the table shows exactly the keys counted.
    applyQuery({ ...item.query, filter: { ...item.query.filter, connectionIds: [connectionId] } })
    go('keys')
  }
  return (
    <span className={styles.list}>
      {shown.map((id) => {
        const look = looks[id]
        const label = summary.items.find((entry) => entry.id === id)?.label ?? look.word
        return (
          <button
            key={id}
            type="button"
            className={`${styles.item} ${look.danger ? styles.danger : ''}`}
            onClick={() => open(id)}
            title={`${label} on ${connectionName}: open these keys`}
          >
            <Icon name={look.icon} size={12} />
            <span className="tabular">{counts[id].toLocaleString('en')}</span> {look.word}
          </button>
        )
      })}
    </span>
  )
}
