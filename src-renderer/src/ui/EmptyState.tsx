// The dashed "nothing here yet" panel (icon, title, explanation, optional actions) shared by screens; renderer.
import { useId, type ReactNode } from 'react'
import { Icon, type IconName } from './Icon'
import styles from './EmptyState.module.css'

interface EmptyStateProps {
  icon: IconName
  title: ReactNode
  /** Paragraphs of explanation, each rendered as its own line. */
  text: readonly ReactNode[]
  actions?: ReactNode
}

export function EmptyState({ icon, title, text, actions }: EmptyStateProps) {
  const titleId = useId()
  return (
    <section className={styles.empty} aria-labelledby={titleId}>
      <div className={styles.icon}>
        <Icon name={icon} size={20} />
      </div>
      <h2 id={titleId} className={styles.title}>
        {title}
      </h2>
      {text.map((paragraph, index) => (
        // The paragraphs are fixed per call site and never reorder, so their index is a stable key.
        <p key={index} className={styles.text}>
          {paragraph}
        </p>
      ))}
      {actions ? <div className={styles.actions}>{actions}</div> : null}
    </section>
  )
}
