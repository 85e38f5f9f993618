// A rotation in its grace window: until when the old key stays valid, the requests still arriving on it (where the hub reports usage), and "Revoke now"; renderer.
import { useEffect, useState } from 'react'
import {
  isFinishedRotation,
  type RotationView
} from '../../../../src-main/contract/rotation.contract'
import { usageTimes } from '../../../../src-main/contract/usage.contract'
import { absoluteTime, formatCount, relativeTime } from '../keys/key-format'
import { Button } from '../../ui/Button'
import { useRotationStore } from './rotation.store'
import styles from './Rotation.module.css'

/** Requests on the old key since the switch, from the usage cache; undefined where none is kept. */
const useOldKeyUse = ({ connectionId, keyId, updatedAt }: RotationView, active: boolean) => {
  const oldKeyUsage = useRotationStore((state) => state.oldKeyUsage)
  const [use, setUse] = useState<{ requests: number; lastAt: number | null }>()
  useEffect(() => {
    // Only a rotation in its grace window has an old key worth watching (the journal lists many).
    if (!active) return
    let live = true
    void oldKeyUsage({ connectionId, keyId, updatedAt }).then((result) => {
      if (!live || !result.ok || result.value.measure !== 'requests') return
      const series = result.value.series[0]
      if (!series || result.value.fetchedAt === null) return
      const starts = usageTimes(series)
      let requests = 0
      let lastAt: number | null = null
      starts.forEach((start, index) => {
        const count = series.requests[index] ?? 0
        if (count > 0 && start + 3_600_000 > updatedAt) {
          requests += count
          lastAt = start
        }
      })
      setUse({ requests, lastAt })
    })
    return () => {
      live = false
    }
  }, [oldKeyUsage, connectionId, keyId, updatedAt, active])
  return use
}

export function GraceWindow({ rotation, now }: { rotation: RotationView; now: number }) {
  const revokeNow = useRotationStore((state) => state.revokeNow)
  const [busy, setBusy] = useState(false)
  const inGrace =
    !isFinishedRotation(rotation.state) && rotation.graceUntil !== null && rotation.graceUntil > now
  const use = useOldKeyUse(rotation, inGrace)
  if (!inGrace || rotation.graceUntil === null) return null
  return (
    <span className={styles.grace}>
      <span title={absoluteTime(rotation.graceUntil)}>
        Old key valid {relativeTime(rotation.graceUntil, now)}
      </span>
      {use ? (
        <span className={use.requests > 0 ? styles.stillUsed : undefined}>
          {use.requests > 0
            ? `· ${formatCount(use.requests)} requests on the old key since the switch${use.lastAt ? `, last ${relativeTime(use.lastAt, now)}` : ''}: some consumers have not switched`
            : '· no requests on the old key since the switch (cached usage)'}
        </span>
      ) : null}
      <Button
        size="sm"
        variant="danger"
        busy={busy}
        onClick={() => {
          setBusy(true)
          void revokeNow(rotation.id).finally(() => setBusy(false))
        }}
      >
        Revoke now
      </Button>
    </span>
  )
}
