// The command palette (Ctrl/Cmd+P): jump to a screen, a connection's keys or a key's details, or run a common action; renderer.
import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode
} from 'react'
import { createPortal } from 'react-dom'
import { useAppStore } from '../../app/app.store'
import { screens } from '../../app/screens'
import { ConnectionDot, EnvironmentBadge } from '../connections/ConnectionDot'
import { offlineReason, useConnectionsStore } from '../connections/connections.store'
import { kindLabel } from '../keys/key-format'
import { useKeysStore } from '../keys/keys.store'
import { useKeyCreateStore } from '../key-create/key-create.store'
import { Icon, type IconName } from '../../ui/Icon'
import { useVaultStore } from '../vault/vault.store'
import { usePaletteStore } from './palette.store'
import styles from './CommandPalette.module.css'

interface Item {
  id: string
  group: 'Keys' | 'Connections' | 'Screens' | 'Actions'
  label: string
  detail?: string
  icon?: IconName
  mark?: ReactNode
  /** Shown at the end of the row (an environment badge). */
  badge?: ReactNode
  /** Why it cannot run now; it is listed but does nothing. */
  disabled?: string
  run(): void
}

const matches = (text: string, ...fields: string[]) => {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean)
  const haystack = fields.join(' ').toLowerCase()
  return words.every((word) => haystack.includes(word))
}

const groupOrder: Item['group'][] = ['Keys', 'Connections', 'Screens', 'Actions']

function PaletteDialog() {
  const text = usePaletteStore((state) => state.text)
  const setText = usePaletteStore((state) => state.setText)
  const hide = usePaletteStore((state) => state.hide)
  const keys = usePaletteStore((state) => state.keys)
  const keysPhase = usePaletteStore((state) => state.keysPhase)
  const keysError = usePaletteStore((state) => state.keysError)
  const connections = useConnectionsStore((state) => state.connections)
  const online = useConnectionsStore((state) => state.online)
  const openAdd = useConnectionsStore((state) => state.openAdd)
  const sync = useConnectionsStore((state) => state.sync)
  const go = useAppStore((state) => state.go)
  const lock = useVaultStore((state) => state.lock)
  const applyQuery = useKeysStore((state) => state.applyQuery)
  const sort = useKeysStore((state) => state.query.sort)
  const openDetail = useKeysStore((state) => state.openDetail)
  const openKeyCreate = useKeyCreateStore((state) => state.open)
  const input = useRef<HTMLInputElement>(null)
  const host = useRef<HTMLDivElement>(null)
  const [active, setActive] = useState(0)
  const id = useId()

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const madeInert: Element[] = []
    for (const sibling of document.body.children) {
      if (sibling === host.current || sibling.hasAttribute('inert')) continue
      sibling.setAttribute('inert', '')
      madeInert.push(sibling)
    }
    input.current?.focus()
    return () => {
      for (const element of madeInert) element.removeAttribute('inert')
      if (opener?.isConnected) opener.focus()
    }
  }, [])

  const items = useMemo<Item[]>(() => {
    const list: Item[] = []
    const typed = text.trim()
    for (const row of keys) {
      list.push({
        id: `key-${row.id}`,
        group: 'Keys',
        label: row.name || row.hubKeyId,
        detail: `${row.connectionName} · ${row.hubKeyId}`,
        mark: <ConnectionDot colour={row.colour} size="sm" />,
        badge: <EnvironmentBadge environment={row.environment} />,
        run: () => {
          openDetail(row.id)
          go('keys')
        }
      })
    }
    for (const connection of connections) {
      if (
        typed &&
        !matches(typed, connection.name, kindLabel(connection.kind), connection.environment)
      )
        continue
      list.push({
        id: `connection-${connection.id}`,
        group: 'Connections',
        label: connection.name,
        detail: `${kindLabel(connection.kind)} · show its keys`,
        mark: <ConnectionDot colour={connection.colour} size="sm" />,
        badge: <EnvironmentBadge environment={connection.environment} />,
        run: () => {
          applyQuery({ search: '', filter: { connectionIds: [connection.id] }, sort })
          go('keys')
        }
      })
    }
    for (const screen of screens) {
      if (!screen.available || (typed && !matches(typed, screen.title, screen.summary))) continue
      list.push({
        id: `screen-${screen.id}`,
        group: 'Screens',
        label: screen.title,
        detail: screen.summary,
        icon: screen.id,
        run: () => go(screen.id)
      })
    }
    const actions: Item[] = [
      {
        id: 'action-sync',
        group: 'Actions',
        label: 'Sync all connections',
        icon: 'retry',
        ...(online ? {} : { disabled: offlineReason }),
        run: () => void sync()
      },
      {
        id: 'action-add',
        group: 'Actions',
        label: 'Add connection',
        icon: 'plus',
        run: openAdd
      },
      {
        id: 'action-lock',
        group: 'Actions',
        label: 'Lock the vault',
        icon: 'lock',
        run: () => void lock()
      }
    ]
    for (const connection of connections) {
      actions.push({
        id: `action-new-key-${connection.id}`,
        group: 'Actions',
        label: `New key on ${connection.name}…`,
        icon: 'plus',
        mark: <ConnectionDot colour={connection.colour} size="sm" />,
        run: () => openKeyCreate(connection.id)
      })
    }
    for (const action of actions) if (!typed || matches(typed, action.label)) list.push(action)
    return list.sort((a, b) => groupOrder.indexOf(a.group) - groupOrder.indexOf(b.group))
  }, [
    text,
    keys,
    connections,
    online,
    openAdd,
    sync,
    go,
    lock,
    applyQuery,
    sort,
    openDetail,
    openKeyCreate
  ])

  const current = Math.min(active, Math.max(0, items.length - 1))
  useEffect(() => {
    document.getElementById(`${id}-option-${current}`)?.scrollIntoView?.({ block: 'nearest' })
  }, [current, id])

  const choose = (item: Item | undefined) => {
    if (!item || item.disabled) return
    hide()
    item.run()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      hide()
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      const step = event.key === 'ArrowDown' ? 1 : -1
      setActive((current + step + items.length) % Math.max(1, items.length))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      choose(items[current])
    } else if (event.key === 'Tab') {
      // One field inside: Tab stays in the palette.
      event.preventDefault()
    }
  }

  let lastGroup: Item['group'] | undefined
  return createPortal(
    <div ref={host} className={styles.host}>
      <div className={styles.backdrop} aria-hidden="true" onClick={hide} />
      <div
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        className={styles.panel}
        onKeyDown={onKeyDown}
      >
        <div className={styles.field}>
          <Icon name="search" size={16} className={styles.fieldIcon} />
          <input
            ref={input}
            className={styles.input}
            role="combobox"
            aria-expanded="true"
            aria-controls={`${id}-list`}
            aria-activedescendant={items.length > 0 ? `${id}-option-${current}` : undefined}
            aria-autocomplete="list"
            aria-label="Jump to a key, connection or screen"
            placeholder="Jump to a key, connection or screen…"
            value={text}
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => {
              setText(event.target.value)
              setActive(0)
            }}
          />
          {keysPhase === 'loading' ? (
            <Icon name="spinner" size={14} className={styles.spin} label="Searching keys" />
          ) : null}
        </div>
        <ul id={`${id}-list`} role="listbox" aria-label="Results" className={styles.list}>
          {items.map((item, index) => {
            const heading = item.group !== lastGroup ? item.group : undefined
            lastGroup = item.group
            return (
              <li key={item.id} role="presentation">
                {heading ? (
                  <div className={styles.group} role="presentation">
                    {heading}
                  </div>
                ) : null}
                <div
                  id={`${id}-option-${index}`}
                  role="option"
                  aria-selected={index === current}
                  aria-disabled={item.disabled ? true : undefined}
                  title={item.disabled}
                  className={styles.option}
                  onPointerMove={() => setActive(index)}
                  onClick={() => choose(item)}
                >
                  <span className={styles.optionMark}>
                    {item.mark ?? (item.icon ? <Icon name={item.icon} size={14} /> : null)}
                  </span>
                  <span className={styles.optionLabel}>{item.label}</span>
                  {item.detail ? <span className={styles.optionDetail}>{item.detail}</span> : null}
                  {item.badge}
                  {index === current ? (
                    <Icon name="corner-down-left" size={12} className={styles.enter} />
                  ) : null}
                </div>
              </li>
            )
          })}
        </ul>
        {items.length === 0 ? (
          <p className={styles.empty}>
            {keysPhase === 'loading' ? 'Searching…' : `Nothing matches “${text.trim()}”.`}
          </p>
        ) : null}
        {keysError ? (
          <p className={styles.error}>Keys could not be searched: {keysError.message}</p>
        ) : null}
        <footer className={styles.footer}>
          <span>
            <kbd>↑</kbd> <kbd>↓</kbd> to move
          </span>
          <span>
            <kbd>Enter</kbd> to open
          </span>
          <span>
            <kbd>Esc</kbd> to close
          </span>
        </footer>
      </div>
    </div>,
    document.body
  )
}

export function CommandPalette() {
  const open = usePaletteStore((state) => state.open)
  return open ? <PaletteDialog /> : null
}
