// The header dialog's two previews: what changes in Hubkeys' record (added, removed, changed) and the numbered steps that mirror it in Owl's console; renderer.
import { owlCheckWord, type HeaderChange } from '../../../../src-main/contract/datahub-headers'
import type { HeaderRule } from '../../../../src-main/contract/hubs.contract'
import styles from './HeaderEditor.module.css'

const describe = (rule: HeaderRule) =>
  `${rule.name}: ${rule.value}${owlCheckWord(rule) === 'checked' ? ' (not sent)' : ''}`

function ChangeLine({ change }: { change: HeaderChange }) {
  if (change.change === 'added') {
    return <li className={styles.added}>Add {describe(change.after)}</li>
  }
  if (change.change === 'removed') {
    return <li className={styles.removed}>Remove {describe(change.before)}</li>
  }
  return (
    <li className={styles.changed}>
      Change {describe(change.before)} → {describe(change.after)}
    </li>
  )
}

/** The diff preview; `changes` null while a field is wrong. */
export function HeaderDiff({ changes }: { changes: HeaderChange[] | null }) {
  return (
    <section className={styles.section} aria-labelledby="header-diff-title">
      <h3 id="header-diff-title" className={styles.sectionTitle}>
        Changes
      </h3>
      {changes === null ? (
        <p className={styles.muted}>Fix the marked fields to see the changes.</p>
      ) : changes.length === 0 ? (
        <p className={styles.muted}>No changes yet.</p>
      ) : (
        <ul className={styles.changes} aria-label="Header changes">
          {changes.map((change, index) => (
            <ChangeLine key={index} change={change} />
          ))}
        </ul>
      )}
    </section>
  )
}

/** Numbered steps for Owl's console; `titleId` keeps several lists (one per copied key) apart. */
export function OwlSteps({
  steps,
  titleId,
  title = 'Changes for Owl’s console'
}: {
  steps: string[]
  titleId: string
  title?: string
}) {
  if (steps.length === 0) return null
  return (
    <section className={styles.section} aria-labelledby={titleId}>
      <h3 id={titleId} className={styles.sectionTitle}>
        {title}
      </h3>
      <ol className={styles.steps}>
        {steps.map((step, index) => (
          <li key={index}>{step}</li>
        ))}
      </ol>
    </section>
  )
}
