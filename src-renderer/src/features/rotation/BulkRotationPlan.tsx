// The dry run of a bulk rotation for the selected keys: the strategy and the risk per key, grouped by connection; nothing runs from here; renderer.
import { useEffect, useState } from 'react'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { Badge } from '../../ui/Badge'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { Notice } from '../../ui/Notice'
import { useKeysStore } from '../keys/keys.store'
import { useRotationStore, type PlannedKey } from './rotation.store'
import styles from './Rotation.module.css'

const riskTone = { low: 'ok', medium: 'warn', high: 'danger', blocked: 'danger' } as const

function PlanDialog({ ids, onClose }: { ids: string[]; onClose(): void }) {
  const planSelected = useRotationStore((state) => state.planSelected)
  const [items, setItems] = useState<PlannedKey[]>()
  const [failure, setFailure] = useState<AppErrorBody>()

  useEffect(() => {
    let live = true
    void planSelected(ids).then((result) => {
      if (!live) return
      if (result.ok) setItems(result.value)
      else setFailure(result.error)
    })
    return () => {
      live = false
    }
  }, [ids, planSelected])

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
