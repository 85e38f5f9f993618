// Small status and environment labels (ok, warn, prod, staging...) of the design system; renderer.
import type { ReactNode } from 'react'
import styles from './Badge.module.css'

export type BadgeTone =
  'neutral' | 'accent' | 'ok' | 'warn' | 'danger' | 'info' | 'prod' | 'staging' | 'dev'

interface BadgeProps {
  tone?: BadgeTone
  /** A coloured dot before the text, for statuses that must read at a glance. */
  dot?: boolean
  title?: string
  children: ReactNode
}

export function Badge({ tone = 'neutral', dot = false, title, children }: BadgeProps) {
  return (
    <span className={`${styles.badge} ${styles[tone]}`} title={title}>
      {dot ? <span className={styles.dot} aria-hidden /> : null}
      {children}
    </span>
  )
}
