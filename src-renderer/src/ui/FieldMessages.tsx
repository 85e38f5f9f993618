// The error and hint lines under a form field, shared by TextField and PasswordField; renderer.
import type { ReactNode } from 'react'
import { Icon } from './Icon'
import styles from './Field.module.css'

interface FieldMessagesProps {
  error?: ReactNode
  errorId: string
  hint?: ReactNode
  hintId: string
}

export function FieldMessages({ error, errorId, hint, hintId }: FieldMessagesProps) {
  return (
    <>
      {error ? (
        <p id={errorId} className={styles.error}>
          <Icon name="alert" size={12} />
          <span>{error}</span>
        </p>
      ) : null}
      {hint ? (
        <div id={hintId} className={styles.hint}>
          {hint}
        </div>
      ) : null}
    </>
  )
}
