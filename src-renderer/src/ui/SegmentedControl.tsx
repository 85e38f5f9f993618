// A small radio group drawn as one switch (the theme choice); arrow keys move between options; renderer.
import { useId } from 'react'
import { Icon, type IconName } from './Icon'
import styles from './Field.module.css'

export interface Segment<V extends string> {
  value: V
  label: string
  icon?: IconName
}

interface SegmentedControlProps<V extends string> {
  /** Names the group for assistive technology. */
  label: string
  value: V
  options: readonly Segment<V>[]
  onChange(value: V): void
  /** Ids of elements that describe the group (an inline error). */
  describedBy?: string
}

export function SegmentedControl<V extends string>({
  label,
  value,
  options,
  onChange,
  describedBy
}: SegmentedControlProps<V>) {
  // Native radios give arrow-key movement and one tab stop for free; the name ties them together.
  const name = useId()
  return (
    <div
      className={styles.segmented}
      role="radiogroup"
      aria-label={label}
      aria-describedby={describedBy}
    >
      {options.map((option) => (
        <label key={option.value} className={styles.segment}>
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={option.value === value}
            onChange={() => onChange(option.value)}
          />
          {option.icon ? <Icon name={option.icon} size={14} /> : null}
          {option.label}
        </label>
      ))}
    </div>
  )
}
