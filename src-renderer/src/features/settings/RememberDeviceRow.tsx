// The "Remember on this device" switch of the settings screen, shown only where the OS keychain can hold the vault key; renderer.
import { useId, useRef, useState, type FormEvent } from 'react'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { Button } from '../../ui/Button'
import { Icon } from '../../ui/Icon'
import { PasswordField } from '../../ui/PasswordField'
import { Switch } from '../../ui/Switch'
import { useVaultStore } from '../vault/vault.store'
import styles from './SettingsScreen.module.css'

export function RememberDeviceRow() {
  const available = useVaultStore((state) => state.status?.rememberAvailable ?? false)
  const remembered = useVaultStore((state) => state.status?.remembered ?? false)
  const busy = useVaultStore((state) => state.busy === 'remember')
  const remember = useVaultStore((state) => state.remember)
  const [failure, setFailure] = useState<AppErrorBody>()
  // Turning it on asks for the master password first, in a small form under the switch.
  const [asking, setAsking] = useState(false)
  const [password, setPassword] = useState('')
  const [missing, setMissing] = useState(false)
  const passwordInput = useRef<HTMLInputElement>(null)
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const formLabelId = `${id}-form`

  // Web mode and systems without a real keychain never show it; a remembered vault can always be
  // forgotten, even if the keychain stopped answering since.
  if (!available && !remembered) return null

  const close = () => {
    setAsking(false)
    setPassword('')
    setMissing(false)
  }

  const change = async (enabled: boolean) => {
    setFailure(undefined)
    if (enabled) {
      setAsking(true)
      return
    }
    close()
    const outcome = await remember({ enabled: false })
    if (!outcome.done && outcome.error) setFailure(outcome.error)
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    setFailure(undefined)
    if (!password) {
      setMissing(true)
      passwordInput.current?.focus()
      return
    }
    const outcome = await remember({ enabled: true, password })
    if (outcome.done) return close()
    if (!outcome.error) return
    setFailure(outcome.error)
    if (outcome.error.code === 'UNAUTHORIZED') passwordInput.current?.select()
  }

  const alert = failure ? (
    <p id={errorId} className={styles.rowError} role="alert">
      <Icon name="alert" size={12} />
      <span>{failure.message}</span>
    </p>
  ) : null

  return (
    <div className={styles.row}>
      <div className={styles.rowText}>
        <label className={styles.rowLabel} htmlFor={`${id}-switch`}>
          Remember on this device
        </label>
        <p id={hintId} className={styles.rowHint}>
          Hubkeys opens without the master password, using this computer&apos;s keychain. Anyone who
          can use your account on this computer can then open the vault.
        </p>
      </div>
      <div className={styles.rowControl}>
        <Switch
          id={`${id}-switch`}
          // On only once the keychain holds the key, not while the password is being asked for.
          checked={remembered}
          busy={busy}
          onChange={(enabled) => void change(enabled)}
          aria-describedby={failure && !asking ? `${hintId} ${errorId}` : hintId}
          aria-invalid={failure && !asking ? true : undefined}
        />
        {asking ? (
          <form
            className={styles.passwordForm}
            onSubmit={(event) => void submit(event)}
            aria-labelledby={formLabelId}
            noValidate
          >
            <p id={formLabelId} className={styles.rowHint}>
              Enter the master password to let this device open the vault without it.
            </p>
            <PasswordField
              label="Your master password"
              autoComplete="current-password"
              value={password}
              onChange={(value) => {
                setPassword(value)
                setMissing(false)
              }}
              error={missing ? 'Enter the master password.' : undefined}
              invalid={failure?.code === 'UNAUTHORIZED'}
              describedBy={failure ? errorId : undefined}
              readOnly={busy}
              autoFocus
              inputRef={passwordInput}
            />
            {alert}
            <div className={styles.formActions}>
              <Button type="submit" variant="primary" busy={busy}>
                {busy ? 'Remembering…' : 'Remember this device'}
              </Button>
              <Button
                onClick={() => {
                  setFailure(undefined)
                  close()
                }}
              >
                Cancel
              </Button>
            </div>
          </form>
        ) : (
          alert
        )}
      </div>
    </div>
  )
}
