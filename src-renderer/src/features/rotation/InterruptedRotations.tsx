// The banner for rotations that were interrupted or keep failing: never left half-done in silence; Resume and Roll back for each; renderer.
import { useEffect, useState } from 'react'
import type { RotationView } from '../../../../src-main/contract/rotation.contract'
import { Button } from '../../ui/Button'
import { Icon } from '../../ui/Icon'
import { stateLabel } from './rotation-steps'
import { interruptedOf, useRotationStore } from './rotation.store'
import styles from './Rotation.module.css'

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
  useEffect(() => {
    void load()
    return watch()
  }, [load, watch])
  return (
    <>
      {interruptedOf(byId).map((rotation) => (
        <Row key={rotation.id} rotation={rotation} />
      ))}
    </>
  )
}
