// The key panel's Copy split button: "Copy" copies the value, its menu copies the hub's Authorization header, a curl command or a .env line; keyboard-operable like a menu button; renderer.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import type { CopyFormat } from '../../../../src-main/contract/key-secret.contract'
import { Button } from '../../ui/Button'
import { Icon } from '../../ui/Icon'
import { useCopyKey, type CopyTarget } from './use-copy-key'
import styles from './KeySecret.module.css'

const menuFormats: { as: Exclude<CopyFormat, 'value'>; label: string }[] = [
  { as: 'header', label: 'Copy as Authorization header' },
  { as: 'curl', label: 'Copy as curl command' },
  { as: 'env', label: 'Copy as .env line' }
]

export function CopyKeyButton({ target }: { target: CopyTarget }) {
  const copy = useCopyKey()
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  /** Which item gets the focus when the menu opens (first from ArrowDown/Enter, last from ArrowUp). */
  const [start, setStart] = useState<'first' | 'last'>('first')
  const toggle = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLDivElement>(null)
  const wrapper = useRef<HTMLDivElement>(null)
  const menuId = useId()

  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]

  useEffect(() => {
    if (!open) return
    const list = items()
    ;(start === 'first' ? list[0] : list.at(-1))?.focus()
    const onPointer = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node | null)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointer, true)
    return () => document.removeEventListener('pointerdown', onPointer, true)
  }, [open, start])

  const run = async (as: CopyFormat) => {
    const fromMenu = open
    setOpen(false)
    // The menu's items are gone: the focus goes back to the button that opened it.
    if (fromMenu) toggle.current?.focus({ preventScroll: true })
    setBusy(true)
    try {
      await copy(target, as)
    } finally {
      setBusy(false)
    }
  }

  const openWith = (from: 'first' | 'last') => {
    setStart(from)
    setOpen(true)
  }

  const onToggleKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      openWith(event.key === 'ArrowDown' ? 'first' : 'last')
    }
  }

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const list = items()
    const at = list.indexOf(document.activeElement as HTMLElement)
    const move = (index: number) => list[(index + list.length) % list.length]?.focus()
    switch (event.key) {
      case 'ArrowDown':
        move(at + 1)
        break
      case 'ArrowUp':
        move(at - 1)
        break
      case 'Home':
        move(0)
        break
      case 'End':
        move(list.length - 1)
        break
      case 'Escape':
        // Only the menu closes, not the key panel around it.
        event.stopPropagation()
        setOpen(false)
        toggle.current?.focus()
        break
      case 'Tab':
        setOpen(false)
        return
      default:
        return
    }
    event.preventDefault()
  }

  return (
    <div ref={wrapper} className={styles.split}>
      <Button
        size="sm"
        icon="copy"
        busy={busy}
        className={styles.splitMain}
        onClick={() => void run('value')}
        title="Copy the key's value; the clipboard is cleared after the delay in Settings"
      >
        Copy
      </Button>
      <Button
        ref={toggle}
        size="sm"
        className={styles.splitToggle}
        aria-label="More ways to copy"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? setOpen(false) : openWith('first'))}
        onKeyDown={onToggleKey}
      >
        <Icon name="chevron-down" size={14} />
      </Button>
      {open ? (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-label="Copy as"
          className={styles.menu}
          onKeyDown={onMenuKey}
        >
          {menuFormats.map((format) => (
            <button
              key={format.as}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={styles.menuItem}
              onClick={() => void run(format.as)}
            >
              {format.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  )
}
