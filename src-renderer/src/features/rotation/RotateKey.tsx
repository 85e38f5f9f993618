// "Rotate…" in the key detail panel's toolbar and its dialog: the strategy explained before anything runs, grace window, typed name for a reset, the new value for a guided rotation, progress by state and the result with a copy button; renderer.
import { useEffect, useId, useState, type FormEvent } from 'react'
import type { KeyDetail } from '../../../../src-main/contract/inventory.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import type {
  GraceWindow,
  RotationPlanItem,
  RotationView
} from '../../../../src-main/contract/rotation.contract'
import { isFinishedRotation } from '../../../../src-main/contract/rotation.contract'
import { Badge } from '../../ui/Badge'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { Icon } from '../../ui/Icon'
import { ErrorNotice } from '../../ui/Notice'
import { SegmentedControl } from '../../ui/SegmentedControl'
import { TextField } from '../../ui/TextField'
import { useCopyKey } from '../key-secret/use-copy-key'
import { graceLabels, stateLabel, stepsOf } from './rotation-steps'
import { RotationOutcome } from './RotationOutcome'
import { useRotationStore } from './rotation.store'
import styles from './Rotation.module.css'

const riskTone = { low: 'ok', medium: 'warn', high: 'danger', blocked: 'danger' } as const

function Progress({ rotation, plan }: { rotation: RotationView; plan: RotationPlanItem }) {
  const steps = stepsOf(plan.strategy)
  const reached = steps.findIndex((step) => step.state === rotation.state)
  return (
    <ol className={styles.steps} aria-label="Rotation progress">
      {steps.map((step, index) => {
        const done = reached >= 0 && index <= reached
        const current = index === reached && !isFinishedRotation(rotation.state)
        return (
          <li
            key={step.state}
            className={`${styles.step} ${done ? styles.done : ''} ${current ? styles.current : ''}`}
            aria-current={current ? 'step' : undefined}
          >
            <Icon name={done ? 'check' : 'clock'} size={14} />
            {step.label}
          </li>
        )
      })}
      {rotation.state === 'FAILED' || rotation.state === 'ROLLED_BACK' ? (
        <li className={`${styles.step} ${styles.current}`}>
          <Icon name="alert" size={14} />
          {stateLabel(rotation.state)}
        </li>
      ) : null}
    </ol>
  )
}

function RotateDialog({ detail, onClose }: { detail: KeyDetail; onClose(): void }) {
  const planOf = useRotationStore((state) => state.plan)
  const start = useRotationStore((state) => state.start)
  const revokeNow = useRotationStore((state) => state.revokeNow)
  const [plan, setPlan] = useState<RotationPlanItem>()
  const [grace, setGrace] = useState<GraceWindow>('0')
  const [typedName, setTypedName] = useState('')
  const [newValue, setNewValue] = useState('')
  const [rotationId, setRotationId] = useState<string>()
  const rotation = useRotationStore((state) => (rotationId ? state.byId[rotationId] : undefined))
  // The new value, read back from the vault after it was sealed; kept only while this is open.
  const [secret, setSecret] = useState<string>()
  const [copied, setCopied] = useState<boolean>()
  const copyKey = useCopyKey()
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<AppErrorBody>()
  const formId = useId()

  useEffect(() => {
    let live = true
    void planOf(detail.connectionId, [detail.id]).then((result) => {
      if (!live) return
      if (result.ok) setPlan(result.value[0])
      else setFailure(result.error)
    })
    return () => {
      live = false
    }
  }, [planOf, detail.connectionId, detail.id])

  const guided = plan?.strategy === 'guided'
  const blockedReason = !plan
    ? 'Reading the plan'
    : plan.risk === 'blocked'
      ? 'This key cannot be rotated now'
      : plan.needsTypedName && typedName.trim() !== detail.name
        ? "Type the key's name to confirm"
        : guided && newValue.trim() === ''
          ? "Paste the new key's value"
          : undefined

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy || blockedReason || !plan) return
    setBusy(true)
    setFailure(undefined)
    const result = await start({
      connectionId: detail.connectionId,
      keyId: detail.id,
      grace,
      showSecret: !guided,
      ...(plan.needsTypedName ? { confirmName: typedName.trim() } : {}),
      ...(guided ? { newSecret: newValue.trim() } : {})
    })
    setBusy(false)
    setNewValue('')
    if (!result.ok) {
      setFailure(result.error)
      return
    }
    setRotationId(result.value.rotation.id)
    setSecret(result.value.secret)
  }

  const revoke = async () => {
    if (!rotation) return
    setBusy(true)
    const result = await revokeNow(rotation.id)
    setBusy(false)
    if (!result.ok) setFailure(result.error)
  }

  const close = () => {
    setSecret(undefined)
    onClose()
  }

  const running = rotation !== undefined
  return (
    <Dialog
      title="Rotate key"
      description={
        <>
          <strong>{detail.name || '(no name)'}</strong> of {detail.connectionName}
        </>
      }
      headerExtra={
        plan ? (
          <Badge tone={riskTone[plan.risk]} dot>
            Risk: {plan.risk}
          </Badge>
        ) : null
      }
      onClose={close}
      closeLabel="Close"
      footer={
        running ? (
          <>
            {rotation.state === 'SWITCHED' ? (
              <Button variant="danger" busy={busy} onClick={() => void revoke()}>
                {guided ? 'Old key is revoked in the console' : 'Revoke old key now'}
              </Button>
            ) : null}
            <Button variant="primary" onClick={close}>
              Close
            </Button>
          </>
        ) : (
          <>
            <Button variant="ghost" onClick={close}>
              Cancel
            </Button>
            <Button
              variant={plan?.risk === 'high' ? 'danger' : 'primary'}
              icon="rotation"
              type="submit"
              form={formId}
              busy={busy}
              {...(blockedReason ? { disabledReason: blockedReason } : {})}
            >
              {busy ? 'Rotating…' : 'Rotate'}
            </Button>
          </>
        )
      }
    >
      <form id={formId} className={styles.form} onSubmit={(event) => void submit(event)}>
        {plan ? <p className={styles.explanation}>{plan.explanation}</p> : <p>Reading the plan…</p>}
        {plan && !running && plan.graceWindows.length > 1 ? (
          <SegmentedControl<GraceWindow>
            label="Keep the old key valid for"
            value={grace}
            options={plan.graceWindows.map((value) => ({ value, label: graceLabels[value] }))}
            onChange={setGrace}
          />
        ) : null}
        {plan?.needsTypedName && !running ? (
          <TextField
            label="Type the key's name to confirm the hard cut-over"
            value={typedName}
            onChange={setTypedName}
            hint={`Every consumer of "${detail.name}" breaks until it uses the new value.`}
          />
        ) : null}
        {guided && !running ? (
          <TextField
            label="The new key's value, from the hub's console"
            value={newValue}
            onChange={setNewValue}
            mono
            hint="Stored encrypted in the vault and verified live before anything else happens."
          />
        ) : null}
        {rotation && plan ? <Progress rotation={rotation} plan={plan} /> : null}
        <RotationOutcome rotation={rotation} />
        {rotation && secret && rotation.state !== 'FAILED' ? (
          <div className={styles.result}>
            <span>
              New key <span className={styles.mono}>{rotation.newHubKeyId}</span>
            </span>
            <Button
              size="sm"
              icon="copy"
              onClick={() =>
                // Through keys:copy like every copy: main writes and later clears the clipboard.
                void copyKey({
                  connectionId: detail.connectionId,
                  keyId: rotation.newKeyId ?? rotation.newHubKeyId ?? ''
                }).then(setCopied)
              }
            >
              Copy new value
            </Button>
            {copied === undefined ? null : (
              <span role="status">{copied ? 'Copied.' : 'Could not copy.'}</span>
            )}
          </div>
        ) : null}
        <ErrorNotice error={failure} />
      </form>
    </Dialog>
  )
}

/** The one control this feature puts into the key detail panel's toolbar. */
export function RotateKey({ detail }: { detail: KeyDetail }) {
  const [open, setOpen] = useState(false)
  const gone = detail.status === 'deleted' || detail.status === 'missing'
  return (
    <>
      <Button
        size="sm"
        icon="rotation"
        onClick={() => setOpen(true)}
        {...(gone ? { disabledReason: 'This key is gone at its hub' } : {})}
      >
        Rotate…
      </Button>
      {open ? <RotateDialog detail={detail} onClose={() => setOpen(false)} /> : null}
    </>
  )
}
