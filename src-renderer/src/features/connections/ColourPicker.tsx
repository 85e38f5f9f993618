// Picks a connection's colour: eight swatches as one radio group, plus a hex field for any other colour; renderer.
import { useId, type Ref } from 'react'
import { swatchStyle } from './ConnectionDot'
import { FieldMessages } from '../../ui/FieldMessages'
import { fieldClasses } from '../../ui/field-classes'
import { Icon } from '../../ui/Icon'
import { isColour, palette } from './connection-form'
import styles from './Connections.module.css'

interface ColourPickerProps {
  value: string
  onChange(value: string): void
  error?: string
  inputRef?: Ref<HTMLInputElement>
}

export function ColourPicker({ value, onChange, error, inputRef }: ColourPickerProps) {
  const id = useId()
  const errorId = `${id}-error`
  const name = `${id}-swatch`
  const current = value.toLowerCase()
  const valid = isColour(value)
  return (
    <fieldset className={styles.fieldset}>
      <legend className={fieldClasses.label}>Colour</legend>
      <div className={styles.colourRow}>
        <div className={styles.swatches} role="radiogroup" aria-label="Colour swatches">
          {palette.map((swatch) => {
            const checked = swatch.value === current
            return (
              <label
                key={swatch.value}
                className={styles.swatch}
                style={swatchStyle(swatch.value)}
                title={swatch.name}
              >
                <input
                  type="radio"
                  name={name}
                  value={swatch.value}
                  checked={checked}
                  aria-label={swatch.name}
                  onChange={() => onChange(swatch.value)}
                />
                {checked ? <Icon name="check" size={12} className={styles.swatchCheck} /> : null}
              </label>
            )
          })}
        </div>
        <div className={styles.hex}>
          <span
            className={styles.hexPreview}
            style={valid ? swatchStyle(value) : undefined}
            aria-hidden
          />
          <label className="visually-hidden" htmlFor={`${id}-hex`}>
            Colour as hex
          </label>
          <input
            id={`${id}-hex`}
            ref={inputRef}
            className={`${fieldClasses.input} ${styles.hexInput} mono`}
            value={value}
            maxLength={7}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={error !== undefined || undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => {
              const typed = event.target.value.trim()
              onChange(typed.startsWith('#') || typed === '' ? typed : `#${typed}`)
            }}
          />
        </div>
      </div>
      <FieldMessages error={error} errorId={errorId} hintId={`${id}-hint`} />
    </fieldset>
  )
}
