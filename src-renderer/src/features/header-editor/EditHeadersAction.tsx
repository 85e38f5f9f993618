// The key detail toolbar's "Edit headers…" button, shown for kinds whose declared capabilities allow header edits, and the dialog it opens; renderer.
import { useState } from 'react'
import type { KeyDetail } from '../../../../src-main/contract/inventory.contract'
import { useConnectionsStore } from '../connections/connections.store'
import { useKeysStoreApi } from '../keys/keys.store'
import { useSettingsStore } from '../settings/settings.store'
import { Button } from '../../ui/Button'
import { EditHeadersDialog } from './EditHeadersDialog'

/** Keys that are gone (deleted through Hubkeys, or missing at their hub) are not edited. */
const gone = new Set<KeyDetail['status']>(['deleted', 'deleting', 'missing'])

export function EditHeadersAction({ keyDetail }: { keyDetail: KeyDetail }) {
  const kinds = useConnectionsStore((state) => state.kinds)
  const online = useConnectionsStore((state) => state.online)
  // The settings store carries the app's typed client; this feature keeps no store of its own.
  const client = useSettingsStore((state) => state.client)
  const keys = useKeysStoreApi()
  const [open, setOpen] = useState(false)
  const capabilities = kinds.find((entry) => entry.kind === keyDetail.kind)?.capabilities
  if (!capabilities?.update.headers) return null

  return (
    <>
      <Button
        size="sm"
        onClick={() => setOpen(true)}
        {...(gone.has(keyDetail.status)
          ? { disabledReason: 'This key is gone from its hub; there is nothing to edit' }
          : {})}
      >
        Edit headers…
      </Button>
      {open ? (
        <EditHeadersDialog
          client={client}
          keyDetail={keyDetail}
          capabilities={capabilities}
          kinds={kinds}
          online={online}
          onSaved={() => keys.getState().reload()}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </>
  )
}
