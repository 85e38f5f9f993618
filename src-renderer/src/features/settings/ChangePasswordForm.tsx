// The change-master-password form of the settings screen (current, new, confirmation, strength hint); renderer.
import { useId, useRef, useState, type FormEvent } from 'react'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { Button } from '../../ui/Button'
import { ErrorNotice, Notice } from '../../ui/Notice'
import { PasswordField } from '../../ui/PasswordField'
import { newPasswordErrors } from '../vault/password-strength'
import { StrengthHint } from '../vault/StrengthHint'
import { useVaultStore } from '../vault/vault.store'
import styles from './SettingsScreen.module.css'

const empty = { current: '', next: '', confirm: '' }

/** The sentences the form shows for what was typed; none means it can be sent. */
const formErrors = (values: typeof empty): Partial<Record<keyof typeof empty, string>> => {
  const fresh = newPasswordErrors(values.next, values.confirm)
  return {
    ...(values.current ? {} : { current: 'Enter your current master password.' }),
    ...(fresh.password ? { next: fresh.password } : {}),
    ...(fresh.confirm ? { confirm: fresh.confirm } : {}),
    ...(!fresh.password && values.current && values.next === values.current
      ? { next: 'The new password is the same as the current one.' }
      : {})
  }
}

export function ChangePasswordForm() {
  const changePassword = useVaultStore((state) => state.changePassword)
  const busy = useVaultStore((state) => state.busy === 'change-password')
  const [values, setValues] = useState(empty)
  const [submitted, setSubmitted] = useState(false)
  const [failure, setFailure] = useState<AppErrorBody>()
  const [changed, setChanged] = useState(false)
  const currentInput = useRef<HTMLInputElement>(null)
  const nextInput = useRef<HTMLInputElement>(null)
  const confirmInput = useRef<HTMLInputElement>(null)
  const headingId = useId()

  const errors = submitted ? formErrors(values) : {}
  const edit = (field: keyof typeof empty) => (value: string) => {
    setValues((before) => ({ ...before, [field]: value }))
    setChanged(false)
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    setSubmitted(true)
    setChanged(false)
    setFailure(undefined)
    const problems = formErrors(values)
    if (problems.current) return currentInput.current?.focus()
    if (problems.next) return nextInput.current?.focus()
    if (problems.confirm) return confirmInput.current?.focus()
    const outcome = await changePassword(values.current, values.next)
    if (outcome.done) {
      // Nothing typed here should outlive its use.
      setValues(empty)
      setSubmitted(false)
      setChanged(true)
      return
    }
    if (!outcome.error) return
    setFailure(outcome.error)
    if (outcome.error.code === 'UNAUTHORIZED') {
      currentInput.current?.focus()
      currentInput.current?.select()
    }
  }

  return (
    <div className={styles.row}>
      <div className={styles.rowText}>
        <span id={headingId} className={styles.rowLabel}>
          Change master password
        </span>
        <p className={styles.rowHint}>
          Only the vault&apos;s key is re-encrypted, so this takes a second whatever you have
          stored. The new password cannot be recovered either: keep it somewhere safe.
        </p>
      </div>
      <form
        className={styles.passwordForm}
        onSubmit={(event) => void submit(event)}
        aria-labelledby={headingId}
        noValidate
      >
        <PasswordField
          label="Current master password"
          autoComplete="current-password"
          value={values.current}
          onChange={edit('current')}
          error={errors.current}
          invalid={failure?.code === 'UNAUTHORIZED'}
          readOnly={busy}
          inputRef={currentInput}
        />
        <PasswordField
          label="New master password"
          autoComplete="new-password"
          value={values.next}
          onChange={edit('next')}
          error={errors.next}
          hint={<StrengthHint password={values.next} />}
          readOnly={busy}
          inputRef={nextInput}
        />
        <PasswordField
          label="Confirm new master password"
          autoComplete="new-password"
          value={values.confirm}
          onChange={edit('confirm')}
          error={errors.next ? undefined : errors.confirm}
          readOnly={busy}
          inputRef={confirmInput}
        />
        <ErrorNotice error={failure} />
        {changed ? (
          <Notice tone="ok" role="status">
            Master password changed. Use the new one the next time you unlock.
          </Notice>
        ) : null}
        <div className={styles.formActions}>
          <Button type="submit" variant="primary" busy={busy}>
            {busy ? 'Changing password…' : 'Change password'}
          </Button>
        </div>
      </form>
    </div>
  )
}
