// A simple list of response headers (name, value, sent or not) for the new-key form; the full header editor replaces it; renderer.
import { useId } from 'react'
import type { HeaderRule } from '../../../../src-main/contract/hubs.contract'
import { Button } from '../../ui/Button'
import { FieldMessages } from '../../ui/FieldMessages'
import fieldStyles from '../../ui/Field.module.css'
import styles from './KeyCreate.module.css'

interface HeaderRulesFieldProps {
  value: HeaderRule[]
  onChange(value: HeaderRule[]): void
  error?: string
}

export function HeaderRulesField({ value, onChange, error }: HeaderRulesFieldProps) {
  const id = useId()
  const change = (index: number, patch: Partial<HeaderRule>) =>
    onChange(value.map((rule, at) => (at === index ? { ...rule, ...patch } : rule)))
  return (
    <fieldset className={styles.group}>
      <legend className={fieldStyles.label}>
        Response headers<span className={fieldStyles.optional}>optional</span>
      </legend>
      {value.map((rule, index) => (
        <div key={index} className={styles.headerRow}>
          <input
            className={`${fieldStyles.input} mono`}
            aria-label={`Header ${index + 1} name`}
            placeholder="X-Total-Count"
            value={rule.name}
            spellCheck={false}
            onChange={(event) => change(index, { name: event.target.value })}
          />
          <input
            className={`${fieldStyles.input} mono`}
            aria-label={`Header ${index + 1} value`}
            placeholder="${collection.meta.count}"
            value={rule.value}
            spellCheck={false}
            onChange={(event) => change(index, { value: event.target.value })}
          />
          <label className={styles.check}>
            <input
              type="checkbox"
              checked={rule.enabled}
              onChange={(event) => change(index, { enabled: event.target.checked })}
            />
            <span>Sent</span>
          </label>
          <Button
            size="sm"
            variant="ghost"
            icon="x"
            aria-label={`Remove header ${index + 1}`}
            onClick={() => onChange(value.filter((_, at) => at !== index))}
          />
        </div>
      ))}
      <Button
        size="sm"
        icon="plus"
        className={styles.addHeader}
        onClick={() => onChange([...value, { name: '', value: '', enabled: true }])}
      >
        Add header
      </Button>
      <FieldMessages error={error} errorId={`${id}-error`} hintId={`${id}-hint`} />
    </fieldset>
  )
}
