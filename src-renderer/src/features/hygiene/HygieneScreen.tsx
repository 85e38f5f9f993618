// The Hygiene screen: a card per check (expiring, expired, unused, unrestricted, too old) opening the filtered table, the next expiries, and the .ics export; renderer.
import { useEffect, useState } from 'react'
import type {
  HygieneCheckId,
  HygieneItem,
  KeyRow
} from '../../../../src-main/contract/inventory.contract'
import { useAppStore } from '../../app/app.store'
import { ConnectionDot, EnvironmentBadge } from '../connections/ConnectionDot'
import { useConnectionsStore } from '../connections/connections.store'
import { useNow } from '../connections/use-now'
import { useHygieneStore } from './hygiene.store'
import { canDownload, downloadText } from './text-download'
import { PolicyPanel } from '../policy/PolicyPanel'
import {
  absoluteTime,
  expiryUrgency,
  formatCount,
  keysCount,
  relativeTime
} from '../keys/key-format'
import { useKeysStore } from '../keys/keys.store'
import { CacheLine } from '../connections/CacheLine'
import { Button } from '../../ui/Button'
import { Select, type SelectOption } from '../../ui/Select'
import { Dialog } from '../../ui/Dialog'
import { Icon, type IconName } from '../../ui/Icon'
import { Notice } from '../../ui/Notice'
import styles from './HygieneScreen.module.css'

interface CheckLook {
  icon: IconName
  /** What to do about the keys counted, in a few words. */
  advice: string
  /** How loud a non-zero count is. */
  tone: 'danger' | 'warn' | 'info'
}

const looks: Record<HygieneCheckId, CheckLook> = {
  'expiring-1d': { icon: 'hourglass', advice: 'Rotate these today.', tone: 'danger' },
  'expiring-7d': { icon: 'hourglass', advice: 'Rotate these this week.', tone: 'warn' },
  'expiring-30d': { icon: 'calendar', advice: 'Plan their rotation.', tone: 'info' },
  expired: { icon: 'calendar-x', advice: 'Still listed by their hub.', tone: 'danger' },
  'unused-90d': { icon: 'activity', advice: 'Candidates for removal.', tone: 'warn' },
  'no-ip-restriction': { icon: 'lock-open', advice: 'Usable from any address.', tone: 'warn' },
  'allow-all-prod': {
    icon: 'globe',
    advice: 'Production keys open to every address.',
    tone: 'danger'
  },
  'older-than-max-age': { icon: 'history', advice: 'Due for rotation by age.', tone: 'warn' },
  'missing-at-hub': {
    icon: 'cloud-off',
    advice: 'Gone from the hub; values kept until you forget them.',
    tone: 'warn'
  }
}

const groups: { title: string; ids: HygieneCheckId[] }[] = [
  { title: 'Expiry', ids: ['expiring-1d', 'expiring-7d', 'expiring-30d', 'expired'] },
  {
    title: 'Exposure and use',
    ids: ['allow-all-prod', 'no-ip-restriction', 'unused-90d', 'older-than-max-age']
  },
  { title: 'At the hubs', ids: ['missing-at-hub'] }
]

function CheckCard({ item, onOpen }: { item: HygieneItem; onOpen(item: HygieneItem): void }) {
  const look = looks[item.id]
  const clean = item.count === 0
  return (
    <button
      type="button"
      className={`${styles.card} ${clean ? styles.clean : styles[look.tone]}`}
      onClick={() => onOpen(item)}
      title="Show these keys"
      data-check={item.id}
    >
      <span className={styles.cardTop}>
        <Icon name={look.icon} size={16} className={styles.cardIcon} />
        <span className={styles.cardLabel}>{item.label}</span>
        <Icon name="arrow-right" size={14} className={styles.cardArrow} />
      </span>
      <span className={styles.cardCount}>{formatCount(item.count)}</span>
      <span className={styles.cardAdvice}>{clean ? 'Nothing to do.' : look.advice}</span>
    </button>
  )
}

function Upcoming({ onOpen }: { onOpen(row: KeyRow): void }) {
  const upcoming = useHygieneStore((state) => state.upcoming)
  const total = useHygieneStore(
    (state) => state.summary?.items.find((item) => item.id === 'expiring-30d')?.count ?? 0
  )
  const clock = useConnectionsStore((state) => state.now)
  const now = useNow(clock)
  return (
    <section className={styles.panel} aria-labelledby="hygiene-upcoming">
      <header className={styles.panelHeader}>
        <h2 id="hygiene-upcoming" className={styles.panelTitle}>
          Next to expire
        </h2>
        <span className={styles.panelMeta}>
          {total > upcoming.length
            ? `${upcoming.length} of ${formatCount(total)} within 30 days`
            : `${keysCount(total)} within 30 days`}
        </span>
      </header>
      {upcoming.length === 0 ? (
        <p className={styles.panelEmpty}>No key expires within 30 days.</p>
      ) : (
        <ul className={styles.upcoming}>
          {upcoming.map((row) => {
            const urgency = row.expiresAt === null ? 'none' : expiryUrgency(row.expiresAt, now)
            return (
              <li key={row.id}>
                <button
                  type="button"
                  className={`${styles.upcomingRow} ${row.environment === 'prod' ? styles.prodRow : ''}`}
                  onClick={() => onOpen(row)}
                >
                  <ConnectionDot colour={row.colour} size="sm" />
                  <span className={styles.upcomingName}>{row.name || row.hubKeyId}</span>
                  <span className={styles.upcomingConnection}>{row.connectionName}</span>
                  <EnvironmentBadge environment={row.environment} />
                  <span
                    className={`${styles.upcomingWhen} ${urgency === 'soon' ? styles.soon : ''}`}
                    title={row.expiresAt === null ? undefined : absoluteTime(row.expiresAt)}
                  >
                    {row.expiresAt === null ? '—' : relativeTime(row.expiresAt, now)}
                  </span>
                </button>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}

/** Shown when this window cannot start a download: the calendar as text, with a copy button. */
function CalendarText({
  fileName,
  content,
  onClose
}: {
  fileName: string
  content: string
  onClose(): void
}) {
  const [copied, setCopied] = useState<'yes' | 'failed'>()
  return (
    <Dialog
      title="Upcoming expiries (.ics)"
      description={`Save this text as ${fileName} and open it with your calendar.`}
      onClose={onClose}
      footer={
        <>
          {copied === 'yes' ? <span className={styles.copied}>Copied</span> : null}
          {copied === 'failed' ? (
            <span className={styles.copyFailed}>Copying was refused; select the text instead.</span>
          ) : null}
          <span className={styles.grow} />
          <Button
            icon="copy"
            onClick={() =>
              void navigator.clipboard
                ?.writeText(content)
                .then(() => setCopied('yes'))
                .catch(() => setCopied('failed'))
            }
          >
            Copy
          </Button>
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        </>
      }
    >
      <textarea
        className={styles.icsText}
        readOnly
        value={content}
        rows={14}
        aria-label="Calendar text"
      />
    </Dialog>
  )
}

/** How far ahead the .ics export reaches; a year by default, as before the choice existed. */
type CalendarRange = 30 | 90 | 365
const calendarRanges: readonly SelectOption<CalendarRange>[] = [
  { value: 30, label: 'Next 30 days' },
  { value: 90, label: 'Next 90 days' },
  { value: 365, label: 'Next 365 days' }
]

function ExportButton() {
  const calendar = useHygieneStore((state) => state.calendar)
  const [range, setRange] = useState<CalendarRange>(365)
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<{ tone: 'ok' | 'danger' | 'neutral'; text: string }>()
  const [text, setText] = useState<{ fileName: string; content: string }>()

  const run = async () => {
    setBusy(true)
    setOutcome(undefined)
    const result = await calendar(range)
    setBusy(false)
    if (!result.ok) {
      setOutcome({ tone: 'danger', text: result.error.message })
      return
    }
    const { fileName, content, events, truncated } = result.value
    if (events === 0) {
      setOutcome({
        tone: 'neutral',
        text: `No key expires within the next ${range} days; there is nothing to export.`
      })
      return
    }
    const note = truncated ? ' (the soonest; more expire than one file holds)' : ''
    if (canDownload()) {
      downloadText(fileName, content, 'text/calendar')
      setOutcome({ tone: 'ok', text: `${fileName}: ${keysCount(events)}${note}.` })
    } else {
      setText({ fileName, content })
    }
  }

  return (
    <>
      {outcome ? (
        <span className={`${styles.outcome} ${styles[`outcome-${outcome.tone}`]}`} role="status">
          {outcome.text}
        </span>
      ) : null}
      <Select<CalendarRange>
        aria-label="Expiries to export"
        value={range}
        options={calendarRanges}
        onChange={setRange}
      />
      <Button icon="download" busy={busy} onClick={() => void run()}>
        Export upcoming expiries (.ics)
      </Button>
      {text ? <CalendarText {...text} onClose={() => setText(undefined)} /> : null}
    </>
  )
}

export function HygieneScreen() {
  const phase = useHygieneStore((state) => state.phase)
  const summary = useHygieneStore((state) => state.summary)
  const error = useHygieneStore((state) => state.error)
  const load = useHygieneStore((state) => state.load)
  const applyQuery = useKeysStore((state) => state.applyQuery)
  const openDetail = useKeysStore((state) => state.openDetail)
  const go = useAppStore((state) => state.go)

  useEffect(() => {
    void load()
  }, [load])

  const open = (item: HygieneItem) => {
    applyQuery(item.query)
    go('keys')
  }
  const openKey = (row: KeyRow) => {
    const item = summary?.items.find((entry) => entry.id === 'expiring-30d')
    if (item) applyQuery(item.query)
    openDetail(row.id)
    go('keys')
  }

  const byId = new Map(summary?.items.map((item) => [item.id, item]))
  const attention = summary?.items.filter((item) => item.count > 0).length ?? 0

  return (
    <div className={styles.page}>
      <div className={styles.toolbar}>
        <div className={styles.intro}>
          <p className={styles.lead}>
            {summary
              ? attention === 0
                ? 'Every check is clear.'
                : `${attention} of ${summary.items.length} checks need attention.`
              : phase === 'failed'
                ? 'The checks could not be read.'
                : 'Reading the cache…'}
          </p>
          {summary ? (
            <p className={styles.sub}>
              <span title={`Counted at ${absoluteTime(summary.at)}`}>
                Counted from the local cache · maximum key age {summary.maxAgeDays} days
              </span>
              <CacheLine />
            </p>
          ) : null}
        </div>
        <div className={styles.actions}>
          <ExportButton />
          <Button
            icon="retry"
            variant="ghost"
            aria-label="Check again"
            title="Check again"
            busy={phase === 'loading'}
            onClick={() => void load()}
          />
        </div>
      </div>

      {error ? (
        <Notice tone="danger" role="alert">
          Could not read the hygiene checks: {error.message}
        </Notice>
      ) : null}

      {summary
        ? groups.map((group) => (
            <section key={group.title} aria-label={group.title} className={styles.group}>
              <h2 className={styles.groupTitle}>{group.title}</h2>
              <div className={styles.cards}>
                {group.ids.flatMap((id) => {
                  const item = byId.get(id)
                  return item ? [<CheckCard key={id} item={item} onOpen={open} />] : []
                })}
              </div>
            </section>
          ))
        : null}

      {summary ? <Upcoming onOpen={openKey} /> : null}

      <PolicyPanel
        onOpenKey={(key) => {
          openDetail(key.keyId)
          go('keys')
        }}
      />
    </div>
  )
}
