// An inline message box (error, warning, information, success) inside a card or form; renderer.
import type { ReactNode } from 'react'
import { Icon, type IconName } from './Icon'
import styles from './Notice.module.css'

export type NoticeTone = 'danger' | 'warn' | 'info' | 'ok' | 'neutral'

const icons: Record<NoticeTone, IconName> = {
  danger: 'alert',
  warn: 'alert',
  info: 'info',
  ok: 'circle-check',
  neutral: 'info'
}

interface NoticeProps {
  tone: NoticeTone
  children: ReactNode
  /** `alert` for errors the person must hear now, `status` for quiet confirmations. */
  role?: 'alert' | 'status'
  icon?: IconName
  id?: string
  className?: string
}

export function Notice({ tone, children, role, icon, id, className }: NoticeProps) {
  return (
    <div
      id={id}
      role={role}
      className={[styles.notice, styles[tone], className].filter(Boolean).join(' ')}
    >
      <Icon name={icon ?? icons[tone]} size={16} className={styles.icon} />
      <div className={styles.body}>{children}</div>
    </div>
  )
}

/** A failed call's message, read out at once; nothing while there is none. */
export function ErrorNotice({ error }: { error: { message: string } | undefined }) {
  return error ? (
    <Notice tone="danger" role="alert">
      {error.message}
    </Notice>
  ) : null
}
