// The new-key dialog: a form built from the connection's declared capabilities (create, or record a key made elsewhere), then the value shown once; renderer.
import { useMemo, useRef, useState, type FormEvent } from 'react'
import type { Capabilities, Connection } from '../../../../src-main/contract/hubs.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { offlineReason, useConnectionsStore } from '../connections/connections.store'
import { kindLabel } from '../keys/key-format'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { Notice } from '../../ui/Notice'
import { SegmentedControl } from '../../ui/SegmentedControl'
import { Select } from '../../ui/Select'
import { TextField } from '../../ui/TextField'
import fieldStyles from '../../ui/Field.module.css'
import { CreatedKeyView } from './CreatedKeyView'
import { HeaderRulesField } from './HeaderRulesField'
import { IpFilterEditor } from '../ip-filter/IpFilterEditor'
import {
  accessTypeLabels,
  canRecord,
  emptyKeyForm,
  formFieldsFor,
  mayGenerate,
  requestOf,
  validateKeyForm,
  type KeyFormErrors,
  type KeyFormMode,
  type KeyFormValues
} from './key-create-form'
import { useKeyCreateStore, type KeyCreated, type KeyCreateTarget } from './key-create.store'
import { RoleField } from './RoleField'
import styles from './KeyCreate.module.css'

interface KeyCreateFormProps {
  formId: string
  connection: Connection
  capabilities: Capabilities
  mode: KeyFormMode
  /** Hub calls are refused while this computer is offline. */
  offline: boolean
  onBusy(busy: boolean): void
  onCreated(created: KeyCreated): void
}

/** The fields for one connection and mode; remade (by key) when either changes. */
function KeyCreateForm({
  formId,
  connection,
  capabilities,
  mode,
  offline,
  onBusy,
  onCreated
}: KeyCreateFormProps) {
  const submit = useKeyCreateStore((state) => state.submit)
  const nameTaken = useKeyCreateStore((state) => state.nameTaken)
  const fields = useMemo(() => formFieldsFor(capabilities, mode), [capabilities, mode])
  const [values, setValues] = useState<KeyFormValues>(() => emptyKeyForm(fields))
  const [errors, setErrors] = useState<KeyFormErrors>({})
  const [failure, setFailure] = useState<AppErrorBody>()
  // A second click (or Enter) while the first create is on its way must not make a second key.
  const inFlight = useRef(false)

  const set = <K extends keyof KeyFormValues>(key: K, value: KeyFormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }))
    setErrors((current) => ({ ...current, [fieldKey(key)]: undefined }))
  }

  const generate = mayGenerate(fields, values) && values.valueSource === 'generate'

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (inFlight.current || offline) return
    const request = requestOf(connection.id, mode, fields, values)
    const found = validateKeyForm(request, fields, values)
    if (Object.keys(found).length > 0) {
      setErrors(found)
      return
    }
    inFlight.current = true
    onBusy(true)
    setFailure(undefined)
    try {
      if (fields.uniqueNames && (await nameTaken(connection.id, values.name))) {
        setErrors({
          name: `${connection.name} already has a key named “${values.name.trim()}”; names are unique there.`
        })
        return
      }
      const result = await submit(request)
      if (result.ok) onCreated(result.value)
      else setFailure(result.error)
    } finally {
      inFlight.current = false
      onBusy(false)
    }
  }

  return (
    <form id={formId} className={styles.form} noValidate onSubmit={(event) => void onSubmit(event)}>
      <TextField
        label="Name"
        value={values.name}
        onChange={(value) => set('name', value)}
        error={errors.name}
        maxLength={500}
        hint={fields.uniqueNames ? `Unique on ${connection.name}.` : undefined}
      />
      {fields.accessTypes.length > 0 ? (
        <fieldset className={styles.group}>
          <legend className={fieldStyles.label}>Access type</legend>
          {fields.accessTypes.map((type) => (
            <label key={type.id} className={styles.role}>
              <input
                type="radio"
                name={`${formId}-access`}
                checked={values.accessType === type.id}
                onChange={() => {
                  set('accessType', type.id)
                  if (!type.valueChosen) set('valueSource', 'paste')
                }}
              />
              <span className={styles.roleName}>{accessTypeLabels[type.id].label}</span>
              <span className={styles.roleGrants}>{accessTypeLabels[type.id].detail}</span>
            </label>
          ))}
          {errors.accessType ? <p className={fieldStyles.error}>{errors.accessType}</p> : null}
        </fieldset>
      ) : null}
      {fields.role ? (
        <RoleField
          connectionId={connection.id}
          value={values.role}
          onChange={(value) => set('role', value)}
          error={errors.role}
        />
      ) : null}
      {fields.value === 'pasted' ? (
        <>
          {mode === 'create' && mayGenerate(fields, values) ? (
            <SegmentedControl
              label="Value"
              value={values.valueSource}
              options={[
                { value: 'paste', label: 'Paste a value' },
                { value: 'generate', label: 'Generate one' }
              ]}
              onChange={(value) => set('valueSource', value)}
            />
          ) : null}
          {generate ? (
            <p className={styles.muted}>
              Hubkeys generates a random value, seals it in its vault and shows it once, for you to
              enter in the hub.
            </p>
          ) : (
            <SecretInput
              value={values.secret}
              onChange={(value) => set('secret', value)}
              error={errors.secret}
            />
          )}
        </>
      ) : (
        <p className={styles.muted}>
          {connection.name} makes the value. Hubkeys seals it in its vault before showing it to you,
          once.
        </p>
      )}
      {fields.status ? (
        <SegmentedControl
          label="Status"
          value={values.status}
          options={[
            { value: 'active', label: 'Active' },
            { value: 'inactive', label: 'Inactive' }
          ]}
          onChange={(value) => set('status', value)}
        />
      ) : null}
      {fields.expiry ? (
        <DateField
          value={values.expiresOn}
          onChange={(value) => set('expiresOn', value)}
          error={errors.expiry}
        />
      ) : null}
      {fields.ips ? (
        <div className={styles.group}>
          <IpFilterEditor
            value={values.ips}
            onChange={(value) => set('ips', value)}
            label="IP addresses"
            hub={
              capabilities.ipList
                ? { label: kindLabel(connection.kind), semantics: capabilities.ipList }
                : undefined
            }
          />
          {errors.ips ? (
            <p className={fieldStyles.error} role="alert">
              {errors.ips}
            </p>
          ) : null}
        </div>
      ) : null}
      {fields.headers ? (
        <HeaderRulesField
          value={values.headers}
          onChange={(value) => set('headers', value)}
          error={errors.headers}
        />
      ) : null}
      {failure ? (
        <Notice tone="danger" role="alert">
          <span>
            {mode === 'record' ? 'The key was not recorded' : 'The key was not created'}:{' '}
            {failure.message}
          </span>
        </Notice>
      ) : null}
    </form>
  )
}

/** Errors are kept per form field; the expiry date's value is `expiresOn`, its error `expiry`. */
const fieldKey = (key: keyof KeyFormValues): keyof KeyFormErrors =>
  key === 'expiresOn' ? 'expiry' : key === 'valueSource' ? 'secret' : (key as keyof KeyFormErrors)

function SecretInput({
  value,
  onChange,
  error
}: {
  value: string
  onChange(value: string): void
  error?: string
}) {
  return (
    <TextField
      label="Value"
      mono
      value={value}
      onChange={onChange}
      error={error}
      maxLength={8192}
      hint="Paste the key's value. It is sealed in Hubkeys' vault and never shown in logs."
    />
  )
}

function DateField({
  value,
  onChange,
  error
}: {
  value: string
  onChange(value: string): void
  error?: string
}) {
  return (
    <div className={fieldStyles.field}>
      <label className={fieldStyles.label} htmlFor="key-create-expiry">
        Expires on<span className={fieldStyles.optional}>optional</span>
      </label>
      <input
        id="key-create-expiry"
        type="date"
        className={fieldStyles.input}
        value={value}
        aria-invalid={error !== undefined || undefined}
        aria-describedby="key-create-expiry-hint"
        onChange={(event) => onChange(event.target.value)}
      />
      {error ? <p className={fieldStyles.error}>{error}</p> : null}
      <p id="key-create-expiry-hint" className={fieldStyles.hint}>
        Empty: the key never expires.
      </p>
    </div>
  )
}

/** Connections that can get a new key in this mode. */
const eligible = (
  connections: Connection[],
  kinds: { kind: Connection['kind']; capabilities: Parameters<typeof canRecord>[0] }[],
  mode: KeyFormMode
) =>
  connections.filter((connection) => {
    const capabilities = kinds.find((info) => info.kind === connection.kind)?.capabilities
    return capabilities !== undefined && (mode === 'create' || canRecord(capabilities))
  })

export function KeyCreateDialog({ target }: { target: KeyCreateTarget }) {
  const connections = useConnectionsStore((state) => state.connections)
  const kinds = useConnectionsStore((state) => state.kinds)
  const close = useKeyCreateStore((state) => state.close)
  const [mode, setMode] = useState<KeyFormMode>(target.mode)
  const [connectionId, setConnectionId] = useState<string | null>(target.connectionId)
  const online = useConnectionsStore((state) => state.online)
  const [created, setCreated] = useState<{ created: KeyCreated; connection: Connection }>()
  const [busy, setBusy] = useState(false)

  const choices = eligible(connections, kinds, mode)
  const connection =
    choices.find((candidate) => candidate.id === connectionId) ??
    (target.connectionId === null ? choices[0] : undefined)
  const capabilities = kinds.find((info) => info.kind === connection?.kind)?.capabilities

  if (created) {
    return (
      <CreatedKeyView created={created.created} connection={created.connection} onClose={close} />
    )
  }

  if (!connection) {
    return (
      <Dialog title="New key" onClose={close}>
        <Notice tone="info">
          {connections.length === 0
            ? 'Add a connection to a hub first; new keys are made on a connection.'
            : 'None of your connections can take this kind of key.'}
        </Notice>
      </Dialog>
    )
  }

  const header = (
    <div className={styles.pickers}>
      {target.connectionId === null ? (
        <div className={fieldStyles.field}>
          <label className={fieldStyles.label} htmlFor="key-create-connection">
            Connection
          </label>
          <Select<string>
            id="key-create-connection"
            value={connection.id}
            options={choices.map((choice) => ({
              value: choice.id,
              label: `${choice.name} (${kindLabel(choice.kind)})`
            }))}
            onChange={(id) => setConnectionId(id)}
          />
        </div>
      ) : null}
      {capabilities && canRecord(capabilities) ? (
        <SegmentedControl<KeyFormMode>
          label="What to do"
          value={mode}
          options={[
            { value: 'create', label: 'New key' },
            { value: 'record', label: 'Record a key I already have' }
          ]}
          onChange={(value) => setMode(value)}
        />
      ) : null}
    </div>
  )

  const title =
    mode === 'record' ? `Record a key on ${connection.name}` : `New key on ${connection.name}`
  const formId = `key-create-${connection.id}-${mode}`
  const offline = mode === 'create' && capabilities?.create === 'hub' && !online
  return (
    <Dialog
      title={title}
      description={`${kindLabel(connection.kind)} · ${connection.environment}`}
      onClose={close}
      className={styles.dialog}
      footer={
        <>
          <Button variant="ghost" onClick={close}>
            Cancel
          </Button>
          <Button
            variant="primary"
            icon={mode === 'record' ? 'check' : 'plus'}
            type="submit"
            form={formId}
            busy={busy}
            {...(offline ? { disabledReason: offlineReason } : {})}
          >
            {busy
              ? mode === 'record'
                ? 'Recording…'
                : 'Creating…'
              : mode === 'record'
                ? 'Record key'
                : 'Create key'}
          </Button>
        </>
      }
    >
      {header}
      {capabilities ? (
        <KeyCreateForm
          // A new connection or mode starts a fresh form: the fields differ per capabilities.
          key={formId}
          formId={formId}
          connection={connection}
          capabilities={capabilities}
          mode={mode}
          offline={offline}
          onBusy={setBusy}
          onCreated={(value) => setCreated({ created: value, connection })}
        />
      ) : (
        <Notice tone="warn">
          Hubkeys does not know yet what this hub can do; try again shortly.
        </Notice>
      )}
    </Dialog>
  )
}
