// The header above every screen: its title, the global search (disabled until keys exist) and the lock button; renderer.
import { Button } from '../ui/Button'
import { Icon } from '../ui/Icon'
import { useVaultStore } from '../vault/vault.store'
import { useAppStore } from './app.store'
import styles from './Frame.module.css'

export function Header({ title }: { title: string }) {
  const lock = useVaultStore((state) => state.lock)
  // Main reports its platform; in web mode that is the machine this browser runs on too.
  const mac = useAppStore((state) => state.info?.platform === 'darwin')
  const shortcut = mac ? '⌘L' : 'Ctrl+L'
  return (
    <header className={styles.header}>
      <h1 className={styles.title}>{title}</h1>
      <div className={styles.headerTools}>
        <label className={styles.search} title="Search arrives with the key inventory.">
          <Icon name="search" size={14} className={styles.searchIcon} />
          <span className="visually-hidden">Search keys across hubs</span>
          <input
            className={styles.searchInput}
            type="search"
            placeholder="Search keys across hubs"
            disabled
          />
        </label>
        <Button
          variant="ghost"
          icon="lock"
          className={styles.lockButton}
          aria-label="Lock"
          aria-keyshortcuts="Control+L Meta+L"
          title={`Lock (${shortcut})`}
          onClick={() => void lock()}
        />
      </div>
    </header>
  )
}
