// The form-field look (frame, label, text input) for feature components that lay out their own controls; renderer.
import styles from './Field.module.css'

/** Class names from ui/Field.module.css, so features style a custom field without importing ui's CSS. */
export const fieldClasses = {
  field: styles.field,
  label: styles.label,
  input: styles.input
} as const
