// The key detail panel's actions (Edit…, Verify, Delete…) as one toolbar component, offered as the key's hub kind declares; renderer.
import { useEffect, useState } from 'react'
import type { KeyDetail } from '../../../../src-main/contract/inventory.contract'
import { Button } from '../../ui/Button'
import { Icon } from '../../ui/Icon'
import { kindLabel } from '../keys/key-format'
import { focusKeyTable } from '../keys/key-table-focus'
import { useKeysStoreApi } from '../keys/keys.store'
import { DeleteKeyDialog } from './DeleteKeyDialog'
import { EditKeyDialog } from './EditKeyDialog'
import { useCapabilities, useKeyActionsClient } from './key-actions-context'
import { verifyOutcome, type VerifyOutcome } from './verify-outcome'
import styles from './KeyActions.module.css'

const outcomeIcon = { valid: 'circle-check', rejected: 'alert', unchecked: 'info' } as const

export function KeyActions({ keyDetail: key }: { keyDetail: KeyDetail }) {
  const client = useKeyActionsClient()
  const store = useKeysStoreApi()
  const capabilities = useCapabilities(key.kind)
  const [open, setOpen] = useState<'edit' | 'delete'>()
  const [verifying, setVerifying] = useState(false)
  const [verified, setVerified] = useState<VerifyOutcome>()
  const kind = kindLabel(key.kind)
  const gone = key.status === 'missing' || key.status === 'deleted'

  // A verification speaks for the key it was made for only.
  useEffect(() => setVerified(undefined), [key.id])

  const verify = async () => {
    setVerifying(true)
    setVerified(undefined)
    const result = await client.call('keys:verify', {
      connectionId: key.connectionId,
      keyId: key.id
    })
    setVerifying(false)
    setVerified(verifyOutcome(result))
  }

  const deleted = () => {
    setOpen(undefined)
    store.getState().closeDetail()
    store.getState().reload()
    // Once the panel and the dialog are gone (and the window is no longer inert), the table
    // takes the focus back.
    setTimeout(() => focusKeyTable(store, {}), 0)
  }

  const waiting = capabilities ? undefined : 'Reading what this hub can do…'
  const verifyBlocked =
    waiting ??
    (!capabilities?.verify
      ? `${kind} offers no way to verify keys`
      : !key.hasSecret
        ? "Hubkeys does not hold this key's value"
        : undefined)
  const deleteBlocked =
    waiting ??
    (gone
      ? 'The key is already gone at its hub'
      : capabilities?.delete === 'none'
        ? `${kind} offers no way to delete keys`
        : undefined)

  return (
    <>
      <Button
        size="sm"
        icon="settings"
        onClick={() => setOpen('edit')}
        {...(waiting ? { disabledReason: waiting } : {})}
      >
        Edit…
      </Button>
      <Button
        size="sm"
        icon="circle-check"
        busy={verifying}
        onClick={() => void verify()}
        {...(verifyBlocked ? { disabledReason: verifyBlocked } : {})}
      >
        {verifying ? 'Verifying…' : 'Verify'}
      </Button>
      <Button
        size="sm"
        variant="danger"
        icon="trash"
        onClick={() => setOpen('delete')}
        {...(deleteBlocked ? { disabledReason: deleteBlocked } : {})}
      >
        Delete…
      </Button>
      <span role="status" className={styles.verifyResult} data-state={verified?.state}>
        {verified ? (
          <>
            <Icon name={outcomeIcon[verified.state]} size={12} />
            <strong>{verified.label}</strong>
            <span className={styles.muted}>{verified.detail}</span>
          </>
        ) : null}
      </span>
      {open === 'edit' && capabilities ? (
        <EditKeyDialog
          keyDetail={key}
          capabilities={
            gone
              ? {
                  ...capabilities,
                  update: {
                    name: false,
                    ips: false,
                    headers: false,
                    role: false,
                    status: false,
                    expiry: false
                  }
                }
              : capabilities
          }
          onClose={() => setOpen(undefined)}
          onSaved={() => store.getState().reload()}
        />
      ) : null}
      {open === 'delete' && capabilities ? (
        <DeleteKeyDialog
          keyDetail={key}
          capabilities={capabilities}
          onClose={() => setOpen(undefined)}
          onDeleted={deleted}
        />
      ) : null}
    </>
  )
}
