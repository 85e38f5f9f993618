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

/**
 * The class list of a badge, for a list that draws many of them as plain spans (the key table
 * mounts rows every scroll frame, and a component per badge is work it does not need).
 */
export const badgeClass = (tone: BadgeTone, dot = false): string => {
  // Neutral is the base look: it has no class of its own.
  const toned = tone === 'neutral' ? `${styles.badge}` : `${styles.badge} ${styles[tone]}`
  return dot ? `${toned} ${styles.dot}` : toned
}

export function Badge({ tone = 'neutral', dot = false, title, children }: BadgeProps) {
  return (
    <span className={badgeClass(tone, dot)} title={title}>
      {children}
    </span>
  )
}
