// A usage panel: range and interval pickers, refresh, the chart from Hubkeys' cache with its age, oddities and anomaly flags, and its empty, loading, stale and error states; renderer.
import { useContext, useEffect, useMemo, useState } from 'react'
import { useStore } from 'zustand'
import type { UsageInterval } from '../../../../src-main/contract/hubs.contract'
import { usageTimes, type UsageTarget } from '../../../../src-main/contract/usage.contract'
import { Button } from '../../ui/Button'
import { Notice } from '../../ui/Notice'
import { Select, type SelectOption } from '../../ui/Select'
import { UsageChart } from './UsageChart'
import { ageText, chartDataOf, chartKindFor } from './usage-chart-model'
import { createUsagePanelStore, UsageClientContext } from './usage.store'
import styles from './Usage.module.css'

const intervals: readonly SelectOption<UsageInterval>[] = [
  { value: 'minute', label: 'Minute' },
  { value: 'hour', label: 'Hour' },
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week (from Monday, UTC)' },
  { value: 'month', label: 'Month (UTC)' }
]

const ranges = [1, 7, 30, 90, 366]
const rangeLabel = (days: number) => (days === 1 ? 'Last 24 hours' : `Last ${days} days`)

export interface UsagePanelProps {
  connectionId: string
  connectionName: string
  target: UsageTarget
  title: string
  /** Stem of exported file names. */
  fileName: string
  interval?: UsageInterval
  rangeDays?: number
}

export function UsagePanel({
  connectionId,
  connectionName,
  target,
  title,
  fileName,
  interval = 'day',
  rangeDays = 30
}: UsagePanelProps) {
  const client = useContext(UsageClientContext)
  const targetKey = JSON.stringify(target)
  const store = useMemo(
    () => createUsagePanelStore(client, { connectionId, target, interval, rangeDays }),
    // The target is compared by value: a new object for the same key must not reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- targetKey stands for target
    [client, connectionId, targetKey, interval, rangeDays]
  )
  const state = useStore(store)
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    void store.getState().load()
  }, [store])
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000)
    return () => clearInterval(timer)
  }, [])

  const view = state.view
  const limit = view?.limitDays ?? 90
  const rangeOptions = [
    ...ranges
      .filter((days) => days <= limit)
      .map((days) => ({ value: days, label: rangeLabel(days) })),
    { value: 0, label: 'Everything cached' }
  ]
  const kind = view
    ? chartKindFor(view, target.kind === 'filesets' ? 'connection' : target.kind)
    : 'key'
  const data = useMemo(() => (view ? chartDataOf(view, kind) : undefined), [view, kind])
  const buckets = view?.series.reduce((sum, s) => sum + usageTimes(s).length, 0) ?? 0

  const refreshButton = (
    <Button
      size="sm"
      icon="retry"
      busy={state.refreshing}
      onClick={() => void state.refresh()}
      title={`Fetch this range from ${connectionName} and add it to the cache`}
    >
      Refresh from hub
    </Button>
  )

  let body
  if (state.phase === 'loading' && !view) {
    body = (
      <div className={styles.state} role="status">
        Reading cached usage…
      </div>
    )
  } else if (state.phase === 'failed' || !view) {
    body = (
      <div className={styles.state} role="alert">
        <span>Could not read usage: {state.error?.message ?? 'no answer'}</span>
        <Button size="sm" icon="retry" onClick={() => void state.load()}>
          Try again
        </Button>
      </div>
    )
  } else if (view.fetchedAt === null) {
    body = (
      <div className={styles.state} role="status">
        No usage of this range is cached yet. {connectionName} keeps {view.limitDays} days of usage;
        refresh from the hub to fetch it.
      </div>
    )
  } else if (buckets === 0 || !data) {
    body = (
      <div className={styles.state} role="status">
        The hub reported no usage buckets in this range.
      </div>
    )
  } else {
    body = (
      <UsageChart
        data={data}
        series={view.series}
        interval={view.interval}
        title={title}
        fileName={fileName}
        onDrawn={() => performance.mark('hubkeys:usage-chart-drawn')}
      />
    )
  }

  return (
    <div className={styles.panel}>
      <div className={styles.pickers}>
        <label>
          Range
          <Select
            aria-label="Usage range"
            value={state.rangeDays}
            options={rangeOptions}
            onChange={(days) => void state.pick({ rangeDays: days })}
          />
        </label>
        <label>
          Interval
          <Select
            aria-label="Usage interval"
            value={state.interval}
            options={intervals}
            onChange={(picked) => void state.pick({ interval: picked })}
          />
        </label>
        {/* One button in one place: the focus stays on it when the chart replaces the empty state. */}
        {refreshButton}
      </div>
      {view && view.fetchedAt !== null ? (
        <p className={styles.meta}>
          <span className={view.stale ? styles.stale : undefined}>
            {view.stale ? 'Stale: ' : ''}cached {ageText(view.fetchedAt, now)}
          </span>
          {view.derivedFrom ? <span>· summed from cached {view.derivedFrom} buckets</span> : null}
          <span>
            · {connectionName} keeps {view.limitDays} days
          </span>
        </p>
      ) : null}
      {state.error && view ? (
        <Notice tone="danger" role="alert">
          Refresh failed: {state.error.message}
        </Notice>
      ) : null}
      {body}
      {view && view.anomalies.length > 0 ? (
        <ul className={styles.flags} aria-label="Usage flags">
          {view.anomalies.map((flag, index) => (
            <li key={index}>{flag.detail}</li>
          ))}
        </ul>
      ) : null}
      {view && view.oddities.length > 0 ? (
        <>
          <span className={styles.meta}>What the hub sent that looked odd:</span>
          <ul className={styles.list}>
            {view.oddities.map((odd, index) => (
              <li key={index}>{odd}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  )
}
