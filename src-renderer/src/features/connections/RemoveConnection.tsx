// The remove row of a connection's panel and its confirmation (typing the name for production); renderer.
import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { Connection } from '../../../../src-main/contract/hubs.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { Button } from '../../ui/Button'
import { ErrorNotice } from '../../ui/Notice'
import { TextField } from '../../ui/TextField'
import { useConnectionsStore } from './connections.store'
import { keysLabel } from './sync-text'
import styles from './Connections.module.css'

export function RemoveConnection({ connection }: { connection: Connection }) {
  const remove = useConnectionsStore((state) => state.remove)
  const keys = useConnectionsStore((state) => state.status[connection.id]?.keys ?? 0)
  const [asking, setAsking] = useState(false)
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<AppErrorBody>()
  const confirmRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null)
  const cancelRef = useRef<HTMLButtonElement>(null)
  const prod = connection.environment === 'prod'
  const matches = typed.trim() === connection.name

  useEffect(() => {
    if (!asking) return
    if (prod) confirmRef.current?.focus()
    else cancelRef.current?.focus()
  }, [asking, prod])

  const confirm = async (event?: FormEvent) => {
    event?.preventDefault()
    if (busy || (prod && !matches)) return
    setBusy(true)
    setFailure(undefined)
    const result = await remove(connection.id)
    // On success the panel closes with the connection; on failure it stays with the reason.
    if (!result.ok) {
      setBusy(false)
      setFailure(result.error)
    }
  }

  if (!asking) {
    return (
      <div className={styles.removeRow}>
        <div className={styles.removeText}>
          <span className={styles.sectionLabel}>Remove connection</span>
          <span className={styles.muted}>
            Deletes its cached keys and stored credential from Hubkeys. Nothing changes on the hub.
          </span>
        </div>
        <Button variant="secondary" icon="trash" onClick={() => setAsking(true)}>
          Remove…
        </Button>
      </div>
    )
  }
  return (
    <form
      className={styles.confirm}
      role="group"
      aria-label="Confirm removal"
      onSubmit={(event) => void confirm(event)}
      noValidate
    >
      <p>
        Remove <strong>{connection.name}</strong>? Its {keysLabel(keys)} in the cache and its stored
        credential are deleted from Hubkeys. The keys themselves stay on the hub.
      </p>
      {prod ? (
        <TextField
          label={`Type ${connection.name} to confirm`}
          value={typed}
          onChange={setTyped}
          inputRef={confirmRef}
          hint="This is a production connection."
        />
      ) : null}
      <ErrorNotice error={failure} />
      <div className={styles.confirmActions}>
        <Button
          type="submit"
          variant="danger"
          icon="trash"
          busy={busy}
          {...(prod && !matches ? { disabledReason: 'Type the connection name first' } : {})}
        >
          {busy ? 'Removing…' : 'Remove connection'}
        </Button>
        <Button
          variant="ghost"
          ref={cancelRef}
          onClick={() => {
            setAsking(false)
            setTyped('')
            setFailure(undefined)
          }}
        >
          Keep it
        </Button>
      </div>
    </form>
  )
}
