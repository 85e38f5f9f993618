// What a running or ended rotation leaves for the admin: the steps still to do by hand and its last error, shown the same way in the key and the credential rotation dialogs; renderer.
import type { RotationView } from '../../../../src-main/contract/rotation.contract'
import { Notice } from '../../ui/Notice'
import styles from './Rotation.module.css'

export function RotationOutcome({ rotation }: { rotation: RotationView | undefined }) {
  if (!rotation) return null
  return (
    <>
      {rotation.notes.length ? (
        <ul className={styles.notes} aria-label="What is left to do">
          {rotation.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
      {rotation.lastError ? (
        <Notice tone="danger" role="alert">
          {rotation.lastError}
        </Notice>
      ) : null}
    </>
  )
}
