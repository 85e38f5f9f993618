// The panel of one connection: its cache and sync state, test and sync now, its settings to edit, and removal; renderer.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { hubForms } from '../../../../src-main/contract/hub-forms'
import type { Connection } from '../../../../src-main/contract/hubs.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { Badge } from '../../ui/Badge'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { Notice } from '../../ui/Notice'
import { TextField } from '../../ui/TextField'
import { capabilityLine } from './capabilities'
import { ConnectionDot, EnvironmentBadge } from './ConnectionDot'
import { ConnectionFields, type FieldRefs } from './ConnectionFields'
import {
  changes,
  checkValues,
  firstError,
  inputOf,
  patchOf,
  valuesOf,
  type ConnectionFormValues,
  type FormErrors
} from './connection-form'
import {
  cacheAgeNow,
  offlineReason,
  useConnectionsStore,
  type TestRequest
} from './connections.store'
import { ago, keysLabel, stateLabel, stateTone, syncLine } from './sync-text'
import { TestOutcome, type TestState } from './TestOutcome'
import { useNow } from './use-now'
import styles from './Connections.module.css'

function SyncFacts({ connection }: { connection: Connection }) {
  const status = useConnectionsStore((state) => state.status[connection.id])
  const statusReadAt = useConnectionsStore((state) => state.statusReadAt)
  const now = useConnectionsStore((state) => state.now)
  const at = useNow(now)
  if (!status) {
    return <p className={styles.muted}>Reading the sync state…</p>
  }
  const age = cacheAgeNow(status, statusReadAt, at)
  const line = syncLine(status, age)
  // Ages come from main's own measure (`cacheAgeMs`), so a clock difference cannot skew them.
  const lastSuccess = age === null ? 'Never' : ago(age)
  return (
    <>
      <dl className={styles.facts}>
        <div className={styles.fact}>
          <dt>State</dt>
          <dd>
            <Badge tone={stateTone(status)} dot title={status.detail}>
              {stateLabel(status)}
            </Badge>
          </dd>
        </div>
        <div className={styles.fact}>
          <dt>Keys cached</dt>
          <dd className="tabular" data-testid="panel-keys">
            {status.state === 'running' && status.progress
              ? `${keysLabel(status.progress.keys)} pulled so far`
              : keysLabel(status.keys)}
          </dd>
        </div>
        <div className={styles.fact}>
          <dt>{status.source === 'local' ? 'Inventory' : 'Last sync'}</dt>
          <dd>{status.source === 'local' ? 'Kept in Hubkeys' : lastSuccess}</dd>
        </div>
      </dl>
      {status.state === 'failed' ? (
        <Notice tone="danger">
          <span>{status.error?.message ?? line.text}</span>
          {age !== null ? (
            <span className={styles.muted}>
              The cache still holds what the sync {lastSuccess} found.
            </span>
          ) : null}
        </Notice>
      ) : (
        <p className={styles.muted}>{status.detail}</p>
      )}
    </>
  )
}

function RemoveConnection({ connection }: { connection: Connection }) {
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
      {failure ? (
        <Notice tone="danger" role="alert">
          {failure.message}
        </Notice>
      ) : null}
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

function ConnectionEditor({ connection }: { connection: Connection }) {
  const close = useConnectionsStore((state) => state.close)
  const update = useConnectionsStore((state) => state.update)
  const test = useConnectionsStore((state) => state.test)
  const sync = useConnectionsStore((state) => state.sync)
  const online = useConnectionsStore((state) => state.online)
  const running = useConnectionsStore((state) => state.status[connection.id]?.state === 'running')
  // Hub kinds without a key list have nothing to pull: their records are the inventory.
  const pulls = useConnectionsStore((state) => state.status[connection.id]?.source !== 'local')
  const caps = useConnectionsStore((state) =>
    state.kinds.find((info) => info.kind === connection.kind)
  )
  const form = hubForms[connection.kind]
  const [values, setValues] = useState<ConnectionFormValues>(() => valuesOf(connection, form))
  const [submitted, setSubmitted] = useState(false)
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState(false)
  const [saveError, setSaveError] = useState<AppErrorBody>()
  const [testState, setTestState] = useState<TestState>({ phase: 'idle' })
  const [syncError, setSyncError] = useState<AppErrorBody>()
  const refs = useRef<FieldRefs>({})
  const edits = useRef(0)
  const formId = useId()

  const patch = patchOf(values, form, connection)
  const dirty = changes(patch)
  const options = { credentialStored: connection.hasCredential }
  const errors: FormErrors = submitted ? checkValues(values, form, options) : {}

  // A change saved elsewhere (another window, the CLI) shows here unless this form has edits.
  const [seen, setSeen] = useState(connection.updatedAt)
  if (seen !== connection.updatedAt) {
    setSeen(connection.updatedAt)
    if (!dirty) setValues(valuesOf(connection, form))
  }

  const edit = (next: ConnectionFormValues) => {
    edits.current += 1
    setValues(next)
    setSaved(false)
    setSaveError(undefined)
    if (testState.phase !== 'testing') setTestState({ phase: 'idle' })
  }

  /**
   * What "Test" checks: the saved connection, or the edits with a newly typed credential. Edits
   * without one cannot be tested: the stored credential only serves the saved settings.
   */
  const testRequest: TestRequest | undefined = !dirty
    ? { id: connection.id }
    : values.credential.trim() !== '' || !form.credentialRequired
      ? { input: inputOf(values, form) }
      : undefined
  const testBlocked = !online
    ? offlineReason
    : testRequest
      ? undefined
      : 'Save the changes first, or type the credential again to test them unsaved'

  const runTest = async () => {
    if (!testRequest || testState.phase === 'testing') return
    if (dirty) {
      setSubmitted(true)
      const problem = firstError(checkValues(values, form, options), form)
      if (problem) return refs.current[problem]?.focus()
    }
    const mine = edits.current
    setTestState({ phase: 'testing' })
    const result = await test(testRequest)
    if (mine !== edits.current) return setTestState({ phase: 'idle' })
    setTestState(
      result.ok
        ? { phase: 'passed', detail: result.value.detail }
        : { phase: 'failed', error: result.error }
    )
  }

  const syncNow = async () => {
    setSyncError(undefined)
    const result = await sync([connection.id])
    // Per-connection failures show in the state above; this is for a refused request.
    if (!result.ok) setSyncError(result.error)
  }

  const save = async (event?: FormEvent) => {
    event?.preventDefault()
    if (saving || !dirty) return
    setSubmitted(true)
    const problem = firstError(checkValues(values, form, options), form)
    if (problem) return refs.current[problem]?.focus()
    setSaving(true)
    setSaveError(undefined)
    const result = await update(patch)
    setSaving(false)
    if (!result.ok) return setSaveError(result.error)
    setSubmitted(false)
    setSaved(true)
    setValues(valuesOf(result.value, form))
  }

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
            <Button
              variant="ghost"
              onClick={() => {
                edits.current += 1
                setValues(valuesOf(connection, form))
                setSubmitted(false)
                setSaveError(undefined)
              }}
            >
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
        <section className={styles.section} aria-label="Sync">
          <SyncFacts connection={connection} />
          <div className={styles.actions}>
            {pulls ? (
              <Button
                icon="retry"
                busy={running}
                onClick={() => void syncNow()}
                {...(online ? {} : { disabledReason: offlineReason })}
              >
                {running ? 'Syncing…' : 'Sync now'}
              </Button>
            ) : null}
            <Button
              icon="plug"
              busy={testState.phase === 'testing'}
              onClick={() => void runTest()}
              {...(testBlocked ? { disabledReason: testBlocked } : {})}
            >
              {testState.phase === 'testing' ? 'Testing…' : 'Test connection'}
            </Button>
          </div>
          <TestOutcome state={testState} />
          {syncError ? (
            <Notice tone="danger" role="alert">
              {syncError.message}
            </Notice>
          ) : null}
        </section>

        <section className={styles.section} aria-labelledby={`${formId}-settings`}>
          <h3 id={`${formId}-settings`} className={styles.sectionLabel}>
            Settings
          </h3>
          <form
            id={formId}
            className={styles.form}
            onSubmit={(event) => void save(event)}
            noValidate
          >
            <ConnectionFields
              form={form}
              values={values}
              errors={errors}
              onChange={edit}
              refs={refs}
              credentialStored={connection.hasCredential}
              readOnly={saving}
            />
            {saveError ? (
              <Notice tone="danger" role="alert">
                <span className={styles.noticeTitle}>The changes were not saved.</span>
                <span>{saveError.message}</span>
              </Notice>
            ) : null}
          </form>
        </section>

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
  return <ConnectionEditor key={connection.id} connection={connection} />
}
