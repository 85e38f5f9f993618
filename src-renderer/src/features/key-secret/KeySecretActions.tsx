// The key panel's value actions, as one toolbar component: Copy (split button) and Reveal for a key whose value the vault holds, else "Paste its value…"; renderer.
import { useId, useState } from 'react'
import type { KeyDetail } from '../../../../src-main/contract/inventory.contract'
import { Button } from '../../ui/Button'
import { showToast } from '../../ui/toast.store'
import { useKeysStoreApi } from '../keys/keys.store'
import { CopyKeyButton } from './CopyKeyButton'
import { RevealKeyButton } from './RevealKeyButton'
import { StoreValueDialog } from './StoreValueDialog'
import styles from './KeySecret.module.css'

/** Keys gone at their hub have nothing to paste a value for (core refuses it too). */
const isGone = (key: KeyDetail) => key.status === 'missing' || key.status === 'deleted'

export function KeySecretActions({ keyDetail: key }: { keyDetail: KeyDetail }) {
  const store = useKeysStoreApi()
  const [pasting, setPasting] = useState(false)
  const valueId = useId()
  const target = { connectionId: key.connectionId, keyId: key.id }

  if (key.hasSecret) {
    return (
      <>
        <CopyKeyButton target={target} />
        <RevealKeyButton target={target} valueId={valueId} />
      </>
    )
  }

  return (
    <>
      <span className={styles.noValue}>Hubkeys holds no value for this key.</span>
      {isGone(key) ? null : (
        <Button size="sm" icon="plus" onClick={() => setPasting(true)}>
          Paste its value…
        </Button>
      )}
      {pasting ? (
        <StoreValueDialog
          target={target}
          keyName={key.name || '(no name)'}
          onClose={() => setPasting(false)}
          onStored={(stored) => {
            setPasting(false)
            // The open panel shows the stored value at once; the next read of the key agrees.
            store.setState((state) =>
              state.detail?.id === key.id && state.detail.key
                ? {
                    detail: {
                      ...state.detail,
                      key: { ...state.detail.key, hasSecret: true, fingerprint: stored.fingerprint }
                    }
                  }
                : {}
            )
            showToast('Value stored in the vault.', { topic: 'copy' })
          }}
        />
      ) : null}
    </>
  )
}
