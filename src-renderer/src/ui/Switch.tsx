// An on/off switch (a native checkbox with the switch role), for settings that apply at once; renderer.
import styles from './Switch.module.css'

interface SwitchProps {
  id?: string
  checked: boolean
  onChange(checked: boolean): void
  /** Work started by the last change is under way: further clicks do nothing until it ends. */
  busy?: boolean
  'aria-describedby'?: string
  'aria-invalid'?: boolean
}

export function Switch({ id, checked, onChange, busy = false, ...aria }: SwitchProps) {
  return (
    <span className={styles.track}>
      <input
        id={id}
        type="checkbox"
        role="switch"
        className={styles.input}
        checked={checked}
        // Not `disabled`: a disabled control drops out of the tab order and loses the focus ring.
        onChange={(event) => {
          if (!busy) onChange(event.target.checked)
        }}
        aria-busy={busy || undefined}
        {...aria}
      />
      <span className={styles.thumb} aria-hidden="true" />
    </span>
  )
}
