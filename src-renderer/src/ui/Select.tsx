// A native select restyled to match the design system's inputs (chevron drawn as an icon); renderer.
import type { SelectHTMLAttributes } from 'react'
import { Icon } from './Icon'
import styles from './Field.module.css'

export interface SelectOption<V extends string | number> {
  value: V
  label: string
}

interface SelectProps<V extends string | number> extends Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  'value' | 'onChange'
> {
  value: V
  options: readonly SelectOption<V>[]
  onChange(value: V): void
}

export function Select<V extends string | number>({
  value,
  options,
  onChange,
  className,
  ...rest
}: SelectProps<V>) {
  return (
    <div className={[styles.control, className].filter(Boolean).join(' ')}>
      <select
        {...rest}
        className={styles.select}
        value={String(value)}
        onChange={(event) => {
          // Options carry their typed value; the DOM only gives strings back.
          const picked = options.find((option) => String(option.value) === event.target.value)
          if (picked) onChange(picked.value)
        }}
      >
        {options.map((option) => (
          <option key={String(option.value)} value={String(option.value)}>
            {option.label}
          </option>
        ))}
      </select>
      <Icon name="chevron-down" size={14} className={styles.chevron} />
    </div>
  )
}
