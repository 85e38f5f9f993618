// First run: creates the vault with a new master password (length, confirmation, strength hint); renderer.
import { useRef, useState, type FormEvent } from 'react'
import { Button } from '../../ui/Button'
import { ErrorNotice, Notice } from '../../ui/Notice'
import { PasswordField } from '../../ui/PasswordField'
import { newPasswordErrors } from './password-strength'
import { StrengthHint } from './StrengthHint'
import { useVaultStore } from './vault.store'
import { VaultLayout } from './VaultLayout'
import styles from './VaultLayout.module.css'

export function FirstRunScreen() {
  const create = useVaultStore((state) => state.create)
  const busy = useVaultStore((state) => state.busy === 'create')
  const createError = useVaultStore((state) => state.createError)
  const [password, setPassword] = useState('')
  const [confirm, setConfirm] = useState('')
  // Errors show once a field was left or the form sent, never while someone is still typing.
  const [shown, setShown] = useState({ password: false, confirm: false })
  const passwordInput = useRef<HTMLInputElement>(null)
  const confirmInput = useRef<HTMLInputElement>(null)

  const errors = newPasswordErrors(password, confirm)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    setShown({ password: true, confirm: true })
    if (errors.password) return passwordInput.current?.focus()
    if (errors.confirm) return confirmInput.current?.focus()
    const outcome = await create(password)
    if (!outcome.done && outcome.error) passwordInput.current?.focus()
  }

  return (
    <VaultLayout title="Create your vault">
      <header className={styles.header}>
        <h1 className={styles.title}>Create your vault</h1>
        <p className={styles.lead}>
          Choose a master password. It encrypts every hub credential and key Hubkeys keeps on this
          computer, and you will type it each time you unlock.
        </p>
      </header>
      <form className={styles.form} onSubmit={(event) => void submit(event)} noValidate>
        <PasswordField
          label="Master password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          onBlur={() => setShown((s) => ({ ...s, password: password.length > 0 || s.password }))}
          error={shown.password ? errors.password : undefined}
          hint={<StrengthHint password={password} />}
          readOnly={busy}
          autoFocus
          inputRef={passwordInput}
        />
        <PasswordField
          label="Confirm master password"
          autoComplete="new-password"
          value={confirm}
          onChange={setConfirm}
          onBlur={() => setShown((s) => ({ ...s, confirm: confirm.length > 0 || s.confirm }))}
          error={shown.confirm && !errors.password ? errors.confirm : undefined}
          readOnly={busy}
          inputRef={confirmInput}
        />
        <Notice tone="neutral" icon="lock">
          <span className={styles.noticeTitle}>This password cannot be recovered.</span>
          <span>
            Nobody can reset it, not even Hubkeys. If it is lost, the vault cannot be opened and you
            start again with a new one.
          </span>
        </Notice>
        <ErrorNotice error={createError} />
        <Button type="submit" variant="primary" className={styles.submit} busy={busy}>
          {busy ? 'Creating vault…' : 'Create vault'}
        </Button>
      </form>
    </VaultLayout>
  )
}
