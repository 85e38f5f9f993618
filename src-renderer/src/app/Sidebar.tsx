// The sidebar: logo, screen navigation, the connections with their cache age, and the instance status strip; renderer.
import { SidebarConnections } from '../features/connections/SidebarConnections'
import { Badge } from '../ui/Badge'
import { Icon } from '../ui/Icon'
import { LogoMark } from '../ui/LogoMark'
import { useAppStore } from './app.store'
import { screens, type ScreenSpec } from './screens'
import styles from './Sidebar.module.css'

const comingSoon = 'Coming soon'

function NavItem({ spec }: { spec: ScreenSpec }) {
  const current = useAppStore((state) => state.screen === spec.id)
  const go = useAppStore((state) => state.go)
  return (
    <li>
      <button
        type="button"
        className={styles.navItem}
        aria-current={current ? 'page' : undefined}
        aria-disabled={spec.available ? undefined : true}
        title={spec.available ? undefined : comingSoon}
        onClick={() => {
          if (spec.available) go(spec.id)
        }}
      >
        <Icon name={spec.id} className={styles.navIcon} />
        <span className={styles.navLabel}>{spec.title}</span>
        {spec.available ? null : <span className={styles.soon}>Soon</span>}
      </button>
    </li>
  )
}

function StatusStrip() {
  const status = useAppStore((state) => state.status)
  const info = useAppStore((state) => state.info)
  if (info) {
    return (
      <div className={styles.status}>
        <div className={styles.statusRow}>
          <span className={`${styles.statusDot} ${styles.ok}`} aria-hidden />
          <span data-testid="app-version" className={styles.version}>
            Version {info.version}
          </span>
          <Badge
            tone={info.mode === 'web' ? 'info' : 'neutral'}
            title={
              info.mode === 'web'
                ? 'Web mode: served on 127.0.0.1 to this browser tab'
                : 'Desktop app'
            }
          >
            {info.mode === 'web' ? 'Web' : 'Desktop'}
          </Badge>
        </div>
        <div className={styles.statusPath} title={`Data folder: ${info.dataDir}`}>
          <Icon name="folder" size={12} className={styles.pathIcon} />
          <span className={styles.pathText}>{info.dataDir}</span>
        </div>
      </div>
    )
  }
  return (
    <div className={styles.status}>
      <div className={styles.statusRow}>
        <span
          className={`${styles.statusDot} ${status === 'failed' ? styles.danger : styles.pending}`}
          aria-hidden
        />
        <span className={styles.version}>
          {status === 'failed' ? 'Not connected' : 'Connecting…'}
        </span>
      </div>
    </div>
  )
}

export function Sidebar() {
  return (
    <aside className={styles.sidebar} data-region="sidebar">
      <div className={styles.brand}>
        <LogoMark size={22} />
        <span className={styles.brandName}>Hubkeys</span>
      </div>

      <nav aria-label="Screens" className={styles.nav}>
        <ul className={styles.navList}>
          {screens
            .filter((spec) => spec.place === 'main')
            .map((spec) => (
              <NavItem key={spec.id} spec={spec} />
            ))}
        </ul>
      </nav>

      <SidebarConnections />

      <div className={styles.grow} />

      <nav aria-label="App" className={styles.nav}>
        <ul className={styles.navList}>
          {screens
            .filter((spec) => spec.place === 'bottom')
            .map((spec) => (
              <NavItem key={spec.id} spec={spec} />
            ))}
        </ul>
      </nav>

      <footer className={styles.footer} aria-label="About this instance">
        <StatusStrip />
      </footer>
    </aside>
  )
}
