// An accessible modal (centred dialog or right-hand sheet): labelled, focus kept inside, Esc closes, focus returned on close; renderer.
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react'
import { createPortal } from 'react-dom'
import { Button } from './Button'
import styles from './Dialog.module.css'

const focusableSelector = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])'
].join(',')

/** What Tab can reach inside `root`, in document order; hidden parts are skipped. */
const focusables = (root: HTMLElement): HTMLElement[] =>
  [...root.querySelectorAll<HTMLElement>(focusableSelector)].filter(
    (element) => !element.closest('[hidden]')
  )

interface DialogProps {
  /** The dialog's name, shown as its heading and read out when it opens. */
  title: ReactNode
  /** A line under the title. */
  description?: ReactNode
  /** Extra content in the header, after the title (a badge). */
  headerExtra?: ReactNode
  onClose(): void
  children: ReactNode
  /** Buttons pinned under the scrolling body. */
  footer?: ReactNode
  /** `center`: a dialog over the window; `sheet`: a panel along the right edge. */
  variant?: 'center' | 'sheet'
  /**
   * Where focus goes when it opens. A dialog defaults to the first control of its body; a sheet to
   * itself, so its title is read first and no action sits under a stray Enter.
   */
  initialFocus?: RefObject<HTMLElement | null>
  /** A click on the dimmed backdrop closes it (a sheet with nothing unsaved). */
  dismissOnBackdrop?: boolean
  /** Label of the close button. */
  closeLabel?: string
  className?: string
}

export function Dialog({
  title,
  description,
  headerExtra,
  onClose,
  children,
  footer,
  variant = 'center',
  initialFocus,
  dismissOnBackdrop = false,
  closeLabel = 'Close',
  className
}: DialogProps) {
  const id = useId()
  const titleId = `${id}-title`
  const descriptionId = `${id}-description`
  const panel = useRef<HTMLDivElement>(null)
  const body = useRef<HTMLDivElement>(null)

  // Everything outside the dialog is inert while it is open, and focus goes back where it was after.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const host = panel.current?.closest('[data-dialog-host]')
    const madeInert: Element[] = []
    for (const sibling of document.body.children) {
      if (sibling === host || sibling.hasAttribute('inert')) continue
      sibling.setAttribute('inert', '')
      madeInert.push(sibling)
    }
    const first =
      initialFocus?.current ??
      (variant === 'sheet' ? null : body.current && focusables(body.current)[0]) ??
      panel.current
    first?.focus()
    return () => {
      for (const element of madeInert) element.removeAttribute('inert')
      if (opener?.isConnected) opener.focus()
    }
    // Runs once per opening: the focus target is read when the dialog appears, not on each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- initialFocus and variant are read once, when it opens.
  }, [])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.stopPropagation()
      onClose()
      return
    }
    if (event.key !== 'Tab' || !panel.current) return
    const reachable = focusables(panel.current)
    const first = reachable[0]
    const last = reachable[reachable.length - 1]
    if (!first || !last) {
      event.preventDefault()
      return
    }
    const active = document.activeElement
    if (event.shiftKey && (active === first || active === panel.current)) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && active === last) {
      event.preventDefault()
      first.focus()
    }
  }

  return createPortal(
    <div className={styles.host} data-dialog-host="">
      <div
        className={styles.backdrop}
        aria-hidden="true"
        onClick={dismissOnBackdrop ? onClose : undefined}
      />
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
        className={[styles.panel, styles[variant], className].filter(Boolean).join(' ')}
        onKeyDown={onKeyDown}
      >
        <header className={styles.header}>
          <div className={styles.heading}>
            <div className={styles.titleRow}>
              <h2 id={titleId} className={styles.title}>
                {title}
              </h2>
              {headerExtra}
            </div>
            {description ? (
              <div id={descriptionId} className={styles.description}>
                {description}
              </div>
            ) : null}
          </div>
          <Button
            variant="ghost"
            size="sm"
            icon="x"
            aria-label={closeLabel}
            title={`${closeLabel} (Esc)`}
            className={styles.close}
            onClick={() => onClose()}
          />
        </header>
        <div ref={body} className={styles.body}>
          {children}
        </div>
        {footer ? <footer className={styles.footer}>{footer}</footer> : null}
      </div>
    </div>,
    document.body
  )
}
