// The header above every screen: its title, the key search across hubs (Ctrl/Cmd+K) and the lock button; renderer.
import { useEffect, useState } from 'react'
import { maxSearchLength } from '../../../src-main/contract/inventory.contract'
import { focusKeyTable } from '../features/keys/key-table-focus'
import { useKeysStore, useKeysStoreApi } from '../features/keys/keys.store'
import { Button } from '../ui/Button'
import { Icon } from '../ui/Icon'
import { useVaultStore } from '../features/vault/vault.store'
import { useAppStore } from './app.store'
import { searchInputId } from './use-shortcuts'
import styles from './Frame.module.css'

/** Typing pauses this long before the table asks again: one query per burst, not per key. */
const searchDelayMs = 150

function SearchBox({ mac }: { mac: boolean }) {
  const search = useKeysStore((state) => state.query.search)
  const setSearch = useKeysStore((state) => state.setSearch)
  const keys = useKeysStoreApi()
  const onKeys = useAppStore((state) => state.screen === 'keys')
  const go = useAppStore((state) => state.go)
  const [text, setText] = useState(search)
  const [seen, setSeen] = useState(search)
  // The search can change elsewhere (a chip cleared, a saved filter applied): show that.
  if (search !== seen) {
    setSeen(search)
    setText(search)
  }

  // Filter words (`missing`, `status:missing`, ...) leave the box and become chips.
  const submit = (value: string, typing: boolean) => {
    const rest = setSearch(value, typing)
    if (rest !== value) setText(rest)
  }

  useEffect(() => {
    if (text === search) return
    const timer = setTimeout(() => {
      const rest = setSearch(text, true)
      if (rest !== text) setText(rest)
    }, searchDelayMs)
    return () => clearTimeout(timer)
  }, [text, search, setSearch])

  const shortcut = mac ? '⌘K' : 'Ctrl K'
  return (
    <label className={styles.search} title={`Search keys across hubs (${mac ? '⌘K' : 'Ctrl+K'})`}>
      <Icon name="search" size={14} className={styles.searchIcon} />
      <span className="visually-hidden">Search keys across hubs</span>
      <input
        id={searchInputId}
        className={styles.searchInput}
        type="search"
        placeholder="Search keys across hubs"
        value={text}
        maxLength={maxSearchLength}
        spellCheck={false}
        autoComplete="off"
        aria-keyshortcuts="Control+K Meta+K"
        onChange={(event) => {
          setText(event.target.value)
          if (!onKeys) go('keys')
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            submit(text, false)
            if (!onKeys) go('keys')
          } else if (event.key === 'Escape' && text !== '') {
            event.preventDefault()
            setText('')
            setSearch('')
          } else if (event.key === 'ArrowDown' && onKeys) {
            // From the search straight onto the first result.
            event.preventDefault()
            submit(text, false)
            focusKeyTable(keys, { index: 0 })
          }
        }}
      />
      {text === '' ? (
        <kbd className={styles.searchKbd} aria-hidden>
          {shortcut}
        </kbd>
      ) : null}
    </label>
  )
}

/** The screen's heading: focus lands on it when the person moves to another screen. */
export const screenHeadingId = 'screen-heading'

export function Header({ title }: { title: string }) {
  const lock = useVaultStore((state) => state.lock)
  // Main reports its platform; in web mode that is the machine this browser runs on too.
  const mac = useAppStore((state) => state.info?.platform === 'darwin')
  const shortcut = mac ? '⌘L' : 'Ctrl+L'
  return (
    <header className={styles.header} data-region="header">
      <h1 id={screenHeadingId} className={styles.title} tabIndex={-1}>
        {title}
      </h1>
      <div className={styles.headerTools}>
        <SearchBox mac={mac} />
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
