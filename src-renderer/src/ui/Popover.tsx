// A small non-modal panel under a trigger (filter choices, saved filters): Esc or a click outside closes it and focus returns to the trigger; renderer.
import { useEffect, useRef, type ReactNode, type RefObject } from 'react'
import styles from './Popover.module.css'

const focusableSelector =
  'input:not([disabled]), button:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

interface PopoverProps {
  /** Names the panel for assistive technology. */
  label: string
  /** The button that opened it: clicks on it toggle rather than count as "outside". */
  anchor: RefObject<HTMLElement | null>
  onClose(): void
  children: ReactNode
  /** Which edge of the trigger the panel lines up with. */
  align?: 'start' | 'end'
  id?: string
  className?: string
}

/**
 * Rendered in place (the caller wraps trigger and popover in a positioned element), so it needs
 * no measuring and stays attached while the page scrolls.
 */
export function Popover({
  label,
  anchor,
  onClose,
  children,
  align = 'start',
  id,
  className
}: PopoverProps) {
  const panel = useRef<HTMLDivElement>(null)
  const close = useRef(onClose)
  close.current = onClose

  useEffect(() => {
    panel.current?.querySelector<HTMLElement>(focusableSelector)?.focus()
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node | null
      if (!target || panel.current?.contains(target) || anchor.current?.contains(target)) return
      close.current()
    }
    document.addEventListener('pointerdown', onPointer, true)
    return () => document.removeEventListener('pointerdown', onPointer, true)
  }, [anchor])

  return (
    <div
      ref={panel}
      id={id}
      role="dialog"
      aria-label={label}
      className={[styles.popover, styles[align], className].filter(Boolean).join(' ')}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return
        event.stopPropagation()
        close.current()
        anchor.current?.focus()
      }}
    >
      {children}
    </div>
  )
}
