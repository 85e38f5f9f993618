// The home screen: the connections (or how to add the first), what this instance is (app:info) and which screens are coming; renderer.
import { useAppStore } from '../../app/app.store'
import { screens } from '../../app/screens'
import { ConnectionSummary } from '../connections/ConnectionSummary'
import { useConnectionsStore } from '../connections/connections.store'
import { Badge } from '../../ui/Badge'
import { Button } from '../../ui/Button'
import { EmptyState } from '../../ui/EmptyState'
import { Icon } from '../../ui/Icon'
import styles from './OverviewScreen.module.css'

const hubKinds =
  'Cycle hubs, Delphix DCT servers, Optidash accounts, SAWS Owl Data Hubs and BSC DM-Hub profiles'

function InstanceFacts() {
  const info = useAppStore((state) => state.info)
  const rows: [string, string | undefined, boolean][] = [
    ['Version', info?.version, true],
    [
      'Mode',
      info && (info.mode === 'web' ? 'Web (this browser, served on 127.0.0.1)' : 'Desktop'),
      false
    ],
    ['Data folder', info?.dataDir, true],
    ['Platform', info?.platform, true]
  ]
  return (
    <dl className={styles.facts} aria-busy={!info}>
      {rows.map(([label, value, mono]) => (
        <div key={label} className={styles.fact}>
          <dt className={styles.factLabel}>{label}</dt>
          <dd className={`${styles.factValue} ${mono ? 'mono' : ''}`}>
            {value ?? <span className={styles.placeholder}>Loading…</span>}
          </dd>
        </div>
      ))}
    </dl>
  )
}

function NoConnections() {
  const openAdd = useConnectionsStore((state) => state.openAdd)
  return (
    <EmptyState
      icon="plug"
      title="No connections yet"
      text={[
        <>
          Hubkeys lists every API key on your {hubKinds}, and keeps an encrypted copy so you can
          review them offline.
        </>,
        <>
          Each connection is tagged <Badge tone="prod">prod</Badge>{' '}
          <Badge tone="staging">staging</Badge> or <Badge tone="dev">dev</Badge>, so production
          stands out on every screen.
        </>
      ]}
      actions={
        <Button variant="primary" icon="plus" onClick={openAdd}>
          Add connection
        </Button>
      }
    />
  )
}

/** The table once connections exist, the invitation once the list is known to be empty. */
function Connections() {
  const count = useConnectionsStore((state) => state.connections.length)
  const known = useConnectionsStore((state) => state.phase === 'ready' || state.phase === 'failed')
  if (count > 0) return <ConnectionSummary />
  // Nothing until the list is read: the invitation must not flash before a table.
  return known ? <NoConnections /> : null
}

export function OverviewScreen() {
  const upcoming = screens.filter((screen) => !screen.available)
  return (
    <div className={styles.page}>
      <Connections />

      <div className={styles.grid}>
        <section className={styles.panel} aria-labelledby="overview-instance">
          <header className={styles.panelHeader}>
            <h2 id="overview-instance" className={styles.panelTitle}>
              This instance
            </h2>
          </header>
          <InstanceFacts />
        </section>

        <section className={styles.panel} aria-labelledby="overview-screens">
          <header className={styles.panelHeader}>
            <h2 id="overview-screens" className={styles.panelTitle}>
              Coming next
            </h2>
            <span className={styles.panelMeta}>
              {upcoming.length === 1 ? '1 screen' : `${upcoming.length} screens`}
            </span>
          </header>
          <ul className={styles.screenList}>
            {upcoming.map((screen) => (
              <li key={screen.id} className={styles.screenRow}>
                <Icon name={screen.id} className={styles.screenIcon} />
                <div className={styles.screenText}>
                  <span className={styles.screenName}>{screen.title}</span>
                  <span className={styles.screenSummary}>{screen.summary}</span>
                </div>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  )
}
