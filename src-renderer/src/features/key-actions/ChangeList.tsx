// The before → after list of an edit's changes, shown before anything is applied; renderer.
import { Icon } from '../../ui/Icon'
import type { FieldChange } from './key-edit-plan'
import styles from './KeyActions.module.css'

export function ChangeList({ changes }: { changes: FieldChange[] }) {
  return (
    <ul className={styles.changes} aria-label="Changes to apply">
      {changes.map((change) => (
        <li key={change.field} className={styles.change}>
          <span className={styles.changeLabel}>{change.label}</span>
          <span className={styles.before}>{change.before}</span>
          <Icon name="arrow-right" size={12} label="becomes" />
          <span className={styles.after}>{change.after}</span>
        </li>
      ))}
    </ul>
  )
}
