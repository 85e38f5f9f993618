// The Audit log screen: the hash-chained log filtered by key, connection, action, outcome, time and text, its chain check, paging and CSV/JSON export; renderer.
import { useEffect, useRef, useState } from 'react'
import {
  auditActions,
  type AuditEntry,
  type AuditVerification
} from '../../../../src-main/contract/audit.contract'
import { useConnectionsStore } from '../connections/connections.store'
import { ConnectionDot } from '../connections/ConnectionDot'
import { canDownload, downloadText } from '../hygiene/text-download'
import { formatCount } from '../keys/key-format'
import { Badge } from '../../ui/Badge'
import { Button } from '../../ui/Button'
import { EmptyState } from '../../ui/EmptyState'
import { Icon } from '../../ui/Icon'
import { Notice } from '../../ui/Notice'
import { Select, type SelectOption } from '../../ui/Select'
import { auditCsv, auditFileName, auditJson } from './audit-export'
import {
  actionLabels,
  entryConnectionIds,
  entryKeyName,
  entryTime,
  isSensitive,
  outcomeLabel,
  viaLabel
} from './audit-labels'
import { emptyAuditFilter, useAuditStore, type AuditFilter, type AuditRange } from './audit.store'
import styles from './AuditScreen.module.css'

const actionOptions: SelectOption<AuditFilter['action']>[] = [
  { value: '', label: 'All actions' },
  ...auditActions.map((action) => ({ value: action, label: actionLabels[action] }))
]

const outcomeOptions: SelectOption<AuditFilter['outcome']>[] = [
  { value: '', label: 'Any outcome' },
  { value: 'ok', label: 'Succeeded' },
  { value: 'error', label: 'Failed' }
]

const rangeOptions: SelectOption<AuditRange>[] = [
  { value: 'all', label: 'Any time' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' }
]

/** "12, 15–18": the entries a broken chain names, the first one first. */
const brokenAt = (verification: AuditVerification): string =>
  verification.problems
    .map((problem) =>
      problem.through === undefined ? `${problem.seq}` : `${problem.seq}–${problem.through}`
    )
    .join(', ') + (verification.truncated ? ', …' : '')

function ChainStatus() {
  const phase = useAuditStore((state) => state.verifyPhase)
  const verification = useAuditStore((state) => state.verification)
  const error = useAuditStore((state) => state.verifyError)
  const verify = useAuditStore((state) => state.verify)
  let line
  if (phase === 'failed') {
    line = (
      <span className={styles.chainDanger}>
        <Icon name="alert" size={14} /> Could not check the chain: {error?.message}
      </span>
    )
  } else if (!verification) {
    line = <span className={styles.chainMuted}>Checking the chain…</span>
  } else if (verification.intact) {
    line = (
      <span
        className={styles.chainOk}
        title="Every entry matches its hash and follows the one before"
      >
        <Icon name="circle-check" size={14} /> Chain intact: {formatCount(verification.checked)}{' '}
        {verification.checked === 1 ? 'entry' : 'entries'}
      </span>
    )
  } else {
    line = (
      <span
        className={styles.chainDanger}
        title={verification.problems.map((problem) => problem.message).join('\n')}
      >
        <Icon name="alert" size={14} /> Broken at{' '}
        {verification.problems.length === 1 ? 'entry' : 'entries'} {brokenAt(verification)}
      </span>
    )
  }
  return (
    <div className={styles.chain}>
      <span role="status" data-testid="audit-chain">
        {line}
      </span>
      <Button
        size="sm"
        variant="ghost"
        icon="retry"
        busy={phase === 'loading'}
        onClick={() => void verify()}
      >
        Check again
      </Button>
    </div>
  )
}

function Filters() {
  const filter = useAuditStore((state) => state.filter)
  const setFilter = useAuditStore((state) => state.setFilter)
  const reset = useAuditStore((state) => state.resetFilter)
  const connections = useConnectionsStore((state) => state.connections)
  // The text fields answer as the person types; the store drops the answers it no longer needs.
  const [text, setText] = useState(filter.text)
  const [key, setKey] = useState(filter.key)
  useEffect(() => setText(filter.text), [filter.text])
  useEffect(() => setKey(filter.key), [filter.key])
  const filtered = JSON.stringify(filter) !== JSON.stringify(emptyAuditFilter)
  const connectionOptions: SelectOption<string>[] = [
    { value: '', label: 'All connections' },
    ...connections.map((connection) => ({ value: connection.id, label: connection.name }))
  ]
  return (
    <div className={styles.filters} role="search" aria-label="Audit filters">
      <div className={styles.searchBox}>
        <Icon name="search" size={14} className={styles.searchIcon} />
        <input
          className={styles.textInput}
          type="search"
          aria-label="Search the audit log"
          placeholder="Search actions, channels, ids…"
          value={text}
          maxLength={200}
          spellCheck={false}
          onChange={(event) => {
            setText(event.target.value)
            setFilter({ text: event.target.value })
          }}
        />
      </div>
      <input
        className={`${styles.textInput} ${styles.keyInput}`}
        type="text"
        aria-label="Key"
        placeholder="Key id or fingerprint"
        value={key}
        maxLength={200}
        spellCheck={false}
        onChange={(event) => {
          setKey(event.target.value)
          setFilter({ key: event.target.value })
        }}
      />
      <Select
        aria-label="Connection"
        className={styles.select}
        value={filter.connectionId}
        options={connectionOptions}
        onChange={(connectionId) => setFilter({ connectionId })}
      />
      <Select
        aria-label="Action"
        className={styles.select}
        value={filter.action}
        options={actionOptions}
        onChange={(action) => setFilter({ action })}
      />
      <Select
        aria-label="Outcome"
        className={styles.select}
        value={filter.outcome}
        options={outcomeOptions}
        onChange={(outcome) => setFilter({ outcome })}
      />
      <Select
        aria-label="Time range"
        className={styles.select}
        value={filter.range}
        options={rangeOptions}
        onChange={(range) => setFilter({ range })}
      />
      {filtered ? (
        <Button size="sm" variant="ghost" icon="x" onClick={reset}>
          Clear filters
        </Button>
      ) : null}
    </div>
  )
}

type ConnectionLook = { name: string; colour: string }

function ConnectionCell({ ids, byId }: { ids: string[]; byId: Map<string, ConnectionLook> }) {
  if (ids.length === 0) return <span className={styles.muted}>—</span>
  const first = ids[0] as string
  const look = byId.get(first)
  const names = ids.map((id) => byId.get(id)?.name ?? id)
  return (
    <span className={styles.connection} title={names.join(', ')}>
      {look ? <ConnectionDot colour={look.colour} size="sm" /> : null}
      <span className={look ? styles.ellipsis : `${styles.ellipsis} ${styles.muted}`}>
        {look ? look.name : first}
        {ids.length > 1 ? ` +${ids.length - 1}` : ''}
      </span>
    </span>
  )
}

function EntryRow({ entry, byId }: { entry: AuditEntry; byId: Map<string, ConnectionLook> }) {
  const failed = entry.outcome !== 'ok'
  const keyName = entryKeyName(entry)
  const keyRef = entry.hubKeyId ?? entry.keyId
  return (
    <tr className={failed ? styles.failedRow : undefined} data-seq={entry.seq}>
      <td className={styles.time}>
        <time dateTime={new Date(entry.at).toISOString()}>{entryTime(entry.at)}</time>
      </td>
      <td>
        <span className={isSensitive(entry.action) ? styles.sensitive : undefined}>
          {actionLabels[entry.action]}
        </span>
      </td>
      <td>
        <Badge tone={failed ? 'danger' : 'ok'} dot>
          {outcomeLabel(entry.outcome)}
        </Badge>
      </td>
      <td>
        <ConnectionCell ids={entryConnectionIds(entry)} byId={byId} />
      </td>
      <td title={entry.keyId ? `Hubkeys id ${entry.keyId}` : undefined}>
        {keyRef === null ? (
          <span className={styles.muted}>—</span>
        ) : keyName ? (
          <>
            {keyName} <span className={`${styles.mono} ${styles.muted}`}>{keyRef}</span>
          </>
        ) : (
          <span className={styles.mono}>{keyRef}</span>
        )}
      </td>
      <td>
        {entry.fingerprint === null ? (
          <span className={styles.muted}>—</span>
        ) : (
          <span className={styles.mono}>{entry.fingerprint}</span>
        )}
      </td>
      <td className={styles.via}>{viaLabel(entry)}</td>
    </tr>
  )
}

/** Reads the next page when the end of the list scrolls into view; the button does it by hand. */
function useLoadOnScroll(more: () => Promise<void>, enabled: boolean) {
  const sentinel = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const element = sentinel.current
    if (!enabled || !element || typeof IntersectionObserver === 'undefined') return
    const observer = new IntersectionObserver((seen) => {
      if (seen.some((item) => item.isIntersecting)) void more()
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [more, enabled])
  return sentinel
}

function EntryTable() {
  const entries = useAuditStore((state) => state.entries)
  const next = useAuditStore((state) => state.next)
  const loadingMore = useAuditStore((state) => state.loadingMore)
  const more = useAuditStore((state) => state.more)
  const connections = useConnectionsStore((state) => state.connections)
  const byId = new Map(connections.map((connection) => [connection.id, connection]))
  const sentinel = useLoadOnScroll(more, next !== undefined)
  return (
    <>
      {/* Scrolls sideways on a narrow window, so the keyboard can reach it (axe: scrollable region). */}
      <div className={styles.tableWrap} role="region" aria-label="Audit entries" tabIndex={0}>
        <table className={styles.table} aria-label="Audit entries, newest first">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
              <th scope="col">Connection</th>
              <th scope="col">Key</th>
              <th scope="col">Fingerprint</th>
              <th scope="col">Via</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <EntryRow key={entry.seq} entry={entry} byId={byId} />
            ))}
          </tbody>
        </table>
      </div>
      <div className={styles.pager} ref={sentinel}>
        <span className={styles.muted}>
          {formatCount(entries.length)} {entries.length === 1 ? 'entry' : 'entries'} shown
          {next === undefined ? ', the oldest included' : ''}
        </span>
        {next !== undefined ? (
          <Button size="sm" busy={loadingMore} onClick={() => void more()}>
            Load more
          </Button>
        ) : null}
      </div>
    </>
  )
}

function Exports() {
  const entries = useAuditStore((state) => state.entries)
  const connections = useConnectionsStore((state) => state.connections)
  const name = (id: string) => connections.find((connection) => connection.id === id)?.name
  const reason = !canDownload()
    ? 'This window cannot save files'
    : entries.length === 0
      ? 'No entries shown'
      : undefined
  return (
    <div className={styles.actions}>
      <Button
        size="sm"
        icon="download"
        disabledReason={reason}
        title="Save the entries shown as CSV"
        onClick={() => {
          const now = Date.now()
          downloadText(auditFileName(now, 'csv'), auditCsv(entries, name), 'text/csv')
        }}
      >
        Export CSV
      </Button>
      <Button
        size="sm"
        icon="download"
        disabledReason={reason}
        title="Save the entries shown as JSON"
        onClick={() => {
          const now = Date.now()
          downloadText(
            auditFileName(now, 'json'),
            auditJson(entries, name, now),
            'application/json'
          )
        }}
      >
        Export JSON
      </Button>
    </div>
  )
}

export function AuditScreen() {
  const phase = useAuditStore((state) => state.phase)
  const error = useAuditStore((state) => state.error)
  const entries = useAuditStore((state) => state.entries)
  const filter = useAuditStore((state) => state.filter)
  const load = useAuditStore((state) => state.load)
  const verify = useAuditStore((state) => state.verify)
  const reset = useAuditStore((state) => state.resetFilter)

  useEffect(() => {
    void load()
    void verify()
  }, [load, verify])

  const filtered = JSON.stringify(filter) !== JSON.stringify(emptyAuditFilter)
  let body
  if (phase === 'failed') {
    body = (
      <Notice tone="danger" role="alert">
        Could not read the audit log: {error?.message}
      </Notice>
    )
  } else if (entries.length === 0 && (phase === 'loading' || phase === 'idle')) {
    body = (
      <p className={styles.loading} role="status">
        <Icon name="spinner" size={14} /> Reading the audit log…
      </p>
    )
  } else if (entries.length === 0) {
    body = filtered ? (
      <EmptyState
        icon="search"
        title="No entry matches these filters"
        text={['Widen the time range or clear a filter.']}
        actions={
          <Button size="sm" onClick={reset}>
            Clear filters
          </Button>
        }
      />
    ) : (
      <EmptyState
        icon="audit"
        title="The audit log is empty"
        text={['Every unlock, sync, copy and change made through Hubkeys is recorded here.']}
      />
    )
  } else {
    body = <EntryTable />
  }

  return (
    <div className={styles.page}>
      <div className={styles.toolbar}>
        <div className={styles.intro}>
          <span className={styles.lead}>Every action taken through Hubkeys</span>
          <ChainStatus />
        </div>
        <Exports />
      </div>
      <Filters />
      {body}
    </div>
  )
}
