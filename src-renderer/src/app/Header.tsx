// The header above every screen: its title and the global search (disabled until keys exist); renderer.
import { Icon } from '../ui/Icon'
import styles from './Frame.module.css'

export function Header({ title }: { title: string }) {
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
      </div>
    </header>
  )
}
