// The sync facts of one connection in its panel: state, keys cached, last sync, and why a sync failed or was partial; renderer.
import type { Connection } from '../../../../src-main/contract/hubs.contract'
import { Badge } from '../../ui/Badge'
import { Notice } from '../../ui/Notice'
import { cacheAgeNow, useConnectionsStore } from './connections.store'
import { ago, keysLabel, stateLabel, stateTone, syncLine } from './sync-text'
import { useNow } from './use-now'
import styles from './Connections.module.css'

export function ConnectionSyncFacts({ connection }: { connection: Connection }) {
  const status = useConnectionsStore((state) => state.status[connection.id])
  const statusReadAt = useConnectionsStore((state) => state.statusReadAt)
  const now = useConnectionsStore((state) => state.now)
  const at = useNow(now)
  if (!status) {
    return <p className={styles.muted}>Reading the sync state…</p>
  }
  const age = cacheAgeNow(status, statusReadAt, at)
  const line = syncLine(status, age)
  // Ages come from main's own measure (`cacheAgeMs`), so a clock difference cannot skew them.
  const lastSuccess = age === null ? 'Never' : ago(age)
  return (
    <>
      <dl className={styles.facts}>
        <div className={styles.fact}>
          <dt>State</dt>
          <dd>
            <Badge tone={stateTone(status)} dot title={status.detail}>
              {stateLabel(status)}
            </Badge>
          </dd>
        </div>
        <div className={styles.fact}>
          <dt>Keys cached</dt>
          <dd className="tabular" data-testid="panel-keys">
            {status.state === 'running' && status.progress
              ? `${keysLabel(status.progress.keys)} pulled so far`
              : keysLabel(status.keys)}
          </dd>
        </div>
        <div className={styles.fact}>
          <dt>{status.source === 'local' ? 'Inventory' : 'Last sync'}</dt>
          <dd>{status.source === 'local' ? 'Kept in Hubkeys' : lastSuccess}</dd>
        </div>
      </dl>
      {status.state === 'failed' ? (
        <Notice tone="danger">
          <span>{status.error?.message ?? line.text}</span>
          {age !== null ? (
            <span className={styles.muted}>
              The cache still holds what the sync {lastSuccess} found.
            </span>
          ) : null}
        </Notice>
      ) : status.state === 'partial' && status.partial ? (
        <Notice tone="warn">
          <span>Partial sync: {status.partial.message}</span>
        </Notice>
      ) : (
        <p className={styles.muted}>{status.detail}</p>
      )}
    </>
  )
}
