// "Edit IP rules…" in the key detail panel's toolbar: the IP-filter editor in a dialog, a diff preview (added, removed, unchanged) before Apply, applied through keys:update; renderer.
import { useId, useMemo, useState, type FormEvent } from 'react'
import { diffIpRules } from '../../../../src-main/contract/ip-filter/ip-diff'
import { lintIpRules } from '../../../../src-main/contract/ip-filter/ip-lint'
import type { KeyDetail } from '../../../../src-main/contract/inventory.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { client } from '../../api/client'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { Notice } from '../../ui/Notice'
import { useConnectionsStore } from '../connections/connections.store'
import { useKeysStoreApi } from '../keys/keys.store'
import { IpFilterEditor } from './IpFilterEditor'
import { canonicalList, editableIpHub, goneFromHub } from './ip-hub'
import styles from './IpFilterEditor.module.css'

function DiffPreview({ before, after }: { before: string[] | null; after: string[] | null }) {
  const diff = diffIpRules(before, after)
  const nothing =
    diff.added.length === 0 &&
    diff.removed.length === 0 &&
    diff.unrestrictedBefore === diff.unrestrictedAfter
  return (
    <section aria-label="Changes">
      {diff.unrestrictedBefore !== diff.unrestrictedAfter ? (
        <p>
          {diff.unrestrictedAfter
            ? 'The key loses its IP restriction: every address may use it.'
            : 'The key gets an IP restriction: only the addresses below may use it.'}
        </p>
      ) : null}
      {nothing ? <p>Nothing changes.</p> : null}
      <ul className={styles.diff}>
        {diff.added.map((rule) => (
          <li key={`+${rule}`} className={styles.added}>
            + {rule} <span className={styles.muted}>(added)</span>
          </li>
        ))}
        {diff.removed.map((rule) => (
          <li key={`-${rule}`} className={styles.removed}>
            − {rule} <span className={styles.muted}>(removed)</span>
          </li>
        ))}
        {diff.unchanged.map((rule) => (
          <li key={`=${rule}`} className={styles.unchanged}>
            {'  '}
            {rule} <span className={styles.muted}>(unchanged)</span>
          </li>
        ))}
      </ul>
    </section>
  )
}

function EditIpRulesDialog({ keyDetail: key, onClose }: { keyDetail: KeyDetail; onClose(): void }) {
  const kinds = useConnectionsStore((state) => state.kinds)
  const hub = useMemo(() => editableIpHub(kinds, key.kind), [kinds, key.kind])
  const store = useKeysStoreApi()
  const formId = useId()
  const [rules, setRules] = useState<string[] | null>(key.ipRules)
  const [step, setStep] = useState<'edit' | 'review'>('edit')
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<AppErrorBody>()
  const errors = useMemo(
    () => lintIpRules(rules, hub).filter((finding) => finding.severity === 'error'),
    [rules, hub]
  )
  const after = canonicalList(rules)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy || errors.length > 0) return
    if (step === 'edit') {
      setStep('review')
      return
    }
    setBusy(true)
    setFailure(undefined)
    const result = await client.call('keys:update', {
      connectionId: key.connectionId,
      keyId: key.id,
      ips: after
    })
    setBusy(false)
    if (!result.ok) {
      // Nothing changed: the core writes the cache only after the hub accepted the edit.
      setFailure(result.error)
      return
    }
    onClose()
    // Read the key and the table again; the panel takes the focus back.
    const state = store.getState()
    state.closeDetail()
    state.openDetail(key.id)
    state.reload()
  }

  const name = key.name || '(no name)'
  return (
    <Dialog
      title={step === 'edit' ? 'Edit IP rules' : 'Review the IP rule changes'}
      description={
        <>
          <strong>{name}</strong> of {key.connectionName}
          {hub?.localOnly
            ? `. ${hub.label} has no API for this: Hubkeys records the change, and you mirror it in ${hub.label}'s own console.`
            : '.'}
        </>
      }
      onClose={onClose}
      closeLabel="Cancel editing IP rules"
      footer={
        <>
          {step === 'review' ? (
            <Button variant="ghost" onClick={() => setStep('edit')}>
              Back
            </Button>
          ) : (
            <Button variant="ghost" onClick={onClose}>
              Cancel
            </Button>
          )}
          <Button
            variant="primary"
            type="submit"
            form={formId}
            busy={busy}
            {...(errors.length > 0
              ? { disabledReason: 'Fix the rules marked as errors first' }
              : {})}
          >
            {step === 'edit' ? 'Review changes' : busy ? 'Applying…' : 'Apply'}
          </Button>
        </>
      }
    >
      <form id={formId} className={styles.form} onSubmit={(event) => void submit(event)}>
        {step === 'edit' ? (
          <IpFilterEditor
            value={rules}
            onChange={setRules}
            label="IP rules"
            {...(hub ? { hub } : {})}
          />
        ) : (
          <DiffPreview before={key.ipRules} after={after} />
        )}
        {failure ? (
          <Notice tone="danger" role="alert">
            Nothing was changed. {key.connectionName} answered: {failure.message}
          </Notice>
        ) : null}
      </form>
    </Dialog>
  )
}

/** The toolbar button; shown only for kinds whose declared capabilities let Hubkeys edit IP rules. */
export function EditIpRules({ keyDetail }: { keyDetail: KeyDetail }) {
  const kinds = useConnectionsStore((state) => state.kinds)
  const [open, setOpen] = useState(false)
  if (!editableIpHub(kinds, keyDetail.kind) || goneFromHub(keyDetail.status)) return null
  return (
    <>
      <Button size="sm" icon="globe" onClick={() => setOpen(true)}>
        Edit IP rules…
      </Button>
      {open ? <EditIpRulesDialog keyDetail={keyDetail} onClose={() => setOpen(false)} /> : null}
    </>
  )
}
