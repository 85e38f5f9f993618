// Unlock: asks for the master password (or tries this device's keychain), says why the vault locked, shows errors and the wait; renderer.
import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { vaultChannels } from '../../../../src-main/contract/vault.contract'
import { Button } from '../../ui/Button'
import { Icon } from '../../ui/Icon'
import { Notice } from '../../ui/Notice'
import { PasswordField } from '../../ui/PasswordField'
import { useSecondsLeft } from './use-seconds-left'
import { useVaultStore } from './vault.store'
import { VaultLayout } from './VaultLayout'
import styles from './VaultLayout.module.css'

/** What is wrong with a password `vault:unlock` would refuse (empty, too long), in its schema's words. */
const passwordProblem = (password: string): string | undefined =>
  vaultChannels['vault:unlock'].request.shape.password.safeParse(password, {
    error: (issue) =>
      issue.code === 'too_big' ? `Use at most ${String(issue.maximum)} characters.` : undefined
  }).error?.issues[0]?.message

/** Failures allowed before main starts to make each attempt wait (unlock-throttle.ts in main). */
const freeAttempts = 5

/** The first sentence of an unlock error; the wait is shown live below it, not frozen in text. */
const headline = (error: AppErrorBody): string => {
  switch (error.code) {
    case 'UNAUTHORIZED':
      return 'Wrong master password.'
    case 'RATE_LIMITED':
      return 'Too many wrong passwords in a row.'
    default:
      return error.message
  }
}

export function UnlockScreen() {
  const unlock = useVaultStore((state) => state.unlock)
  const busy = useVaultStore((state) => state.busy === 'unlock')
  const unlockRemembered = useVaultStore((state) => state.unlockRemembered)
  const unlockRememberedOnStart = useVaultStore((state) => state.unlockRememberedOnStart)
  const deviceBusy = useVaultStore((state) => state.busy === 'unlock-remembered')
  const deviceError = useVaultStore((state) => state.deviceUnlockError)
  const remembered = useVaultStore((state) => state.status?.remembered ?? false)
  const error = useVaultStore((state) => state.unlockError)
  const lockNotice = useVaultStore((state) => state.lockNotice)
  const failures = useVaultStore((state) => state.status?.failures ?? 0)
  const retryAt = useVaultStore((state) => state.retryAt)
  const now = useVaultStore((state) => state.now)
  const secondsLeft = useSecondsLeft(retryAt, now)
  const waiting = secondsLeft > 0
  const [password, setPassword] = useState('')
  const [problem, setProblem] = useState<string>()
  const input = useRef<HTMLInputElement>(null)

  // At start-up a remembered vault opens by itself, once; after a failure the password field is the way in.
  useEffect(() => {
    void unlockRememberedOnStart().then((outcome) => {
      if (!outcome.done && outcome.error) input.current?.focus()
    })
  }, [unlockRememberedOnStart])

  const unlockWithDevice = async () => {
    if (busy || deviceBusy) return
    const outcome = await unlockRemembered()
    if (!outcome.done && outcome.error) input.current?.focus()
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy || deviceBusy || waiting) return
    const refused = passwordProblem(password)
    if (refused) {
      setProblem(refused)
      input.current?.focus()
      return
    }
    const outcome = await unlock(password)
    if (!outcome.done && outcome.error) {
      // Keep what was typed, selected, so the next attempt is typed straight over it.
      input.current?.focus()
      input.current?.select()
    }
  }

  // A timer is not live by default; said explicitly, so the alert around it is not re-read each tick.
  const countdown = waiting ? (
    <p className={styles.countdown} role="timer" aria-live="off">
      <Icon name="clock" size={14} />
      Try again in {secondsLeft} s
    </p>
  ) : null

  return (
    <VaultLayout title="Unlock">
      <header className={styles.header}>
        <h1 className={styles.title}>Unlock your vault</h1>
        <p className={styles.lead}>Enter your master password to open Hubkeys.</p>
      </header>
      {lockNotice ? (
        <Notice tone="info" icon="lock" role="status">
          {lockNotice}
        </Notice>
      ) : null}
      {deviceBusy ? (
        <Notice tone="info" icon="lock" role="status">
          Opening the vault with this device&apos;s keychain…
        </Notice>
      ) : deviceError ? (
        <Notice tone="warn" role="alert">
          {deviceError.message}
        </Notice>
      ) : null}
      <form className={styles.form} onSubmit={(event) => void submit(event)} noValidate>
        <PasswordField
          label="Master password"
          autoComplete="current-password"
          value={password}
          onChange={(value) => {
            setPassword(value)
            if (value) setProblem(undefined)
          }}
          error={problem}
          invalid={error !== undefined && !busy}
          describedBy={error ? 'unlock-error' : undefined}
          readOnly={busy || deviceBusy}
          autoFocus
          inputRef={input}
        />
        {error ? (
          <Notice tone="danger" role="alert" id="unlock-error">
            <span className={styles.noticeTitle}>{headline(error)}</span>
            {error.code === 'UNAUTHORIZED' && failures > 0 && failures < freeAttempts ? (
              <span className={styles.secondary}>
                {failures} wrong in a row. After {freeAttempts}, each new attempt has to wait a
                little longer.
              </span>
            ) : null}
            {countdown}
          </Notice>
        ) : waiting ? (
          <Notice tone="warn">
            <span className={styles.noticeTitle}>Too many wrong passwords in a row.</span>
            {countdown}
          </Notice>
        ) : null}
        <Button
          type="submit"
          variant="primary"
          className={styles.submit}
          busy={busy}
          {...(waiting ? { disabledReason: `Try again in ${secondsLeft} s` } : {})}
        >
          {busy ? 'Unlocking…' : 'Unlock'}
        </Button>
        {remembered ? (
          <Button
            className={styles.submit}
            icon="lock"
            busy={deviceBusy}
            onClick={() => void unlockWithDevice()}
            {...(busy ? { disabledReason: 'Unlocking with the password' } : {})}
          >
            {deviceBusy ? 'Unlocking with this device…' : 'Unlock with this device'}
          </Button>
        ) : null}
      </form>
    </VaultLayout>
  )
}
