// What the new-key dialog shows once the key exists: its value, once, with a copy button, and where it is kept; renderer.
import { useEffect, useRef, useState } from 'react'
import type { Connection } from '../../../../src-main/contract/hubs.contract'
import { useAppStore } from '../../app/app.store'
import { useKeysStore } from '../keys/keys.store'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { Notice } from '../../ui/Notice'
import { useCopyKey } from '../key-secret/use-copy-key'
import type { KeyCreated } from './key-create.store'
import styles from './KeyCreate.module.css'

interface CreatedKeyViewProps {
  created: KeyCreated
  connection: Connection
  onClose(): void
}

export function CreatedKeyView({ created, connection, onClose }: CreatedKeyViewProps) {
  const reload = useKeysStore((state) => state.reload)
  const openDetail = useKeysStore((state) => state.openDetail)
  const go = useAppStore((state) => state.go)
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle')
  const done = useRef<HTMLButtonElement>(null)
  const { key, secret } = created
  const name = key.name || key.hubKeyId

  // The table shows the new key without waiting for the next sync.
  useEffect(() => reload(), [reload])

  const copyKey = useCopyKey()
  // Through keys:copy like every copy: main writes the clipboard on the desktop and clears it.
  const copyValue = async () => {
    if (secret === undefined) return
    const copied = await copyKey({
      connectionId: connection.id,
      keyId: key.localId ?? key.hubKeyId
    })
    setCopy(copied ? 'copied' : 'failed')
  }

  return (
    <Dialog
      title={secret === undefined ? 'Key recorded' : 'Key created'}
      description={
        <>
          <strong>{name}</strong> on {connection.name}
        </>
      }
      onClose={onClose}
      initialFocus={done}
      closeLabel="Close"
      className={styles.dialog}
      footer={
        <>
          {key.localId ? (
            <Button
              onClick={() => {
                const id = key.localId!
                onClose()
                go('keys')
                openDetail(id)
              }}
            >
              Open the key
            </Button>
          ) : null}
          <Button ref={done} variant="primary" onClick={onClose}>
            Done
          </Button>
        </>
      }
    >
      <div className={styles.form}>
        {secret !== undefined ? (
          <>
            <p>This is the key's value. It is shown here once.</p>
            <div className={styles.secretRow}>
              <output className={`${styles.secret} mono`} aria-label="The new key's value">
                {secret}
              </output>
              <Button icon="copy" onClick={() => void copyValue()}>
                {copy === 'copied' ? 'Copied' : 'Copy'}
              </Button>
            </div>
            <p role="status" className={styles.muted}>
              {copy === 'copied'
                ? 'Copied to the clipboard.'
                : copy === 'failed'
                  ? 'The clipboard refused the value; select it and copy it by hand.'
                  : ''}
            </p>
          </>
        ) : null}
        <Notice tone="ok">
          Stored in Hubkeys' vault; you can copy it later from the key's panel.
        </Notice>
      </div>
    </Dialog>
  )
}
