// The "Paste its value…" dialog: stores a pasted value for a key Hubkeys knows without one (keys:store-value), checked against the fingerprint it saw; renderer.
import { useId, useState, type FormEvent } from 'react'
import type { KeyView } from '../../../../src-main/contract/keys.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { ErrorNotice } from '../../ui/Notice'
import { PasswordField } from '../../ui/PasswordField'
import { useSettingsStore } from '../settings/settings.store'
import type { CopyTarget } from './use-copy-key'
import styles from './KeySecret.module.css'

interface StoreValueDialogProps {
  target: CopyTarget
  keyName: string
  onStored(key: KeyView): void
  onClose(): void
}

export function StoreValueDialog({ target, keyName, onStored, onClose }: StoreValueDialogProps) {
  const client = useSettingsStore((state) => state.client)
  const [value, setValue] = useState('')
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<AppErrorBody>()
  const formId = useId()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy || value === '') return
    setBusy(true)
    setFailure(undefined)
    const result = await client.call('keys:store-value', { ...target, secret: value })
    setBusy(false)
    if (!result.ok) {
      setFailure(result.error)
      return
    }
    // The pasted value is not kept here once the vault holds it.
    setValue('')
    onStored(result.value)
  }

  return (
    <Dialog
      title="Paste this key's value"
      description={
        <>
          <strong>{keyName}</strong>: hubs show a key&apos;s value only when it is made. Hubkeys
          seals the value you paste in the vault; nothing changes at the hub.
        </>
      }
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="primary"
            type="submit"
            form={formId}
            busy={busy}
            {...(value === '' ? { disabledReason: 'Paste the value first' } : {})}
          >
            {busy ? 'Storing…' : 'Store value'}
          </Button>
        </>
      }
    >
      <form id={formId} className={styles.form} onSubmit={(event) => void submit(event)}>
        <PasswordField
          label="Key value"
          value={value}
          onChange={setValue}
          autoComplete="off"
          revealNoun="value"
          maxLength={8192}
          hint="If Hubkeys saw this key's fingerprint, the value must match it."
          readOnly={busy}
        />
        <ErrorNotice error={failure} />
      </form>
    </Dialog>
  )
}
