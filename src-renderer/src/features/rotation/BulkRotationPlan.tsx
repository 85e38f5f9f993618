// The dry run of a bulk rotation for the selected keys: the strategy and the risk per key, grouped by connection; nothing runs from here; renderer.
import { useEffect, useState } from 'react'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import type { RotationPlanItem } from '../../../../src-main/contract/rotation.contract'
import { client } from '../../api/client'
import { Badge } from '../../ui/Badge'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { Notice } from '../../ui/Notice'
import { useKeysStore } from '../keys/keys.store'
import { useRotationStore } from './rotation.store'
import styles from './Rotation.module.css'

const riskTone = { low: 'ok', medium: 'warn', high: 'danger', blocked: 'danger' } as const
/** `rotation:plan` and `keys:get-many` take this many ids per call. */
const batch = 500

function PlanDialog({ ids, onClose }: { ids: string[]; onClose(): void }) {
  const plan = useRotationStore((state) => state.plan)
  const [items, setItems] = useState<(RotationPlanItem & { connectionName: string })[]>()
  const [failure, setFailure] = useState<AppErrorBody>()

  useEffect(() => {
    let live = true
    void (async () => {
      const found: (RotationPlanItem & { connectionName: string })[] = []
      for (let index = 0; index < ids.length; index += batch) {
        const details = await client.call('keys:get-many', { ids: ids.slice(index, index + batch) })
        if (!details.ok) return live && setFailure(details.error)
        const byConnection = new Map<string, { name: string; ids: string[] }>()
        for (const detail of details.value) {
          const group = byConnection.get(detail.connectionId) ?? {
            name: detail.connectionName,
            ids: []
          }
          group.ids.push(detail.id)
          byConnection.set(detail.connectionId, group)
        }
        for (const [connectionId, group] of byConnection) {
          const planned = await plan(connectionId, group.ids)
          if (!planned.ok) return live && setFailure(planned.error)
          found.push(...planned.value.map((item) => ({ ...item, connectionName: group.name })))
        }
      }
      if (live) setItems(found)
    })()
    return () => {
      live = false
    }
  }, [ids, plan])

  return (
    <Dialog
      title="Rotation plan"
      description={`${ids.length} selected key${ids.length === 1 ? '' : 's'}: a dry run, nothing is changed. Rotate each key from its detail panel.`}
      onClose={onClose}
      variant="sheet"
      dismissOnBackdrop
      footer={
        <Button variant="primary" onClick={onClose}>
          Close
        </Button>
      }
    >
      {failure ? (
        <Notice tone="danger" role="alert">
          {failure.message}
        </Notice>
      ) : !items ? (
        <p role="status">Planning…</p>
      ) : (
        <ul className={styles.steps} aria-label="Plan per key">
          {items.map((item) => (
            <li key={item.keyId} className={styles.planItem}>
              <strong>{item.keyName || '(no name)'}</strong> · {item.connectionName}{' '}
              <Badge tone={riskTone[item.risk]} dot>
                {item.strategy ?? 'cannot rotate'} · risk {item.risk}
              </Badge>
              <p className={styles.explanation}>{item.explanation}</p>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  )
}

/** The one button this feature puts into the key table's selection bar. */
export function BulkRotationPlan() {
  const selected = useKeysStore((state) => state.selected)
  const [ids, setIds] = useState<string[]>()
  return (
    <>
      <Button size="sm" onClick={() => setIds([...selected])}>
        Plan rotation…
      </Button>
      {ids ? <PlanDialog ids={ids} onClose={() => setIds(undefined)} /> : null}
    </>
  )
}
