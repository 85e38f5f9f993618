// The header dialog's copy step: pick other keys (of kinds whose headers can be edited) from the cache, preview per key, copy, and show per-key results; renderer.
import { useEffect, useState } from 'react'
import type { HeaderRule, HubKind } from '../../../../src-main/contract/hubs.contract'
import type { KeyRow } from '../../../../src-main/contract/inventory.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import type { Client } from '../../api/client'
import { Button } from '../../ui/Button'
import { Notice } from '../../ui/Notice'
import {
  copyHeaders,
  findCopyTargets,
  previewCopy,
  type CopyOutcome,
  type CopyPreview
} from './header-copy'
import { OwlSteps } from './HeaderChangeList'
import styles from './HeaderEditor.module.css'

interface CopyHeadersPanelProps {
  client: Client
  sourceId: string
  headers: HeaderRule[]
  /** Kinds whose keys take header edits (from their declared capabilities). */
  kinds: HubKind[]
  /** Kinds whose edits stay in Hubkeys, so each copied key gets steps for the hub's own console. */
  mirroredKinds: ReadonlySet<HubKind>
  /** The keys changed: the table and the open panel read again. */
  onCopied(): void
}

type Stage =
  | { stage: 'pick' }
  | { stage: 'preview'; previews: CopyPreview[] }
  | { stage: 'done'; outcomes: CopyOutcome[] }

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`

export function CopyHeadersPanel({
  client,
  sourceId,
  headers,
  kinds,
  mirroredKinds,
  onCopied
}: CopyHeadersPanelProps) {
  const [targets, setTargets] = useState<KeyRow[]>()
  const [failure, setFailure] = useState<AppErrorBody>()
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set())
  const [stage, setStage] = useState<Stage>({ stage: 'pick' })
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let live = true
    void findCopyTargets(client, kinds, sourceId).then((result) => {
      if (!live) return
      if (result.ok) setTargets(result.value)
      else setFailure(result.error)
    })
    return () => {
      live = false
    }
  }, [client, kinds, sourceId])

  const toggle = (id: string, on: boolean) => {
    const next = new Set(picked)
    if (on) next.add(id)
    else next.delete(id)
    setPicked(next)
  }

  const preview = async () => {
    setBusy(true)
    setFailure(undefined)
    const mirrored = (targets ?? []).some(
      (row) => picked.has(row.id) && mirroredKinds.has(row.kind)
    )
    const result = await previewCopy(client, [...picked], headers, mirrored)
    setBusy(false)
    if (result.ok) setStage({ stage: 'preview', previews: result.value })
    else setFailure(result.error)
  }

  const copy = async (previews: CopyPreview[]) => {
    setBusy(true)
    const outcomes = await copyHeaders(client, previews, headers)
    setBusy(false)
    setStage({ stage: 'done', outcomes })
    if (outcomes.some((outcome) => outcome.outcome === 'copied')) onCopied()
  }

  if (failure) {
    return (
      <Notice tone="danger" role="alert">
        {failure.message}
      </Notice>
    )
  }
  if (!targets) return <p className={styles.muted}>Reading the keys…</p>

  if (stage.stage === 'pick') {
    return (
      <section className={styles.section} aria-labelledby="copy-pick-title">
        <h3 id="copy-pick-title" className={styles.sectionTitle}>
          Copy these {plural(headers.length, 'header')} to
        </h3>
        <p className={styles.muted}>
          Each key picked gets exactly this set: headers it has that are not here are removed.
        </p>
        {targets.length === 0 ? (
          <p className={styles.muted}>No other key takes response headers.</p>
        ) : (
          <ul className={styles.targets} aria-label="Keys to copy to">
            {targets.map((row) => (
              <li key={row.id}>
                <label className={styles.check}>
                  <input
                    type="checkbox"
                    checked={picked.has(row.id)}
                    onChange={(event) => toggle(row.id, event.target.checked)}
                  />
                  <span>
                    {row.name || row.hubKeyId}{' '}
                    <span className={styles.meaning}>· {row.connectionName}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )}
        <div>
          <Button
            size="sm"
            busy={busy}
            onClick={() => void preview()}
            {...(picked.size === 0 ? { disabledReason: 'Pick at least one key first' } : {})}
          >
            Preview for {plural(picked.size, 'key')}
          </Button>
        </div>
      </section>
    )
  }

  const previews = stage.stage === 'preview' ? stage.previews : stage.outcomes
  const toChange = previews.filter((entry) => entry.changeCount > 0).length
  return (
    <section className={styles.section} aria-labelledby="copy-result-title">
      <h3 id="copy-result-title" className={styles.sectionTitle}>
        {stage.stage === 'preview' ? 'Before copying' : 'Copy results'}
      </h3>
      <ul className={styles.targets} aria-label={stage.stage === 'preview' ? 'Per key' : 'Results'}>
        {previews.map((entry) => {
          const outcome = 'outcome' in entry ? (entry as CopyOutcome) : undefined
          const name = entry.key.name || entry.key.hubKeyId
          return (
            <li key={entry.key.id} className={styles.target}>
              <div className={styles.targetHead}>
                <strong>{name}</strong>
                <span className={styles.meaning}>{entry.key.connectionName}</span>
              </div>
              {outcome?.outcome === 'failed' ? (
                <p className={styles.failed}>Not copied: {outcome.message}</p>
              ) : outcome?.outcome === 'copied' ? (
                <p className={styles.ok}>Copied ({plural(entry.changeCount, 'change')})</p>
              ) : entry.changeCount === 0 ? (
                <p className={styles.muted}>Already has these headers; nothing to change.</p>
              ) : (
                <p className={styles.muted}>{plural(entry.changeCount, 'header change')}</p>
              )}
              {outcome?.outcome !== 'failed' ? (
                <OwlSteps
                  steps={entry.steps}
                  titleId={`copy-steps-${entry.key.id}`}
                  title={`Changes for Owl’s console: ${name}`}
                />
              ) : null}
            </li>
          )
        })}
      </ul>
      {stage.stage === 'preview' ? (
        <div>
          <Button
            variant="primary"
            size="sm"
            busy={busy}
            onClick={() => void copy(stage.previews)}
            {...(toChange === 0 ? { disabledReason: 'Every key picked already has them' } : {})}
          >
            Copy to {plural(toChange, 'key')}
          </Button>
        </div>
      ) : null}
    </section>
  )
}
