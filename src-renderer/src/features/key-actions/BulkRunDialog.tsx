// The dialog of one bulk action: resolves its keys (the selection, or every key matching the filter), says how many before it runs, asks for the typed confirmation when a delete reaches production, then runs key by key with progress, cancel and per-key results; renderer.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { KeyFilter } from '../../../../src-main/contract/inventory.contract'
import { maxPageSize } from '../../../../src-main/contract/inventory.contract'
import {
  maxMatchedKeys,
  tagSchema,
  type BulkTarget
} from '../../../../src-main/contract/key-edit.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { fieldClasses } from '../../ui/field-classes'
import { Notice } from '../../ui/Notice'
import { Select, type SelectOption } from '../../ui/Select'
import { TextField } from '../../ui/TextField'
import { useConnectionsStore } from '../connections/connections.store'
import { formatCount } from '../keys/key-format'
import {
  actOnKey,
  bulkStateLabels,
  bulkVerbs,
  runBulk,
  type BulkAction,
  type BulkActionKind,
  type BulkResult,
  type BulkState
} from './bulk-run'
import { useKeyActionsClient } from './key-actions-context'
import styles from './KeyActions.module.css'

export type BulkScope =
  | { kind: 'matching'; search: string; filter: KeyFilter }
  | { kind: 'selection'; ids: readonly string[] }

interface BulkRunDialogProps {
  scope: BulkScope
  action: BulkActionKind
  onClose(): void
  /** Keys changed: the table reads them again. */
  onChanged(): void
}

const statusChoices: SelectOption<'active' | 'inactive'>[] = [
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Inactive' }
]

const keysWord = (count: number) => `${formatCount(count)} ${count === 1 ? 'key' : 'keys'}`

/** What the admin types before a bulk delete that reaches production. */
export const bulkDeleteConfirmation = (count: number) =>
  `delete ${count} ${count === 1 ? 'key' : 'keys'}`

export function BulkRunDialog({ scope, action, onClose, onChanged }: BulkRunDialogProps) {
  const client = useKeyActionsClient()
  const kinds = useConnectionsStore((state) => state.kinds)
  const [targets, setTargets] = useState<BulkTarget[]>()
  const [resolveError, setResolveError] = useState<AppErrorBody>()
  const [status, setStatus] = useState<'active' | 'inactive'>('inactive')
  const [tag, setTag] = useState('')
  const [typed, setTyped] = useState('')
  const [phase, setPhase] = useState<'confirm' | 'running' | 'done'>('confirm')
  const [results, setResults] = useState<BulkResult[]>([])
  const controller = useRef<AbortController>(undefined)
  const formId = useId()
  const statusId = useId()

  useEffect(() => {
    let current = true
    const resolve = async (): Promise<void> => {
      if (scope.kind === 'matching') {
        const matched = await client.call('keys:match', {
          search: scope.search,
          filter: scope.filter
        })
        if (!current) return
        if (!matched.ok) return setResolveError(matched.error)
        if (matched.value.tooMany) {
          return setResolveError({
            code: 'BAD_REQUEST',
            message: `${keysWord(matched.value.total)} match; narrow the filter to at most ${formatCount(maxMatchedKeys)} for one bulk action.`
          })
        }
        return setTargets(matched.value.keys)
      }
      const found: BulkTarget[] = []
      for (let start = 0; start < scope.ids.length; start += maxPageSize) {
        const page = await client.call('keys:get-many', {
          ids: scope.ids.slice(start, start + maxPageSize)
        })
        if (!current) return
        if (!page.ok) return setResolveError(page.error)
        found.push(
          ...page.value.map(
            ({ id, connectionId, connectionName, kind, environment, name, tags }) => ({
              id,
              connectionId,
              connectionName,
              kind,
              environment,
              name,
              tags
            })
          )
        )
      }
      setTargets(found)
    }
    void resolve()
    return () => {
      current = false
      controller.current?.abort()
    }
    // The scope is fixed for the dialog's life: it opens on one selection or one query.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- resolved once, when it opens.
  }, [])

  const count = targets?.length ?? 0
  const production = targets?.filter((target) => target.environment === 'prod').length ?? 0
  const tagCheck =
    action === 'add-tag' || action === 'remove-tag' ? tagSchema.safeParse(tag) : undefined
  const tagError =
    tag !== '' && tagCheck && !tagCheck.success ? tagCheck.error.issues[0]?.message : undefined
  const expected = bulkDeleteConfirmation(count)
  const blocked =
    targets === undefined
      ? 'Finding the keys…'
      : count === 0
        ? 'No key to act on'
        : tagCheck && !tagCheck.success
          ? 'Enter a valid tag first'
          : action === 'delete' && production > 0 && typed.trim() !== expected
            ? `Type “${expected}” first`
            : undefined

  const bulkAction = (): BulkAction => {
    switch (action) {
      case 'status':
        return { kind: 'status', status }
      case 'add-tag':
      case 'remove-tag':
        return { kind: action, tag: tag.trim() }
      default:
        return { kind: action }
    }
  }

  const run = async () => {
    if (!targets || blocked) return
    const chosen = bulkAction()
    controller.current = new AbortController()
    setPhase('running')
    setResults([])
    const capabilitiesOf = (kind: BulkTarget['kind']) =>
      kinds.find((info) => info.kind === kind)?.capabilities
    await runBulk(targets, (target) => actOnKey(client, chosen, target, capabilitiesOf), {
      signal: controller.current.signal,
      onResult: (result) => setResults((shown) => [...shown, result])
    })
    setPhase('done')
    if (chosen.kind !== 'verify') onChanged()
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (phase === 'confirm') void run()
  }

  const where = scope.kind === 'matching' ? 'matching the filter' : 'selected'
  const title =
    targets === undefined
      ? `${bulkVerbs[action]} keys ${where}`
      : `${bulkVerbs[action]} ${keysWord(count)} ${where}?`
  const tally = results.reduce<Partial<Record<BulkState, number>>>((counts, result) => {
    counts[result.state] = (counts[result.state] ?? 0) + 1
    return counts
  }, {})

  return (
    <Dialog
      title={title}
      onClose={onClose}
      closeLabel={phase === 'running' ? 'Stop and close' : 'Close'}
      footer={
        phase === 'confirm' ? (
          <>
            <Button variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button
              variant={action === 'delete' ? 'danger' : 'primary'}
              type="submit"
              form={formId}
              {...(blocked ? { disabledReason: blocked } : {})}
            >
              {targets === undefined
                ? bulkVerbs[action]
                : `${bulkVerbs[action]} ${keysWord(count)}`}
            </Button>
          </>
        ) : phase === 'running' ? (
          <Button variant="secondary" icon="stop" onClick={() => controller.current?.abort()}>
            Cancel after this key
          </Button>
        ) : (
          <Button variant="primary" onClick={onClose}>
            Close
          </Button>
        )
      }
    >
      <form id={formId} className={styles.form} onSubmit={submit}>
        {resolveError ? (
          <Notice tone="danger" role="alert">
            {resolveError.message}
          </Notice>
        ) : targets === undefined ? (
          <p className={styles.muted}>Finding every key {where}…</p>
        ) : phase === 'confirm' ? (
          <>
            <p>
              {keysWord(count)} across {new Set(targets.map((target) => target.connectionId)).size}{' '}
              connection(s)
              {production > 0 ? `, ${formatCount(production)} on production` : ''}. Each key is done
              on its own; one that fails does not stop the others.
            </p>
            {action === 'status' ? (
              <div className={fieldClasses.field}>
                <label className={fieldClasses.label} htmlFor={statusId}>
                  New status
                </label>
                <Select<'active' | 'inactive'>
                  id={statusId}
                  value={status}
                  options={statusChoices}
                  onChange={setStatus}
                />
              </div>
            ) : null}
            {action === 'add-tag' || action === 'remove-tag' ? (
              <TextField
                label={action === 'add-tag' ? 'Tag to add' : 'Tag to remove'}
                value={tag}
                onChange={setTag}
                {...(tagError ? { error: tagError } : {})}
              />
            ) : null}
            {action === 'delete' ? (
              <Notice tone="warn">
                Hubs with a delete API delete the key, and anything using it stops working. Hubs
                without one keep the key working; only Hubkeys&apos; record goes.
              </Notice>
            ) : null}
            {action === 'delete' && production > 0 ? (
              <TextField
                label={`Type “${expected}” to confirm`}
                value={typed}
                onChange={setTyped}
                mono
              />
            ) : null}
          </>
        ) : (
          <>
            <progress
              className={styles.progress}
              max={count}
              value={results.length}
              aria-label="Progress"
            />
            <p role="status">
              {phase === 'running'
                ? `${formatCount(results.length)} of ${keysWord(count)} done…`
                : `${formatCount(results.length)} of ${keysWord(count)} done${results.length < count ? ' (cancelled)' : ''}: ${Object.entries(
                    tally
                  )
                    .map(
                      ([state, n]) => `${bulkStateLabels[state as BulkState].toLowerCase()} ${n}`
                    )
                    .join(', ')}.`}
            </p>
            <ul className={styles.results} aria-label="Results per key">
              {results.map((result) => (
                <li key={result.target.id} className={styles.result} data-state={result.state}>
                  <span>
                    {result.target.name || '(no name)'}{' '}
                    <span className={styles.muted}>· {result.target.connectionName}</span>
                  </span>
                  <span className={styles.resultState}>{bulkStateLabels[result.state]}</span>
                  <span className={styles.muted}>{result.detail}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </form>
    </Dialog>
  )
}
