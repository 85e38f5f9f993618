// The banner for rotations that were interrupted or keep failing (Resume and Roll back for each), and for ended ones that still need the admin (a lost DCT credential): never left half-done in silence; renderer.
import { useEffect, useState } from 'react'
import {
  isFinishedRotation,
  type RotationView
} from '../../../../src-main/contract/rotation.contract'
import { Button } from '../../ui/Button'
import { Icon } from '../../ui/Icon'
import { useConnectionsStore } from '../connections/connections.store'
import { stateLabel } from './rotation-steps'
import { interruptedOf, useRotationStore } from './rotation.store'
import styles from './Rotation.module.css'

/** An ended rotation that needs the admin: its message says what to do; nothing to resume. */
function FlaggedRow({ rotation }: { rotation: RotationView }) {
  return (
    <div className={styles.banner} role="alert" aria-label="Rotation needs you">
      <Icon name="alert" size={14} className={styles.bannerIcon} />
      <span className={styles.bannerText}>
        Rotation of {rotation.keyName} failed: {rotation.lastError ?? rotation.notes.at(-1)}
      </span>
    </div>
  )
}

function Row({ rotation }: { rotation: RotationView }) {
  const resume = useRotationStore((state) => state.resume)
  const rollback = useRotationStore((state) => state.rollback)
  const [busy, setBusy] = useState<'resume' | 'rollback'>()
  const act = async (what: 'resume' | 'rollback') => {
    setBusy(what)
    await (what === 'resume' ? resume(rotation.id) : rollback(rotation.id))
    setBusy(undefined)
  }
  return (
    <div className={styles.banner} role="alert" aria-label="Interrupted rotation">
      <Icon name="rotation" size={14} className={styles.bannerIcon} />
      <span className={styles.bannerText}>
        Rotation of {rotation.keyName} stopped at “{stateLabel(rotation.state)}”
        {rotation.stuck ? ` after ${rotation.attempts} attempts` : ''}
        {rotation.lastError ? `: ${rotation.lastError}` : '.'}
      </span>
      <Button size="sm" variant="ghost" busy={busy === 'resume'} onClick={() => void act('resume')}>
        Resume
      </Button>
      <Button
        size="sm"
        variant="ghost"
        busy={busy === 'rollback'}
        onClick={() => void act('rollback')}
      >
        Roll back
      </Button>
    </div>
  )
}

export function InterruptedRotations() {
  const byId = useRotationStore((state) => state.byId)
  const load = useRotationStore((state) => state.load)
  const watch = useRotationStore((state) => state.watch)
  // A saved connection (a replaced credential) may clear a flag: read the journal again then.
  const connections = useConnectionsStore((state) => state.connections)
  useEffect(() => watch(), [watch])
  useEffect(() => {
    void load()
  }, [load, connections])
  return (
    <>
      {interruptedOf(byId).map((rotation) =>
        isFinishedRotation(rotation.state) ? (
          <FlaggedRow key={rotation.id} rotation={rotation} />
        ) : (
          <Row key={rotation.id} rotation={rotation} />
        )
      )}
    </>
  )
}
