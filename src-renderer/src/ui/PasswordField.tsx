// A labelled password input with a show/hide toggle, hint and inline error, for the vault forms; renderer.
import { useId, useState, type ReactNode, type Ref } from 'react'
import { Icon } from './Icon'
import { FieldMessages } from './FieldMessages'
import styles from './Field.module.css'

interface PasswordFieldProps {
  label: string
  value: string
  onChange(value: string): void
  /**
   * `new-password` lets password managers offer to save it; `current-password` to fill it; `off`
   * for secrets that are not this app's password (a hub's API key).
   */
  autoComplete: 'current-password' | 'new-password' | 'off'
  /** What the show/hide toggle names ("password", "API key"). */
  revealNoun?: string
  /** Shown while empty ("Stored; type a new one to replace it"). */
  placeholder?: string
  maxLength?: number
  /** A short line under the input (a strength hint); read out with the input. */
  hint?: ReactNode
  /** One sentence saying what is wrong with the value; marks the input invalid. */
  error?: string
  /** Marks the input invalid when the error is shown elsewhere (the unlock alert). */
  invalid?: boolean
  /** Ids of other elements that describe the input (an alert below the field). */
  describedBy?: string
  /** Read-only while work is under way: the value and focus stay, typing waits. */
  readOnly?: boolean
  autoFocus?: boolean
  inputRef?: Ref<HTMLInputElement>
  onBlur?(): void
  name?: string
}

export function PasswordField({
  label,
  value,
  onChange,
  autoComplete,
  hint,
  error,
  invalid = false,
  describedBy,
  readOnly = false,
  autoFocus = false,
  inputRef,
  onBlur,
  name,
  revealNoun = 'password',
  placeholder,
  maxLength
}: PasswordFieldProps) {
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const [revealed, setRevealed] = useState(false)
  const described = [error ? errorId : undefined, hint ? hintId : undefined, describedBy]
    .filter(Boolean)
    .join(' ')
  const inputClasses = [styles.input, styles.withToggle, revealed ? styles.revealed : undefined]
  return (
    <div className={styles.field}>
      <label className={styles.label} htmlFor={id}>
        {label}
      </label>
      <div className={styles.control}>
        <input
          ref={inputRef}
          id={id}
          name={name}
          className={inputClasses.filter(Boolean).join(' ')}
          type={revealed ? 'text' : 'password'}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onBlur={onBlur}
          autoComplete={autoComplete}
          placeholder={placeholder}
          maxLength={maxLength}
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          readOnly={readOnly}
          // The vault screens open on their password field: typing is the only thing to do there.
          autoFocus={autoFocus}
          aria-invalid={error !== undefined || invalid || undefined}
          aria-describedby={described || undefined}
        />
        <button
          type="button"
          className={styles.toggle}
          aria-label={`Show ${revealNoun}`}
          aria-pressed={revealed}
          aria-controls={id}
          title={revealed ? `Hide ${revealNoun}` : `Show ${revealNoun}`}
          onClick={() => setRevealed((shown) => !shown)}
        >
          <Icon name={revealed ? 'eye-off' : 'eye'} size={16} />
        </button>
      </div>
      <FieldMessages error={error} errorId={errorId} hint={hint} hintId={hintId} />
    </div>
  )
}
