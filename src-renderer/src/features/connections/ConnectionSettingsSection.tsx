// The settings section of a connection's panel: the connection's fields as a form ("Replace credential" goes to the credential field), and why a save failed; renderer.
import type { Connection } from '../../../../src-main/contract/hubs.contract'
import { Button } from '../../ui/Button'
import { Notice } from '../../ui/Notice'
import { ConnectionFields } from './ConnectionFields'
import type { ConnectionEditor } from './use-connection-editor'
import styles from './Connections.module.css'

interface ConnectionSettingsSectionProps {
  connection: Connection
  editor: ConnectionEditor
  /** The form's id, which the panel's footer buttons submit. */
  formId: string
}

export function ConnectionSettingsSection({
  connection,
  editor,
  formId
}: ConnectionSettingsSectionProps) {
  return (
    <section className={styles.section} aria-labelledby={`${formId}-settings`}>
      <h3 id={`${formId}-settings`} className={styles.sectionLabel}>
        Settings
      </h3>
      {connection.hasCredential ? (
        // The step a lost or revoked credential asks for (a rotation's message names it).
        <div>
          <Button size="sm" variant="ghost" onClick={() => editor.refs.current.credential?.focus()}>
            Replace credential
          </Button>
        </div>
      ) : null}
      <form
        id={formId}
        className={styles.form}
        onSubmit={(event) => void editor.save(event)}
        noValidate
      >
        <ConnectionFields
          form={editor.form}
          values={editor.values}
          errors={editor.errors}
          onChange={editor.edit}
          refs={editor.refs}
          credentialStored={connection.hasCredential}
          readOnly={editor.saving}
        />
        {editor.saveError ? (
          <Notice tone="danger" role="alert">
            <span className={styles.noticeTitle}>The changes were not saved.</span>
            <span>{editor.saveError.message}</span>
          </Notice>
        ) : null}
      </form>
    </section>
  )
}
