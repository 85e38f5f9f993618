// Connection-level usage in the connection panel: the quota burn-down (Optidash), every key stacked or the busiest keys compared, or storage per DM-Hub fileset; renderer.
import { useContext, useEffect, useState } from 'react'
import type { Connection } from '../../../../src-main/contract/hubs.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import type { UsageSummary } from '../../../../src-main/contract/usage.contract'
import { Button } from '../../ui/Button'
import { Notice } from '../../ui/Notice'
import { SegmentedControl } from '../../ui/SegmentedControl'
import { useConnectionsStore } from '../connections/connections.store'
import { UsagePanel } from './UsagePanel'
import { ageText } from './usage-chart-model'
import { UsageClientContext } from './usage.store'
import styles from './Usage.module.css'

const count = (value: number | null) => (value === null ? '—' : value.toLocaleString())

function QuotaBurndown({ summary, now }: { summary: UsageSummary; now: number }) {
  const quota = summary.quota
  if (!quota) return null
  const share = quota.total && quota.used !== null ? quota.used / quota.total : null
  return (
    <div className={styles.panel}>
      <h4 className={styles.title}>Quota</h4>
      {share !== null ? (
        <meter
          className={styles.meter}
          min={0}
          max={1}
          low={0.7}
          high={0.9}
          optimum={0}
          value={share}
          aria-label="Quota used"
        />
      ) : null}
      <dl className={styles.quota}>
        <div>
          <dt>Used{quota.period ? ` this ${quota.period}` : ''}</dt>
          <dd>{count(quota.used)}</dd>
        </div>
        <div>
          <dt>Remaining</dt>
          <dd>{count(quota.remaining)}</dd>
        </div>
        <div>
          <dt>Recent rate</dt>
          <dd>
            {quota.ratePerDay === null
              ? '—'
              : `${Math.round(quota.ratePerDay).toLocaleString()} a day`}
          </dd>
        </div>
        <div>
          <dt>Runs out</dt>
          <dd>
            {quota.runsOutAt === null
              ? 'No forecast (no recent usage cached)'
              : new Date(quota.runsOutAt).toLocaleDateString(undefined, { dateStyle: 'medium' })}
          </dd>
        </div>
      </dl>
      <p className={styles.meta}>
        Quota read {ageText(quota.fetchedAt, now)}; forecast at the last 7 days&apos; cached rate.
      </p>
      {quota.oddities.length > 0 ? (
        <ul className={styles.list}>
          {quota.oddities.map((odd, index) => (
            <li key={index}>{odd}</li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

export function ConnectionUsageSection({
  connection,
  className
}: {
  connection: Connection
  className?: string
}) {
  const client = useContext(UsageClientContext)
  const measure = useConnectionsStore(
    (state) => state.kinds.find((info) => info.kind === connection.kind)?.capabilities.usage
  )
  const [summary, setSummary] = useState<UsageSummary>()
  const [error, setError] = useState<AppErrorBody>()
  const [busy, setBusy] = useState(false)
  const [mode, setMode] = useState<'stacked' | 'compare'>('stacked')

  const read = async (refresh: boolean) => {
    setBusy(true)
    const result = await client.call('usage:summary', { connectionId: connection.id, refresh })
    setBusy(false)
    if (result.ok) {
      setSummary(result.value)
      setError(undefined)
    } else setError(result.error)
  }
  useEffect(() => {
    if (measure && measure !== 'none') void read(false)
    // Read once per connection; `read` changes every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per connection
  }, [connection.id, measure])

  if (!measure || measure === 'none') return null
  const busiest = [...(summary?.keys ?? [])]
    .sort((a, b) => (b.requests30d ?? -1) - (a.requests30d ?? -1))
    .slice(0, 5)
  const stem = `usage-${connection.name.replace(/[^\w.-]+/g, '_')}`
  return (
    <section className={className} aria-labelledby="connection-usage">
      <h3 id="connection-usage" className={styles.title}>
        Usage
      </h3>
      {error ? <Notice tone="danger">Could not read usage: {error.message}</Notice> : null}
      {measure === 'requests' ? (
        <>
          <div className={styles.pickers}>
            <Button size="sm" icon="retry" busy={busy} onClick={() => void read(true)}>
              Read quota
            </Button>
          </div>
          {summary ? <QuotaBurndown summary={summary} now={Date.now()} /> : null}
          <SegmentedControl
            label="Chart"
            value={mode}
            options={[
              { value: 'stacked', label: 'All keys stacked' },
              { value: 'compare', label: 'Busiest keys compared' }
            ]}
            onChange={(picked) => setMode(picked === 'compare' ? 'compare' : 'stacked')}
          />
          {mode === 'stacked' ? (
            <UsagePanel
              connectionId={connection.id}
              connectionName={connection.name}
              target={{ kind: 'connection' }}
              title={`Requests of every key of ${connection.name}, stacked`}
              fileName={`${stem}-stacked`}
            />
          ) : busiest.length > 0 ? (
            <UsagePanel
              connectionId={connection.id}
              connectionName={connection.name}
              target={{ kind: 'keys', keyIds: busiest.map((key) => key.keyId) }}
              title={`Requests of the busiest keys of ${connection.name}, compared`}
              fileName={`${stem}-compared`}
            />
          ) : (
            <p className={styles.meta}>No keys with cached usage to compare yet.</p>
          )}
        </>
      ) : (
        <UsagePanel
          connectionId={connection.id}
          connectionName={connection.name}
          target={{ kind: 'filesets' }}
          title={`Storage per fileset of ${connection.name}`}
          fileName={`${stem}-filesets`}
        />
      )}
    </section>
  )
}
