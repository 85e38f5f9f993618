// The "Activity" section of the key detail panel: the key's last audit entries and a link to its whole trail in the Audit log; renderer.
import { useEffect } from 'react'
import { useAppStore } from '../../app/app.store'
import { useConnectionsStore } from '../connections/connections.store'
import { useNow } from '../connections/use-now'
import { absoluteTime, relativeTime } from '../keys/key-format'
import { Notice } from '../../ui/Notice'
import { actionLabels, outcomeLabel, viaLabel } from './audit-labels'
import { useAuditStore } from './audit.store'
import styles from './KeyActivity.module.css'

export function KeyActivity({ keyId, className }: { keyId: string; className?: string }) {
  const trail = useAuditStore((state) => (state.trail?.keyId === keyId ? state.trail : undefined))
  const loadTrail = useAuditStore((state) => state.loadTrail)
  const showKey = useAuditStore((state) => state.showKey)
  const go = useAppStore((state) => state.go)
  const clock = useConnectionsStore((state) => state.now)
  const now = useNow(clock)

  useEffect(() => {
    void loadTrail(keyId)
  }, [keyId, loadTrail])

  const entries = trail?.entries ?? []
  return (
    <section className={className} aria-labelledby="key-activity">
      <h3 id="key-activity" className={styles.title}>
        Activity
        <span className={styles.hint}>from the audit log</span>
      </h3>
      {trail?.phase === 'failed' ? (
        <Notice tone="danger">Could not read the activity: {trail.error?.message}</Notice>
      ) : entries.length === 0 ? (
        <p className={styles.muted}>
          {trail?.phase === 'ready' ? 'Nothing done to this key through Hubkeys yet.' : 'Loading…'}
        </p>
      ) : (
        <ol className={styles.list} aria-label="Activity, newest first">
          {entries.map((entry) => (
            <li key={entry.seq} className={styles.item}>
              <span className={entry.outcome === 'ok' ? styles.action : styles.failed}>
                {actionLabels[entry.action]}
                {entry.outcome === 'ok' ? '' : ` · ${outcomeLabel(entry.outcome)}`}
              </span>
              <span className={styles.via}>{viaLabel(entry)}</span>
              <span className={styles.when} title={absoluteTime(entry.at)}>
                {relativeTime(entry.at, now)}
              </span>
            </li>
          ))}
        </ol>
      )}
      <button
        type="button"
        className={styles.link}
        onClick={() => {
          showKey(keyId)
          go('audit')
        }}
      >
        Show all in Audit log
      </button>
    </section>
  )
}
