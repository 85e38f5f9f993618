// The edit dialog of one key: name, role, status and expiry where the hub's capabilities allow, plus Hubkeys' own owner, tags and notes; a before → after review precedes Apply; renderer.
import { useId, useMemo, useState, type FormEvent } from 'react'
import type { Capabilities } from '../../../../src-main/contract/hubs.contract'
import type { KeyDetail } from '../../../../src-main/contract/inventory.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { fieldClasses } from '../../ui/field-classes'
import { Notice } from '../../ui/Notice'
import { Select } from '../../ui/Select'
import { TextField } from '../../ui/TextField'
import { kindLabel } from '../keys/key-format'
import { ChangeList } from './ChangeList'
import {
  editableFields,
  formOf,
  planEdit,
  type EditForm,
  type SettableStatus
} from './key-edit-plan'
import { useKeyActionsClient } from './key-actions-context'
import { RoleField } from './RoleField'
import styles from './KeyActions.module.css'

interface EditKeyDialogProps {
  keyDetail: KeyDetail
  capabilities: Capabilities
  onClose(): void
  /** The key changed (at the hub, in Hubkeys or both): read it again. */
  onSaved(): void
}

const statusOptions: { value: SettableStatus | ''; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Inactive' }
]

export function EditKeyDialog({
  keyDetail: key,
  capabilities,
  onClose,
  onSaved
}: EditKeyDialogProps) {
  const client = useKeyActionsClient()
  const fields = useMemo(() => editableFields(capabilities.update), [capabilities])
  const [form, setForm] = useState<EditForm>(() => formOf(key))
  const [step, setStep] = useState<'edit' | 'review'>('edit')
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<{ error: AppErrorBody; atHub: boolean }>()
  const formId = useId()
  const statusId = useId()
  const expiresId = useId()
  const plan = planEdit(key, form, fields)
  const invalid = Object.keys(plan.errors).length > 0
  const hub = key.connectionName
  const localEdits = capabilities.updateTarget === 'local'

  const set =
    <F extends keyof EditForm>(field: F) =>
    (value: EditForm[F]) => {
      setFailure(undefined)
      setForm((current) => ({ ...current, [field]: value }))
    }

  const apply = async () => {
    if (busy || invalid || plan.changes.length === 0) return
    setBusy(true)
    setFailure(undefined)
    const at = { connectionId: key.connectionId, keyId: key.id }
    // The hub first: when it refuses, Hubkeys' own fields stay as they were too.
    if (plan.hub) {
      const updated = await client.call('keys:update', { ...at, ...plan.hub })
      if (!updated.ok) {
        setBusy(false)
        setFailure({ error: updated.error, atHub: true })
        return
      }
    }
    if (plan.local) {
      const annotated = await client.call('keys:annotate', { ...at, ...plan.local })
      if (!annotated.ok) {
        setBusy(false)
        setFailure({ error: annotated.error, atHub: false })
        // The hub part (if any) did land: show it.
        if (plan.hub) onSaved()
        return
      }
    }
    onSaved()
    onClose()
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (step === 'edit') {
      if (!invalid && plan.changes.length > 0) setStep('review')
      return
    }
    void apply()
  }

  const blockedReason = invalid
    ? 'Correct the marked fields first'
    : plan.changes.length === 0
      ? 'Nothing changed yet'
      : undefined

  return (
    <Dialog
      title={step === 'edit' ? 'Edit key' : 'Review changes'}
      description={
        <>
          <strong>{key.name || '(no name)'}</strong> of {hub} ({kindLabel(key.kind)}).
          {localEdits && plan.hub
            ? ` ${kindLabel(key.kind)} has no API for edits: Hubkeys records them; make the same change in its console.`
            : ''}
        </>
      }
      onClose={onClose}
      closeLabel="Cancel editing"
      footer={
        step === 'edit' ? (
          <>
            <Button variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button
              variant="primary"
              type="submit"
              form={formId}
              {...(blockedReason ? { disabledReason: blockedReason } : {})}
            >
              Review changes
            </Button>
          </>
        ) : (
          <>
            <Button
              variant="ghost"
              onClick={() => setStep('edit')}
              {...(busy ? { disabledReason: 'Applying the changes' } : {})}
            >
              Back
            </Button>
            <Button variant="primary" type="submit" form={formId} busy={busy}>
              {busy
                ? 'Applying…'
                : `Apply ${plan.changes.length === 1 ? 'change' : `${plan.changes.length} changes`}`}
            </Button>
          </>
        )
      }
    >
      <form id={formId} className={styles.form} onSubmit={submit} noValidate>
        {step === 'edit' ? (
          <>
            {fields.includes('name') ? (
              <TextField
                label="Name"
                value={form.name}
                onChange={set('name')}
                maxLength={500}
                {...(plan.errors.name ? { error: plan.errors.name } : {})}
              />
            ) : null}
            {fields.includes('role') ? (
              <RoleField
                value={form.role}
                onChange={set('role')}
                {...(plan.errors.role ? { error: plan.errors.role } : {})}
              />
            ) : null}
            {fields.includes('status') || fields.includes('expires') ? (
              <div className={styles.row}>
                {fields.includes('status') ? (
                  <div className={fieldClasses.field}>
                    <label className={fieldClasses.label} htmlFor={statusId}>
                      Status
                    </label>
                    <Select
                      id={statusId}
                      value={form.status}
                      options={
                        form.status === ''
                          ? [{ value: '' as const, label: `Keep ${key.status}` }, ...statusOptions]
                          : statusOptions
                      }
                      onChange={set('status')}
                    />
                  </div>
                ) : null}
                {fields.includes('expires') ? (
                  <div className={fieldClasses.field}>
                    <label className={fieldClasses.label} htmlFor={expiresId}>
                      Expires (UTC date)
                    </label>
                    <input
                      id={expiresId}
                      type="date"
                      className={fieldClasses.input}
                      value={form.expires}
                      aria-invalid={plan.errors.expires ? true : undefined}
                      aria-describedby={plan.errors.expires ? `${expiresId}-error` : undefined}
                      onChange={(event) => set('expires')(event.target.value)}
                    />
                    {plan.errors.expires ? (
                      <p id={`${expiresId}-error`} className={styles.fieldError}>
                        {plan.errors.expires}
                      </p>
                    ) : null}
                  </div>
                ) : null}
              </div>
            ) : null}
            <p className={styles.groupTitle}>
              In Hubkeys only (kept across syncs, never sent to the hub)
            </p>
            <TextField
              label="Owner"
              optional
              value={form.owner}
              onChange={set('owner')}
              maxLength={200}
              {...(plan.errors.owner ? { error: plan.errors.owner } : {})}
            />
            <TextField
              label="Tags"
              optional
              value={form.tags}
              onChange={set('tags')}
              hint="Separated by commas or spaces: letters, digits and . _ - / :"
              {...(plan.errors.tags ? { error: plan.errors.tags } : {})}
            />
            <TextField
              label="Notes"
              optional
              rows={4}
              value={form.notes}
              onChange={set('notes')}
              {...(plan.errors.notes ? { error: plan.errors.notes } : {})}
            />
          </>
        ) : (
          <>
            <ChangeList changes={plan.changes} />
            {plan.hub ? (
              <p className={styles.muted}>
                {localEdits
                  ? `${hub} is not called: Hubkeys records the change.`
                  : `${hub} is asked to make the change first; if it refuses, nothing changes.`}
              </p>
            ) : (
              <p className={styles.muted}>
                Only Hubkeys&apos; own fields change; no hub is called.
              </p>
            )}
          </>
        )}
        {failure ? (
          <Notice tone="danger" role="alert">
            {failure.atHub
              ? `Nothing was changed. ${hub} answered: ${failure.error.message}`
              : `The owner, tags or notes were not saved: ${failure.error.message}`}
          </Notice>
        ) : null}
      </form>
    </Dialog>
  )
}
