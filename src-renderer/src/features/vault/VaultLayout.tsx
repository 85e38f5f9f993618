// The full-window frame of the vault screens (first run, unlock): logo, one centred card, instance footer; renderer.
import { useEffect, type ReactNode } from 'react'
import { useAppStore } from '../../app/app.store'
import { Badge } from '../../ui/Badge'
import { Icon } from '../../ui/Icon'
import { LogoMark } from '../../ui/LogoMark'
import styles from './VaultLayout.module.css'

/** Version, mode and data folder, so people know which instance and which folder they unlock. */
function InstanceFooter() {
  const info = useAppStore((state) => state.info)
  const status = useAppStore((state) => state.status)
  return (
    <footer className={styles.footer} aria-label="About this instance">
      {info ? (
        <>
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
          <span className={styles.path} title={`Data folder: ${info.dataDir}`}>
            <Icon name="folder" size={12} />
            <span className={styles.pathText}>{info.dataDir}</span>
          </span>
        </>
      ) : (
        <span className={styles.version}>{status === 'failed' ? 'Not connected' : ''}</span>
      )}
    </footer>
  )
}

interface VaultLayoutProps {
  /** The window title, before " · Hubkeys". */
  title: string
  /** The card's content; none while the vault status is still being read. */
  children?: ReactNode
  /** Content shown as is, without the card (an error panel). */
  bare?: boolean
}

export function VaultLayout({ title, children, bare = false }: VaultLayoutProps) {
  useEffect(() => {
    document.title = `${title} · Hubkeys`
  }, [title])
  return (
    <div className={styles.page}>
      <main className={styles.center}>
        <div className={styles.brand}>
          <LogoMark size={40} />
          <span className={styles.product}>Hubkeys</span>
        </div>
        {children === undefined ? null : bare ? (
          <div className={styles.bare}>{children}</div>
        ) : (
          <section className={styles.card}>{children}</section>
        )}
      </main>
      <InstanceFooter />
    </div>
  )
}
