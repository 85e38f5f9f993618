// The key detail side panel: whether the key is missing at its hub or deleted (and forgetting it), every cached field of one key, what looked odd, its local notes and tags, and its drift history; renderer.
import { useEffect, useRef, type ReactNode } from 'react'
import type { KeyDetail } from '../../../../src-main/contract/inventory.contract'
import type { DriftEntry } from '../../../../src-main/contract/sync.contract'
import { ConnectionDot, EnvironmentBadge } from '../connections/ConnectionDot'
import { cacheAgeNow, useConnectionsStore } from '../connections/connections.store'
import { syncLine } from '../connections/sync-text'
import { useNow } from '../connections/use-now'
import {
  absoluteTime,
  driftLabels,
  driftValue,
  expiryUrgency,
  formatCount,
  ipSummary,
  kindLabel,
  relativeTime,
  statusLabel,
  statusTone
} from './key-format'
import { KeyActivity } from '../audit/KeyActivity'
import { KeySecretActions } from '../key-secret/KeySecretActions'
import { EditIpRules } from '../ip-filter/EditIpRules'
import { EditHeadersAction } from '../header-editor/EditHeadersAction'
import { KeyActions } from '../key-actions/KeyActions'
import { KeyUsageSection } from '../usage/KeyUsageSection'
import { KeyGoneNotice } from './KeyGoneNotice'
import { KeyPolicyFindings } from '../policy/PolicyMarker'
import { focusKeyTable } from './key-table-focus'
import { useKeysStore, useKeysStoreApi } from './keys.store'
import { Badge } from '../../ui/Badge'
import { Button } from '../../ui/Button'
import { Icon } from '../../ui/Icon'
import { Notice } from '../../ui/Notice'
import { RotateKey } from '../rotation/RotateKey'
import styles from './KeyDetailPanel.module.css'

function Fact({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={`${styles.fact} ${wide ? styles.wide : ''}`}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

const muted = (text: string) => <span className={styles.muted}>{text}</span>

function Time({ at, now, empty }: { at: number | null; now: number; empty: string }) {
  if (at === null) return muted(empty)
  return (
    <span title={absoluteTime(at)}>
      {relativeTime(at, now)} <span className={styles.muted}>· {absoluteTime(at)}</span>
    </span>
  )
}

function Facts({ detail, now }: { detail: KeyDetail; now: number }) {
  const urgency = expiryUrgency(detail.expiresAt, now)
  return (
    <dl className={styles.facts}>
      <Fact label="Key ID" wide>
        <span className={styles.mono}>{detail.hubKeyId}</span>
      </Fact>
      <Fact label="Hub">{kindLabel(detail.kind)}</Fact>
      <Fact label="Tenant">{detail.tenant || muted('—')}</Fact>
      <Fact label="Role">
        {detail.role ? (
          <span title={`Role id ${detail.role}`}>{detail.roleName ?? detail.role}</span>
        ) : (
          muted('No role')
        )}
      </Fact>
      <Fact label="Status">
        <Badge tone={statusTone(detail.status)} dot>
          {statusLabel(detail.status)}
        </Badge>
      </Fact>
      <Fact label="Expires" wide>
        <span className={urgency === 'expired' || urgency === 'soon' ? styles.alert : undefined}>
          <Time at={detail.expiresAt} now={now} empty="Never" />
        </span>
      </Fact>
      <Fact label="Last used" wide>
        <Time at={detail.lastUsedAt} now={now} empty="Never, as far as the hub says" />
      </Fact>
      <Fact label="Created" wide>
        <Time at={detail.createdAt} now={now} empty="Unknown" />
      </Fact>
      <Fact label="Requests, 7 days">
        {detail.usage7d === null ? muted('Not reported') : formatCount(detail.usage7d)}
      </Fact>
      <Fact label="Requests, 30 days">
        {detail.usage30d === null ? muted('Not reported') : formatCount(detail.usage30d)}
      </Fact>
      <Fact label="Scopes" wide>
        {detail.scopes.length === 0 ? (
          muted('None')
        ) : (
          <span className={styles.pills}>
            {detail.scopes.map((scope) => (
              <span key={scope} className={styles.pill}>
                {scope}
              </span>
            ))}
          </span>
        )}
      </Fact>
      <Fact label="Fingerprint">
        {detail.fingerprint ? (
          <span className={styles.mono}>{detail.fingerprint}</span>
        ) : (
          muted('Not seen')
        )}
      </Fact>
      <Fact label="Value in vault">
        {detail.hasSecret ? 'Held (encrypted)' : muted('Not held')}
      </Fact>
      <Fact label="Read from hub" wide>
        <Time at={detail.syncedAt} now={now} empty="Never" />
      </Fact>
    </dl>
  )
}

function Access({ detail }: { detail: KeyDetail }) {
  const ip = ipSummary(detail)
  return (
    <section className={styles.section} aria-labelledby="key-access">
      <h3 id="key-access" className={styles.sectionTitle}>
        Access
      </h3>
      <div className={styles.subhead}>
        <span>IP rules</span>
        <span className={ip.tone === 'neutral' ? styles.muted : styles[ip.tone]}>{ip.text}</span>
      </div>
      {detail.ipRules && detail.ipRules.length > 0 ? (
        <ul className={styles.codeList}>
          {detail.ipRules.map((rule, index) => (
            <li key={`${rule}-${index}`} className={styles.mono}>
              {rule}
            </li>
          ))}
        </ul>
      ) : (
        <p className={styles.muted}>{ip.title}</p>
      )}
      {detail.headers.length > 0 ? (
        <>
          <div className={styles.subhead}>
            <span>Response headers</span>
            <span className={styles.muted}>{detail.headers.length}</span>
          </div>
          <ul className={styles.codeList}>
            {detail.headers.map((header, index) => (
              <li key={`${header.name}-${index}`} className={header.enabled ? '' : styles.off}>
                <span className={styles.mono}>{header.name}</span>
                <span className={styles.muted}>: </span>
                <span className={styles.mono}>{header.value}</span>
                {header.enabled ? null : <span className={styles.muted}> (not sent)</span>}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}

function Local({ detail }: { detail: KeyDetail }) {
  return (
    <section className={styles.section} aria-labelledby="key-local">
      <h3 id="key-local" className={styles.sectionTitle}>
        In Hubkeys
        <span className={styles.sectionHint}>kept across syncs</span>
      </h3>
      <dl className={styles.facts}>
        <Fact label="Owner">
          {detail.owner === null ? (
            muted('Not set')
          ) : detail.ownerName ? (
            <span title={detail.owner}>API key {detail.ownerName}</span>
          ) : (
            detail.owner
          )}
        </Fact>
        <Fact label="Tags">
          {detail.tags.length === 0 ? (
            muted('None')
          ) : (
            <span className={styles.pills}>
              {detail.tags.map((tag) => (
                <span key={tag} className={styles.pill}>
                  {tag}
                </span>
              ))}
            </span>
          )}
        </Fact>
        <Fact label="Notes" wide>
          {detail.notes ? <p className={styles.notes}>{detail.notes}</p> : muted('None')}
        </Fact>
      </dl>
    </section>
  )
}

function HistoryEntry({ entry, now }: { entry: DriftEntry; now: number }) {
  const single = entry.change === 'added' || entry.change === 'removed'
  return (
    <li className={`${styles.entry} ${styles[`change-${entry.change}`] ?? ''}`}>
      <span className={styles.entryDot} aria-hidden />
      <div className={styles.entryBody}>
        <div className={styles.entryHead}>
          <span className={styles.entryLabel}>{driftLabels[entry.change]}</span>
          <span className={styles.entryTime} title={absoluteTime(entry.at)}>
            {relativeTime(entry.at, now)}
          </span>
        </div>
        {single ? (
          <div className={styles.entryValues}>
            <span>{driftValue(entry.change, entry.after ?? entry.before)}</span>
          </div>
        ) : (
          <div className={styles.entryValues}>
            <span className={styles.before}>{driftValue(entry.change, entry.before)}</span>
            <Icon name="arrow-right" size={12} className={styles.arrow} label="changed to" />
            <span className={styles.after}>{driftValue(entry.change, entry.after)}</span>
          </div>
        )}
      </div>
    </li>
  )
}

function History({ now }: { now: number }) {
  const history = useKeysStore((state) => state.detail?.history ?? [])
  const phase = useKeysStore((state) => state.detail?.historyPhase)
  const error = useKeysStore((state) => state.detail?.historyError)
  const next = useKeysStore((state) => state.detail?.historyNext)
  const more = useKeysStore((state) => state.moreHistory)
  return (
    <section className={styles.section} aria-labelledby="key-history">
      <h3 id="key-history" className={styles.sectionTitle}>
        History
        <span className={styles.sectionHint}>changes seen between syncs</span>
      </h3>
      {phase === 'failed' && history.length === 0 ? (
        <Notice tone="danger">Could not read the history: {error?.message}</Notice>
      ) : history.length === 0 ? (
        <p className={styles.muted}>
          {phase === 'loading'
            ? 'Loading…'
            : 'No changes recorded since Hubkeys first saw this key.'}
        </p>
      ) : (
        <ol className={styles.timeline} aria-label="Changes, newest first">
          {history.map((entry) => (
            <HistoryEntry key={entry.seq} entry={entry} now={now} />
          ))}
        </ol>
      )}
      {next !== undefined ? (
        <div>
          <Button size="sm" variant="ghost" busy={phase === 'loading'} onClick={() => void more()}>
            Show older changes
          </Button>
        </div>
      ) : null}
    </section>
  )
}

export function KeyDetailPanel() {
  const detail = useKeysStore((state) => state.detail)
  const store = useKeysStoreApi()
  const wantsFocus = useKeysStore((state) => state.detailWantsFocus)
  const connectionStatus = useConnectionsStore((state) =>
    detail?.key ? state.status[detail.key.connectionId] : undefined
  )
  const statusReadAt = useConnectionsStore((state) => state.statusReadAt)
  const clock = useConnectionsStore((state) => state.now)
  const now = useNow(clock)
  const panel = useRef<HTMLElement>(null)
  const body = useRef<HTMLDivElement>(null)

  // A key opened on purpose (palette, table, search) takes the focus; one that follows the
  // table's selection does not, so the arrows keep moving through the rows.
  useEffect(() => {
    if (!wantsFocus) return
    body.current?.focus()
    store.getState().detailFocused()
  }, [wantsFocus, store])

  // Closing from inside the panel hands the focus back to the row the key was opened from.
  const close = () => {
    const id = store.getState().detail?.id
    const inside = panel.current?.contains(document.activeElement) ?? false
    store.getState().closeDetail()
    if (inside) focusKeyTable(store, { keyId: id })
  }

  if (!detail) return null
  const key = detail.key
  const cache = connectionStatus
    ? syncLine(connectionStatus, cacheAgeNow(connectionStatus, statusReadAt, now))
    : undefined

  return (
    <aside
      ref={panel}
      data-region="detail"
      className={`${styles.panel} ${key?.environment === 'prod' ? styles.prod : ''}`}
      aria-labelledby="key-detail-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation()
          close()
        }
      }}
    >
      <header className={styles.header}>
        <div className={styles.heading}>
          <h2 id="key-detail-title" className={styles.title}>
            {key
              ? key.name || '(no name)'
              : detail.phase === 'failed'
                ? 'Key not found'
                : 'Loading…'}
          </h2>
          {key ? (
            <div className={styles.identity}>
              <ConnectionDot colour={key.colour} size="sm" />
              <span className={styles.connectionName}>{key.connectionName}</span>
              <EnvironmentBadge environment={key.environment} />
            </div>
          ) : null}
        </div>
        <Button
          variant="ghost"
          size="sm"
          icon="x"
          aria-label="Close key details"
          title="Close (Esc)"
          className={styles.close}
          onClick={close}
        />
      </header>
      {key ? (
        // Each feature that acts on a key adds its control here, one line each.
        <div className={styles.actions} role="toolbar" aria-label="Key actions">
          <KeySecretActions keyDetail={key} />
          <EditIpRules keyDetail={key} />
          <EditHeadersAction keyDetail={key} />
          <KeyActions keyDetail={key} />
          <RotateKey detail={key} />
        </div>
      ) : null}
      {/* The scroll area takes focus so the keyboard can scroll it even when it holds no control. */}
      <div
        ref={body}
        className={styles.body}
        tabIndex={0}
        role="region"
        aria-label="Key details"
        data-region-start
      >
        {detail.phase === 'failed' ? (
          <Notice tone="danger" role="alert">
            {detail.error?.message ?? 'Hubkeys could not read this key.'}
          </Notice>
        ) : null}
        {key ? (
          <>
            {cache ? (
              <p className={styles.cache} title={cache.title}>
                <Icon name="clock" size={12} />
                <span>
                  Cache of {key.connectionName}: {cache.text.toLowerCase()}
                </span>
              </p>
            ) : null}
            <KeyGoneNotice keyDetail={key} now={now} />
            <KeyPolicyFindings detail={key} now={now} />
            {key.oddities.length > 0 ? (
              <section className={styles.oddities} aria-labelledby="key-oddities">
                <h3 id="key-oddities" className={styles.odditiesTitle}>
                  <Icon name="alert" size={12} />
                  What looked odd when the hub was read
                </h3>
                <ul>
                  {key.oddities.map((oddity, index) => (
                    <li key={index}>{oddity}</li>
                  ))}
                </ul>
              </section>
            ) : null}
            <section className={styles.section} aria-labelledby="key-facts">
              <h3 id="key-facts" className={styles.sectionTitle}>
                Key
              </h3>
              <Facts detail={key} now={now} />
            </section>
            <Access detail={key} />
            <KeyUsageSection detail={key} className={styles.section} />
            <Local detail={key} />
          </>
        ) : null}
        <History now={now} />
        <KeyActivity keyId={detail.id} className={styles.section} />
      </div>
    </aside>
  )
}
