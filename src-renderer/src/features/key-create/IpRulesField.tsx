// A simple IP-rule list for the new-key form (one address or range a line, or no restriction); the full IP-filter editor replaces it; renderer.
import { useId, useState } from 'react'
import { FieldMessages } from '../../ui/FieldMessages'
import fieldStyles from '../../ui/Field.module.css'
import styles from './KeyCreate.module.css'

interface IpRulesFieldProps {
  /** `null`: no restriction; a list (even empty) is what the hub gets. */
  value: string[] | null
  onChange(value: string[] | null): void
  error?: string
  /** A line under the field: what this hub does with the list. */
  hint?: string
}

const linesOf = (text: string): string[] =>
  text
    .split(/\r?\n|,/)
    .map((line) => line.trim())
    .filter(Boolean)

export function IpRulesField({ value, onChange, error, hint }: IpRulesFieldProps) {
  const id = useId()
  // The text as typed, so a trailing newline survives until the next rule is written.
  const [text, setText] = useState(() => (value ?? []).join('\n'))
  const restricted = value !== null
  return (
    <fieldset className={styles.group}>
      <legend className={fieldStyles.label}>IP addresses</legend>
      <label className={styles.check}>
        <input
          type="checkbox"
          checked={restricted}
          onChange={(event) => onChange(event.target.checked ? linesOf(text) : null)}
        />
        <span>Only from these addresses</span>
      </label>
      {restricted ? (
        <>
          <label className="visually-hidden" htmlFor={id}>
            Allowed addresses and ranges, one a line
          </label>
          <textarea
            id={id}
            className={`${fieldStyles.input} ${fieldStyles.textarea} mono`}
            rows={3}
            value={text}
            placeholder={'203.0.113.7\n198.51.100.0/24'}
            spellCheck={false}
            aria-invalid={error !== undefined || undefined}
            aria-describedby={
              [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') ||
              undefined
            }
            onChange={(event) => {
              setText(event.target.value)
              onChange(linesOf(event.target.value))
            }}
          />
        </>
      ) : null}
      <FieldMessages error={error} errorId={`${id}-error`} hint={hint} hintId={`${id}-hint`} />
    </fieldset>
  )
}
