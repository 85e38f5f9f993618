// "Change IP rules…" for the selected keys across hubs: add, remove or replace entries, a dry run per key (ipfilter:plan), then Apply through keys:update per key with per-key results; renderer.
import { useId, useMemo, useState, type FormEvent } from 'react'
import type { IpChangeOperation } from '../../../../src-main/contract/ip-filter/ip-change'
import { lintIpRules } from '../../../../src-main/contract/ip-filter/ip-lint'
import type { IpPlanItem } from '../../../../src-main/contract/ipfilter.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { client } from '../../api/client'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { ErrorNotice } from '../../ui/Notice'
import { SegmentedControl } from '../../ui/SegmentedControl'
import { formatCount } from '../keys/key-format'
import { useKeysStore, useKeysStoreApi } from '../keys/keys.store'
import { IpFilterEditor } from './IpFilterEditor'
import styles from './IpFilterEditor.module.css'

const operations = [
  { value: 'add', label: 'Add entries' },
  { value: 'remove', label: 'Remove entries' },
  { value: 'replace', label: 'Replace the list' }
] as const satisfies readonly { value: IpChangeOperation; label: string }[]

const outcomeWords: Record<IpPlanItem['outcome'], string> = {
  change: 'Will change',
  unchanged: 'Stays as it is',
  cannot: 'Cannot change'
}

/** What happened to one key on Apply. */
type Applied = { ok: true } | { ok: false; error: AppErrorBody }

const keys = (count: number) => `${formatCount(count)} key${count === 1 ? '' : 's'}`

function PlanTable({ items, applied }: { items: IpPlanItem[]; applied?: Map<string, Applied> }) {
  return (
    <table className={styles.plan} aria-label={applied ? 'Results per key' : 'Dry run per key'}>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Connection</th>
          <th scope="col">{applied ? 'Result' : 'Dry run'}</th>
          <th scope="col">What</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const result = applied?.get(item.keyId)
          return (
            <tr key={item.keyId} data-key-id={item.keyId}>
              <td>{item.name || '(no name)'}</td>
              <td>{item.connectionName || '—'}</td>
              <td>
                {result
                  ? result.ok
                    ? 'Applied'
                    : 'Failed'
                  : applied && item.outcome === 'change'
                    ? 'Not applied'
                    : outcomeWords[item.outcome]}
              </td>
              <td>
                {result && !result.ok ? (
                  <span className={styles.error}>{result.error.message}</span>
                ) : (
                  item.reason
                )}
                {item.warnings.map((warning) => (
                  <div key={warning} className={styles.warning}>
                    {warning}
                  </div>
                ))}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function BulkIpChangeDialog({ keyIds, onClose }: { keyIds: string[]; onClose(): void }) {
  const store = useKeysStoreApi()
  const formId = useId()
  const [operation, setOperation] = useState<IpChangeOperation>('add')
  const [entries, setEntries] = useState<string[]>([''])
  const [plan, setPlan] = useState<IpPlanItem[]>()
  const [applied, setApplied] = useState<Map<string, Applied>>()
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<AppErrorBody>()
  const errors = useMemo(
    () => lintIpRules(entries).filter((finding) => finding.severity === 'error'),
    [entries]
  )
  const blocked =
    errors.length > 0
      ? 'Fix the entries marked as errors first'
      : entries.length === 0 && operation !== 'replace'
        ? 'Add at least one entry'
        : undefined
  const changing = plan?.filter((item) => item.outcome === 'change') ?? []

  const dryRun = async () => {
    setBusy(true)
    setFailure(undefined)
    const result = await client.call('ipfilter:plan', { keyIds, operation, entries })
    setBusy(false)
    if (result.ok) setPlan(result.value.items)
    else setFailure(result.error)
  }

  const apply = async () => {
    setBusy(true)
    const results = new Map<string, Applied>()
    // One key at a time, so one hub's failure is that key's result and the others still run.
    for (const item of changing) {
      const result = await client.call('keys:update', {
        connectionId: item.connectionId,
        keyId: item.keyId,
        ips: item.after
      })
      results.set(item.keyId, result.ok ? { ok: true } : { ok: false, error: result.error })
      setApplied(new Map(results))
    }
    setBusy(false)
    store.getState().reload()
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    if (!plan) {
      if (!blocked) void dryRun()
    } else if (!applied && changing.length > 0) void apply()
  }

  const failed = applied ? [...applied.values()].filter((result) => !result.ok).length : 0
  return (
    <Dialog
      title="Change IP rules"
      description={
        applied
          ? `${keys(keyIds.length)} selected, across their hubs.`
          : `${keys(keyIds.length)} selected, across their hubs. Nothing changes at a hub until you apply the dry run.`
      }
      onClose={onClose}
      closeLabel="Close the IP rule change"
      footer={
        applied ? (
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        ) : (
          <>
            {plan ? (
              <Button variant="ghost" onClick={() => setPlan(undefined)}>
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
              {...(!plan && blocked ? { disabledReason: blocked } : {})}
              {...(plan && changing.length === 0 ? { disabledReason: 'No key would change' } : {})}
            >
              {plan ? `Apply to ${keys(changing.length)}` : 'Dry run'}
            </Button>
          </>
        )
      }
    >
      <form id={formId} className={styles.form} onSubmit={submit}>
        {!plan ? (
          <>
            <SegmentedControl<IpChangeOperation>
              label="Change"
              value={operation}
              options={operations}
              onChange={setOperation}
            />
            <IpFilterEditor
              value={entries}
              onChange={(next) => setEntries(next ?? [])}
              label={
                operation === 'add'
                  ? 'Entries to add'
                  : operation === 'remove'
                    ? 'Entries to remove'
                    : 'The new list'
              }
              nullable={false}
            />
          </>
        ) : (
          <>
            <p role="status">
              {applied
                ? busy
                  ? `Applying… ${formatCount(applied.size)} of ${formatCount(changing.length)} done.`
                  : `${keys(applied.size - failed)} changed${failed > 0 ? `, ${formatCount(failed)} failed` : ''}.`
                : `${keys(changing.length)} would change, ${formatCount(plan.length - changing.length)} would not.`}
            </p>
            <PlanTable items={plan} {...(applied ? { applied } : {})} />
          </>
        )}
        <ErrorNotice error={failure} />
      </form>
    </Dialog>
  )
}

/** The selection's button in the bulk bar. */
export function BulkIpChange() {
  const selected = useKeysStore((state) => state.selected)
  const [keyIds, setKeyIds] = useState<string[]>()
  return (
    <>
      <Button size="sm" onClick={() => setKeyIds([...selected])}>
        Change IP rules…
      </Button>
      {keyIds ? <BulkIpChangeDialog keyIds={keyIds} onClose={() => setKeyIds(undefined)} /> : null}
    </>
  )
}
