// The settings row for backups: when the last one was made and where, "Back up now", "Restore…" with the backup's master password, and the folder; renderer.
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import type { BackupStatus } from '../../../../src-main/contract/backup.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import type { Client } from '../../api/client'
import { useSettingsStore } from './settings.store'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { Icon } from '../../ui/Icon'
import { Notice } from '../../ui/Notice'
import { PasswordField } from '../../ui/PasswordField'
import { TextField } from '../../ui/TextField'
import styles from './SettingsScreen.module.css'

const when = (at: number): string =>
  new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

function RestoreDialog({
  client,
  onClose,
  onRestored
}: {
  client: Client
  onClose(): void
  onRestored(message: string): void
}) {
  const [file, setFile] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<AppErrorBody>()
  const formId = useId()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    setBusy(true)
    setFailure(undefined)
    const result = await client.call('backup:restore', { file: file.trim(), password })
    setBusy(false)
    if (!result.ok) {
      setFailure(result.error)
      return
    }
    setPassword('')
    onRestored(
      `Restored ${result.value.restoredFrom}; the data it replaced is kept as ${result.value.keptAside}. Unlock with the backup's master password.`
    )
  }

  return (
    <Dialog
      title="Restore a backup"
      description="The current data is kept aside, then replaced by the backup's. The vault locks; unlock it again with the backup's master password."
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="danger"
            type="submit"
            form={formId}
            busy={busy}
            {...(file.trim() && password
              ? {}
              : { disabledReason: 'Give the file and its password' })}
          >
            Replace current data
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={(event) => void submit(event)}>
        <TextField
          label="Backup file"
          value={file}
          onChange={setFile}
          mono
          maxLength={4096}
          placeholder="/path/to/hubkeys-….db"
        />
        <PasswordField
          label="Master password of the backup"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          maxLength={1024}
          hint="Checked against the backup before anything is replaced."
          {...(failure ? { error: failure.message } : {})}
        />
      </form>
    </Dialog>
  )
}

function FolderDialog({
  client,
  current,
  onClose,
  onSaved
}: {
  client: Client
  current: string
  onClose(): void
  onSaved(): void
}) {
  const [folder, setFolder] = useState(current)
  const [failure, setFailure] = useState<AppErrorBody>()
  const [busy, setBusy] = useState(false)
  const formId = useId()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    setBusy(true)
    const result = await client.call('prefs:set', { backupDir: folder.trim() })
    setBusy(false)
    if (result.ok) onSaved()
    else setFailure(result.error)
  }

  return (
    <Dialog
      title="Backup folder"
      description="New backups go here; the ones already made stay where they are."
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
            {...(folder.trim() ? {} : { disabledReason: 'Give a folder' })}
          >
            Use this folder
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={(event) => void submit(event)}>
        <TextField
          label="Folder"
          value={folder}
          onChange={setFolder}
          mono
          maxLength={4096}
          {...(failure ? { error: failure.message } : {})}
        />
      </form>
    </Dialog>
  )
}

export function BackupRow() {
  const client = useSettingsStore((state) => state.client)
  const [status, setStatus] = useState<BackupStatus>()
  const [failure, setFailure] = useState<AppErrorBody>()
  const [busy, setBusy] = useState(false)
  const [restoring, setRestoring] = useState(false)
  const [choosingFolder, setChoosingFolder] = useState(false)
  const [restored, setRestored] = useState<string>()
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`

  const refresh = useCallback(async () => {
    const result = await client.call('backup:status', {})
    if (result.ok) setStatus(result.value)
    else setFailure(result.error)
  }, [client])

  useEffect(() => {
    void refresh()
  }, [refresh])

  const backUp = async () => {
    setBusy(true)
    setFailure(undefined)
    const result = await client.call('backup:create', {})
    setBusy(false)
    if (!result.ok) setFailure(result.error)
    await refresh()
  }

  return (
    <div className={styles.row}>
      <div className={styles.rowText}>
        <span className={styles.rowLabel}>Backups</span>
        <p id={hintId} className={styles.rowHint}>
          {status?.lastBackupAt
            ? `Last backup ${when(status.lastBackupAt)}.`
            : status
              ? 'No backup yet.'
              : 'Reading the backup folder…'}{' '}
          {status
            ? `Hubkeys copies its data once a day while unlocked and keeps the last ${status.keep} in ${status.dir}.`
            : null}
        </p>
        {restored ? (
          <Notice tone="ok" role="status">
            {restored}
          </Notice>
        ) : null}
      </div>
      <div className={styles.rowControl}>
        <Button
          icon="download"
          busy={busy}
          onClick={() => void backUp()}
          aria-describedby={failure ? `${hintId} ${errorId}` : hintId}
        >
          Back up now
        </Button>
        <Button variant="ghost" onClick={() => setRestoring(true)}>
          Restore…
        </Button>
        <Button
          variant="ghost"
          onClick={() => setChoosingFolder(true)}
          {...(status ? {} : { disabledReason: 'Reading the backup folder' })}
        >
          Folder…
        </Button>
        {failure ? (
          <p id={errorId} className={styles.rowError} role="alert">
            <Icon name="alert" size={12} />
            <span>{failure.message}</span>
          </p>
        ) : null}
      </div>
      {choosingFolder && status ? (
        <FolderDialog
          client={client}
          current={status.dir}
          onClose={() => setChoosingFolder(false)}
          onSaved={() => {
            setChoosingFolder(false)
            void refresh()
          }}
        />
      ) : null}
      {restoring ? (
        <RestoreDialog
          client={client}
          onClose={() => setRestoring(false)}
          onRestored={(message) => {
            setRestoring(false)
            setRestored(message)
            void refresh()
          }}
        />
      ) : null}
    </div>
  )
}
