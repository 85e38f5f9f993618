// "Rotate credential…" in a connection's panel, for connections whose hub regenerates their own key (DCT 3.18+): the one call's window and its risk explained before anything runs, an optional recovery connection, then the progress and what is left to do; renderer.
import { useEffect, useId, useState, type FormEvent } from 'react'
import type { Connection } from '../../../../src-main/contract/hubs.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import type { RotationPlanItem } from '../../../../src-main/contract/rotation.contract'
import { Badge } from '../../ui/Badge'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { ErrorNotice } from '../../ui/Notice'
import { Select } from '../../ui/Select'
import { stateLabel } from './rotation-steps'
import { RotationOutcome } from './RotationOutcome'
import { useRotationStore } from './rotation.store'
import styles from './Rotation.module.css'

const riskTone = { low: 'ok', medium: 'warn', high: 'danger', blocked: 'danger' } as const
/** The select's value for "no recovery connection". */
const none = ''

function RotateCredentialDialog({
  connection,
  first,
  onClose
}: {
  connection: Connection
  first: RotationPlanItem
  onClose(): void
}) {
  const planCredential = useRotationStore((state) => state.planCredential)
  const start = useRotationStore((state) => state.start)
  const [recovery, setRecovery] = useState(none)
  const [plan, setPlan] = useState(first)
  const [rotationId, setRotationId] = useState<string>()
  const rotation = useRotationStore((state) => (rotationId ? state.byId[rotationId] : undefined))
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<AppErrorBody>()
  const formId = useId()

  // The explanation names the chosen recovery connection, or says what happens without one.
  useEffect(() => {
    let live = true
    void planCredential(connection.id, recovery || undefined).then((result) => {
      if (!live) return
      if (result.ok) setPlan(result.value)
      else setFailure(result.error)
    })
    return () => {
      live = false
    }
  }, [planCredential, connection.id, recovery])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy || plan.strategy === null) return
    setBusy(true)
    setFailure(undefined)
    const result = await start({
      connectionId: connection.id,
      target: 'credential',
      keyId: 'credential',
      ...(recovery ? { recoveryConnectionId: recovery } : {})
    })
    setBusy(false)
    if (result.ok) setRotationId(result.value.rotation.id)
    else setFailure(result.error)
  }

  const candidates = plan.recoveryConnections ?? []
  return (
    <Dialog
      title="Rotate credential"
      description={
        <>
          The API key <strong>{connection.name}</strong> itself uses
        </>
      }
      headerExtra={
        <Badge tone={riskTone[plan.risk]} dot>
          Risk: {plan.risk}
        </Badge>
      }
      onClose={onClose}
      closeLabel="Close"
      footer={
        rotation ? (
          <Button variant="primary" onClick={onClose}>
            Close
          </Button>
        ) : (
          <>
            <Button variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button
              variant="danger"
              icon="rotation"
              type="submit"
              form={formId}
              busy={busy}
              {...(plan.strategy === null
                ? { disabledReason: 'This credential cannot be regenerated now' }
                : {})}
            >
              {busy ? 'Regenerating…' : 'Regenerate'}
            </Button>
          </>
        )
      }
    >
      <form id={formId} className={styles.form} onSubmit={(event) => void submit(event)}>
        <p className={styles.explanation}>{plan.explanation}</p>
        {!rotation ? (
          <label className={styles.form}>
            <span>Recovery connection</span>
            <Select<string>
              aria-label="Recovery connection"
              value={recovery}
              onChange={setRecovery}
              options={[
                {
                  value: none,
                  label: candidates.length
                    ? 'None: a lost answer needs a DCT admin'
                    : 'None (no other connection to this DCT server)'
                },
                ...candidates.map((candidate) => ({ value: candidate.id, label: candidate.name }))
              ]}
            />
          </label>
        ) : null}
        {rotation ? (
          <p role="status">
            {stateLabel(rotation.state)}
            {rotation.state === 'DONE' ? ': the connection now uses the new key.' : ''}
          </p>
        ) : null}
        <RotationOutcome rotation={rotation} />
        <ErrorNotice error={failure} />
      </form>
    </Dialog>
  )
}

/**
 * The connection panel's credential section; nothing where the hub cannot regenerate the
 * connection's own key through its API (the plan says so, no hub is asked).
 */
export function RotateCredential({
  connection,
  className
}: {
  connection: Connection
  className?: string
}) {
  const planCredential = useRotationStore((state) => state.planCredential)
  const [plan, setPlan] = useState<RotationPlanItem>()
  const [open, setOpen] = useState(false)
  const headingId = useId()

  useEffect(() => {
    let live = true
    void planCredential(connection.id).then((result) => {
      if (live && result.ok) setPlan(result.value)
    })
    return () => {
      live = false
    }
  }, [planCredential, connection.id])

  if (plan?.strategy !== 'regenerate-own') return null
  return (
    <section className={className} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.sectionTitle}>
        Credential
      </h3>
      <p className={styles.explanation}>
        Regenerate the API key this connection uses; DCT returns the new one once and the old one
        stops working at once.
      </p>
      <div>
        <Button size="sm" icon="rotation" onClick={() => setOpen(true)}>
          Rotate credential…
        </Button>
      </div>
      {open ? (
        <RotateCredentialDialog
          connection={connection}
          first={plan}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </section>
  )
}
