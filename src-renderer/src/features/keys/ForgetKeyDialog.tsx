// The confirmation for forgetting a key that is missing at its hub or deleted: names what is lost and, for a stored value, asks for an explicit tick; renderer.
import { useId, useRef, useState, type FormEvent } from 'react'
import type { KeyDetail } from '../../../../src-main/contract/inventory.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { kindLabel } from './key-format'
import { useKeysStore } from './keys.store'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { ErrorNotice } from '../../ui/Notice'
import styles from './ForgetKey.module.css'

/** What goes with the key, the stored value first: no hub can give that back. */
const whatIsLost = (key: KeyDetail): { text: string; value?: true }[] => [
  ...(key.hasSecret
    ? [
        {
          text: `its stored value, which ${kindLabel(key.kind)} will not show again`,
          value: true as const
        }
      ]
    : []),
  {
    text: `its record in Hubkeys (name, status and the facts last read from ${key.connectionName})`
  },
  ...(key.notes?.trim() ? [{ text: 'its notes' }] : []),
  ...(key.tags.length > 0 ? [{ text: `its tags (${key.tags.join(', ')})` }] : [])
]

interface ForgetKeyDialogProps {
  keyDetail: KeyDetail
  onClose(): void
}

export function ForgetKeyDialog({ keyDetail: key, onClose }: ForgetKeyDialogProps) {
  const forget = useKeysStore((state) => state.forgetOpenKey)
  const [understood, setUnderstood] = useState(false)
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<AppErrorBody>()
  const cancel = useRef<HTMLButtonElement>(null)
  const formId = useId()
  const name = key.name || '(no name)'
  const blocked = key.hasSecret && !understood

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy || blocked) return
    setBusy(true)
    setFailure(undefined)
    const result = await forget()
    if (!result.ok) {
      setBusy(false)
      setFailure(result.error)
      return
    }
    // The panel and this dialog close with the key; once they are gone (and the rest of the
    // window is no longer inert) the table takes the focus back.
    setTimeout(() => document.querySelector<HTMLElement>('[role="grid"]')?.focus(), 0)
  }

  return (
    <Dialog
      title="Forget this key?"
      description={
        <>
          <strong>{name}</strong> of {key.connectionName}. Nothing changes at the hub: the key is
          already gone there.
        </>
      }
      onClose={onClose}
      initialFocus={cancel}
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
            {...(blocked ? { disabledReason: 'Tick that you understand first' } : {})}
          >
            {busy ? 'Forgetting…' : 'Forget key'}
          </Button>
        </>
      }
    >
      <form id={formId} className={styles.form} onSubmit={(event) => void submit(event)}>
        <p>Hubkeys drops, for good:</p>
        <ul className={styles.lost} aria-label="What is lost">
          {whatIsLost(key).map((item) => (
            <li key={item.text} className={item.value ? styles.value : undefined}>
              {item.text}
            </li>
          ))}
        </ul>
        {key.hasSecret ? (
          <label className={styles.check}>
            <input
              type="checkbox"
              checked={understood}
              onChange={(event) => setUnderstood(event.target.checked)}
            />
            <span>I understand the stored value is lost</span>
          </label>
        ) : null}
        <ErrorNotice error={failure} />
      </form>
    </Dialog>
  )
}
