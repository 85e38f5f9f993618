// The panel of one connection: its cache and sync state, test and sync now, its settings to edit, and removal; renderer.
import { useId } from 'react'
import type { Connection } from '../../../../src-main/contract/hubs.contract'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { capabilityLine } from './capabilities'
import { ConnectionDot, EnvironmentBadge } from './ConnectionDot'
import { ConnectionSettingsSection } from './ConnectionSettingsSection'
import { ConnectionSyncSection } from './ConnectionSyncSection'
import { ConnectionUsageSection } from '../usage/ConnectionUsageSection'
import { useConnectionsStore } from './connections.store'
import { RemoveConnection } from './RemoveConnection'
import { useConnectionEditor } from './use-connection-editor'
import styles from './Connections.module.css'
import { ConnectionNewKey } from '../key-create/ConnectionNewKey'
import { RotateCredential } from '../rotation/RotateCredential'

function ConnectionEditorSheet({ connection }: { connection: Connection }) {
  const close = useConnectionsStore((state) => state.close)
  const caps = useConnectionsStore((state) =>
    state.kinds.find((info) => info.kind === connection.kind)
  )
  const editor = useConnectionEditor(connection)
  const { form, dirty, saving, saved } = editor
  const formId = useId()

  return (
    <Dialog
      variant="sheet"
      title={
        <span className={styles.panelTitle}>
          <ConnectionDot colour={connection.colour} />
          <span className={styles.panelName}>{connection.name}</span>
        </span>
      }
      headerExtra={<EnvironmentBadge environment={connection.environment} />}
      description={
        <>
          <span className={styles.panelSubtitle}>
            {form.label} · <span className="mono">{connection.baseUrl}</span>
          </span>
          {caps ? (
            <span className={styles.panelCaps}>{capabilityLine(caps.capabilities)}</span>
          ) : null}
        </>
      }
      closeLabel="Close panel"
      onClose={close}
      dismissOnBackdrop={!dirty}
      footer={
        <>
          <Button
            type="submit"
            form={formId}
            variant="primary"
            busy={saving}
            {...(dirty ? {} : { disabledReason: 'No changes to save' })}
          >
            {saving ? 'Saving…' : 'Save changes'}
          </Button>
          {dirty ? (
            <Button variant="ghost" onClick={editor.revert}>
              Revert
            </Button>
          ) : null}
          {saved && !dirty ? (
            <span className={styles.savedNote} role="status">
              Saved
            </span>
          ) : null}
        </>
      }
    >
      <div className={styles.panelBody}>
        <ConnectionSyncSection
          connection={connection}
          testState={editor.testState}
          testBlocked={editor.testBlocked}
          onTest={() => void editor.runTest()}
        />
        <ConnectionNewKey connectionId={connection.id} />
        <ConnectionUsageSection connection={connection} className={styles.section} />
        <RotateCredential connection={connection} className={styles.section} />
        <ConnectionSettingsSection connection={connection} editor={editor} formId={formId} />
        <section className={styles.section} aria-label="Remove">
          <RemoveConnection connection={connection} />
        </section>
      </div>
    </Dialog>
  )
}

export function ConnectionPanel({ id }: { id: string }) {
  const connection = useConnectionsStore((state) =>
    state.connections.find((candidate) => candidate.id === id)
  )
  if (!connection) return null
  // A fresh editor per connection: nothing typed for one shows on another.
  return <ConnectionEditorSheet key={connection.id} connection={connection} />
}
