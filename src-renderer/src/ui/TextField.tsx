// A labelled text input or text area with a hint and an inline error, in the design system's field style; renderer.
import { useId, type ReactNode, type Ref } from 'react'
import { FieldMessages } from './FieldMessages'
import styles from './Field.module.css'

interface TextFieldProps {
  label: string
  value: string
  onChange(value: string): void
  /** A short line under the input; read out with it. */
  hint?: ReactNode
  /** One sentence saying what is wrong; marks the input invalid. */
  error?: string
  /** Marks the label "optional", so required fields need no asterisk. */
  optional?: boolean
  placeholder?: string
  type?: 'text' | 'url'
  /** Several lines (a PEM certificate); the number of rows shown. */
  rows?: number
  /** Monospace, for ids, addresses and certificates. */
  mono?: boolean
  maxLength?: number
  inputRef?: Ref<HTMLInputElement & HTMLTextAreaElement>
  readOnly?: boolean
  name?: string
  className?: string
}

export function TextField({
  label,
  value,
  onChange,
  hint,
  error,
  optional = false,
  placeholder,
  type = 'text',
  rows,
  mono = false,
  maxLength,
  inputRef,
  readOnly = false,
  name,
  className
}: TextFieldProps) {
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const described = [error ? errorId : undefined, hint ? hintId : undefined]
    .filter(Boolean)
    .join(' ')
  const shared = {
    id,
    name,
    value,
    placeholder,
    maxLength,
    readOnly,
    autoComplete: 'off',
    autoCapitalize: 'off',
    autoCorrect: 'off',
    spellCheck: false,
    'aria-invalid': error !== undefined || undefined,
    'aria-describedby': described || undefined
  } as const
  const classes = [styles.input, rows ? styles.textarea : undefined, mono ? 'mono' : undefined]
    .filter(Boolean)
    .join(' ')
  return (
    <div className={[styles.field, className].filter(Boolean).join(' ')}>
      <label className={styles.label} htmlFor={id}>
        {label}
        {optional ? <span className={styles.optional}>optional</span> : null}
      </label>
      {rows ? (
        <textarea
          {...shared}
          ref={inputRef}
          rows={rows}
          className={classes}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <input
          {...shared}
          ref={inputRef}
          type={type}
          className={classes}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      <FieldMessages error={error} errorId={errorId} hint={hint} hintId={hintId} />
    </div>
  )
}
