// Marks a key that breaks a policy rule: an icon in the key table's name cell and a section in the key's detail panel; renderer.
import {
  evaluatePolicies,
  type Policies,
  type PolicySubject,
  type PolicyViolation
} from '../../../../src-main/contract/policy-rules'
import { Icon } from '../../ui/Icon'
import { usePolicyStore } from './policy.store'
import styles from './Policy.module.css'

/** A key's violations, or none while no rule is on. */
export const violationsOf = (
  policies: Policies | undefined,
  key: PolicySubject,
  now: number
): PolicyViolation[] =>
  policies && policies.length > 0 ? evaluatePolicies(policies, key, now) : []

const useViolations = (key: PolicySubject, now: number) =>
  violationsOf(
    usePolicyStore((state) => state.policies),
    key,
    now
  )

/**
 * Nothing when the key follows every rule (or no rule is on). Takes the violations, not the
 * store: the key table reads the rules once per render, not once per row while it scrolls.
 */
export function PolicyMarker({ violations }: { violations: readonly PolicyViolation[] }) {
  if (violations.length === 0) return null
  const text = `Breaks ${violations.length === 1 ? 'a policy rule' : `${violations.length} policy rules`}: ${violations.map((violation) => violation.detail).join(' ')}`
  return (
    <span className={styles.marker} title={text}>
      <Icon name="alert" size={12} label={text} />
    </span>
  )
}

export function KeyPolicyFindings({
  detail,
  now,
  className
}: {
  detail: PolicySubject
  now: number
  className?: string
}) {
  const violations = useViolations(detail, now)
  if (violations.length === 0) return null
  return (
    <section
      className={`${className ?? ''} ${styles.findingsSection}`}
      aria-labelledby="key-policy"
    >
      <h3 id="key-policy" className={styles.findingsTitle}>
        <Icon name="alert" size={12} />
        Breaks {violations.length === 1 ? 'a policy rule' : `${violations.length} policy rules`}
      </h3>
      <ul className={styles.findings}>
        {violations.map((violation, index) => (
          <li key={index}>{violation.detail}</li>
        ))}
      </ul>
    </section>
  )
}
