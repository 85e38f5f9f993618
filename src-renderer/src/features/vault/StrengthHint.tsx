// Shows the local strength hint for a new master password: four bars, a label and one line of advice; renderer.
import { passwordMinLength } from '../../../../src-main/contract/vault.contract'
import { passwordStrength } from './password-strength'
import styles from './StrengthHint.module.css'

export function StrengthHint({ password }: { password: string }) {
  if (password.length === 0) {
    return (
      <span>
        At least {passwordMinLength} characters. A few unrelated words are easy to type and hard to
        guess.
      </span>
    )
  }
  const hint = passwordStrength(password)
  return (
    <div className={`${styles.strength} ${styles[`level${hint.level}`] ?? ''}`}>
      <div className={styles.strengthRow}>
        <div className={styles.meter} aria-hidden>
          {[1, 2, 3, 4].map((bar) => (
            <span key={bar} className={`${styles.bar} ${bar <= hint.level ? styles.on : ''}`} />
          ))}
        </div>
        <span className={styles.strengthLabel} data-testid="strength-label">
          <span className="visually-hidden">Strength hint: </span>
          {hint.label}
        </span>
      </div>
      <span>{hint.advice}</span>
    </div>
  )
}
