// The delete confirmation of one key: says whether the hub deletes it or only Hubkeys' record goes, and on production asks for the key's name typed in; renderer.
import { useId, useRef, useState, type FormEvent } from 'react'
import type { Capabilities } from '../../../../src-main/contract/hubs.contract'
import type { KeyDetail } from '../../../../src-main/contract/inventory.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { Notice } from '../../ui/Notice'
import { TextField } from '../../ui/TextField'
import { kindLabel } from '../keys/key-format'
import { useKeyActionsClient } from './key-actions-context'
import styles from './KeyActions.module.css'

interface DeleteKeyDialogProps {
  keyDetail: KeyDetail
  capabilities: Capabilities
  onClose(): void
  onDeleted(): void
}

/** What the admin types on production: the key's name, or its id when it has none. */
export const confirmationText = (key: Pick<KeyDetail, 'name' | 'hubKeyId'>): string =>
  key.name.trim() || key.hubKeyId

export function DeleteKeyDialog({
  keyDetail: key,
  capabilities,
  onClose,
  onDeleted
}: DeleteKeyDialogProps) {
  const client = useKeyActionsClient()
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<AppErrorBody>()
  const cancel = useRef<HTMLButtonElement>(null)
  const formId = useId()
  const production = key.environment === 'prod'
  const expected = confirmationText(key)
  const blocked = production && typed.trim() !== expected
  const hubDeletes = capabilities.delete === 'hub'
  const kind = kindLabel(key.kind)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy || blocked) return
    setBusy(true)
    setFailure(undefined)
    const result = await client.call('keys:delete', {
      connectionId: key.connectionId,
      keyId: key.id,
      ...(production ? { confirmName: typed.trim() } : {})
    })
    if (!result.ok) {
      setBusy(false)
      setFailure(result.error)
      return
    }
    onDeleted()
  }

  return (
    <Dialog
      title={hubDeletes ? 'Delete this key?' : 'Remove this key from Hubkeys?'}
      description={
        <>
          <strong>{key.name || '(no name)'}</strong> of {key.connectionName}
          {production ? ', a production connection' : ''}.
        </>
      }
      onClose={onClose}
      initialFocus={production ? undefined : cancel}
      closeLabel="Keep the key"
      footer={
        <>
          <Button ref={cancel} variant="ghost" onClick={onClose}>
            Keep it
          </Button>
          <Button
            variant="danger"
            icon="trash"
            type="submit"
            form={formId}
            busy={busy}
            {...(blocked ? { disabledReason: "Type the key's name first" } : {})}
          >
            {busy ? 'Deleting…' : hubDeletes ? 'Delete key' : 'Remove from Hubkeys'}
          </Button>
        </>
      }
    >
      <form id={formId} className={styles.form} onSubmit={(event) => void submit(event)}>
        {hubDeletes ? (
          <p>
            {key.connectionName} deletes the key: anything using it stops working at once. Hubkeys
            keeps its record, marked deleted, until you forget it.
          </p>
        ) : (
          <Notice tone="warn">
            {kind} has no API to delete keys. Only Hubkeys&apos; record of this key and its stored
            value go; <strong>the key keeps working</strong> until you remove it in {kind}&apos;s
            own console.
          </Notice>
        )}
        {production ? (
          <TextField
            label={`Type “${expected}” to confirm`}
            value={typed}
            onChange={setTyped}
            mono
            hint="This key is on a production connection."
          />
        ) : null}
        {failure ? (
          <Notice tone="danger" role="alert">
            Nothing was deleted. {key.connectionName} answered: {failure.message}
          </Notice>
        ) : null}
      </form>
    </Dialog>
  )
}
