// The "Remember on this device" switch of the settings screen, shown only where the OS keychain can hold the vault key; renderer.
import { useId, useState } from 'react'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { Icon } from '../../ui/Icon'
import { Switch } from '../../ui/Switch'
import { useVaultStore } from '../vault/vault.store'
import styles from './SettingsScreen.module.css'

export function RememberDeviceRow() {
  const available = useVaultStore((state) => state.status?.rememberAvailable ?? false)
  const remembered = useVaultStore((state) => state.status?.remembered ?? false)
  const busy = useVaultStore((state) => state.busy === 'remember')
  const remember = useVaultStore((state) => state.remember)
  const [failure, setFailure] = useState<AppErrorBody>()
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`

  // Web mode and systems without a real keychain never show it; a remembered vault can always be
  // forgotten, even if the keychain stopped answering since.
  if (!available && !remembered) return null

  const change = async (enabled: boolean) => {
    setFailure(undefined)
    const outcome = await remember(enabled)
    if (!outcome.done && outcome.error) setFailure(outcome.error)
  }

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
          checked={remembered}
          busy={busy}
          onChange={(enabled) => void change(enabled)}
          aria-describedby={failure ? `${hintId} ${errorId}` : hintId}
          aria-invalid={failure ? true : undefined}
        />
        {failure ? (
          <p id={errorId} className={styles.rowError} role="alert">
            <Icon name="alert" size={12} />
            <span>{failure.message}</span>
          </p>
        ) : null}
      </div>
    </div>
  )
}
