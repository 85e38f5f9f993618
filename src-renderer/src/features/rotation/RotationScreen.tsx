// The Rotation screen: the journal with Resume / Roll back and what is left to do, rotations the per-connection age policies propose (never run unasked) with their connection, and each connection's policy; renderer.
import { useCallback, useEffect, useState } from 'react'
import type { Connection } from '../../../../src-main/contract/hubs.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import type { RotationPolicy, RotationView } from '../../../../src-main/contract/rotation.contract'
import { isFinishedRotation } from '../../../../src-main/contract/rotation.contract'
import { Badge } from '../../ui/Badge'
import { Button } from '../../ui/Button'
import { ErrorNotice } from '../../ui/Notice'
import { useConnectionsStore } from '../connections/connections.store'
import { GraceWindow } from './GraceWindow'
import { stateLabel } from './rotation-steps'
import { useRotationStore, type Proposal } from './rotation.store'
import styles from './Rotation.module.css'

const riskTone = { low: 'ok', medium: 'warn', high: 'danger', blocked: 'danger' } as const

function PolicyRow({
  connection,
  policy,
  onSaved
}: {
  connection: Connection
  policy?: RotationPolicy
  onSaved(policies: RotationPolicy[]): void
}) {
  const [days, setDays] = useState(policy ? String(policy.maxAgeDays) : '')
  const [failure, setFailure] = useState<AppErrorBody>()
  const setPolicy = useRotationStore((state) => state.setPolicy)
  const save = async (maxAgeDays: number | null) => {
    const result = await setPolicy(connection.id, maxAgeDays)
    if (!result.ok) return setFailure(result.error)
    setFailure(undefined)
    onSaved(result.value)
  }
  const parsed = Number(days)
  const valid = Number.isInteger(parsed) && parsed >= 1 && parsed <= 3650
  return (
    <li className={styles.row}>
      <span className={styles.rowMain}>{connection.name}</span>
      <label>
        Propose keys older than{' '}
        <input
          className={styles.days}
          type="number"
          min={1}
          max={3650}
          value={days}
          onChange={(event) => setDays(event.target.value)}
          aria-label={`Days for ${connection.name}`}
        />{' '}
        days
      </label>
      <Button
        size="sm"
        onClick={() => void save(parsed)}
        {...(valid ? {} : { disabledReason: 'Enter 1 to 3650 days' })}
      >
        Save
      </Button>
      {policy ? (
        <Button size="sm" variant="ghost" onClick={() => void save(null).then(() => setDays(''))}>
          Remove
        </Button>
      ) : null}
      <ErrorNotice error={failure} />
    </li>
  )
}

function JournalRow({
  rotation,
  connectionName
}: {
  rotation: RotationView
  connectionName: string
}) {
  const resume = useRotationStore((state) => state.resume)
  const rollback = useRotationStore((state) => state.rollback)
  const unfinished = !isFinishedRotation(rotation.state)
  // In its grace window a rotation waits for the time (or Revoke now): Resume would do nothing.
  const waiting =
    rotation.state === 'SWITCHED' &&
    rotation.graceUntil !== null &&
    rotation.graceUntil > Date.now() &&
    !rotation.lastError
  return (
    <li className={styles.row} aria-label={`Rotation of ${rotation.keyName}`}>
      <span className={styles.rowMain}>
        <strong>{rotation.keyName}</strong> · {connectionName} · {rotation.strategy} ·{' '}
        {stateLabel(rotation.state)}
        {rotation.lastError ? ` — ${rotation.lastError}` : ''}
      </span>
      <GraceWindow rotation={rotation} now={Date.now()} />
      {rotation.runningElsewhere ? (
        <span className={styles.elsewhere}>
          Being run by another Hubkeys process ({rotation.runningElsewhere})
        </span>
      ) : unfinished ? (
        <>
          {waiting ? null : (
            <Button size="sm" onClick={() => void resume(rotation.id)}>
              Resume
            </Button>
          )}
          <Button size="sm" variant="ghost" onClick={() => void rollback(rotation.id)}>
            Roll back
          </Button>
        </>
      ) : null}
      {rotation.notes.length ? (
        <ul className={`${styles.notes} ${styles.rowNotes}`} aria-label="What is left to do">
          {rotation.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </li>
  )
}

/** The oldest proposals first; a long list would bury the journal and the policies. */
const proposalsShown = 12

export function RotationScreen() {
  const connections = useConnectionsStore((state) => state.connections)
  const byId = useRotationStore((state) => state.byId)
  const readPolicies = useRotationStore((state) => state.policies)
  const readProposals = useRotationStore((state) => state.proposals)
  const readJournal = useRotationStore((state) => state.journal)
  const [policies, setPolicies] = useState<RotationPolicy[]>()
  const [proposals, setProposals] = useState<Proposal[]>([])
  const [journal, setJournal] = useState<RotationView[]>([])
  const [failure, setFailure] = useState<AppErrorBody>()
  const nameOf = (connectionId: string) =>
    connections.find((connection) => connection.id === connectionId)?.name ?? 'a removed connection'

  const load = useCallback(async () => {
    const [read, proposed, listed] = await Promise.all([
      readPolicies(),
      readProposals(),
      readJournal()
    ])
    const failed = [read, proposed, listed].find((result) => !result.ok)
    if (failed && !failed.ok) return setFailure(failed.error)
    if (read.ok) setPolicies(read.value)
    if (proposed.ok) setProposals(proposed.value)
    if (listed.ok) setJournal(listed.value)
  }, [readPolicies, readProposals, readJournal])

  useEffect(() => {
    void load()
  }, [load, byId])

  return (
    <div className={styles.page}>
      <ErrorNotice error={failure} />
      <section className={styles.group} aria-labelledby="rotation-journal">
        <h2 id="rotation-journal" className={styles.groupTitle}>
          Journal
        </h2>
        {journal.length === 0 ? (
          <p>No rotation yet. Rotate a key from its detail panel.</p>
        ) : (
          <ul className={styles.rows}>
            {journal.map((rotation) => (
              <JournalRow
                key={rotation.id}
                rotation={byId[rotation.id] ?? rotation}
                connectionName={nameOf(rotation.connectionId)}
              />
            ))}
          </ul>
        )}
      </section>
      <section className={styles.group} aria-labelledby="rotation-proposed">
        <h2 id="rotation-proposed" className={styles.groupTitle}>
          Proposed by policy
        </h2>
        {proposals.length === 0 ? (
          <p>No key is older than its connection&apos;s policy. Nothing runs without you.</p>
        ) : (
          <>
            <table className={styles.table} aria-labelledby="rotation-proposed">
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Connection</th>
                  <th scope="col">Age</th>
                  <th scope="col">Strategy and risk</th>
                </tr>
              </thead>
              <tbody>
                {proposals.slice(0, proposalsShown).map((item) => (
                  <tr key={item.keyId}>
                    <td>
                      <strong>{item.keyName}</strong>
                    </td>
                    <td>{nameOf(item.connectionId)}</td>
                    <td>{item.ageDays} days</td>
                    <td>
                      <Badge tone={riskTone[item.risk]} dot>
                        {item.strategy ?? 'cannot rotate'} · risk {item.risk}
                      </Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {proposals.length > proposalsShown ? (
              <p>
                …and {proposals.length - proposalsShown} more, oldest first; the Hygiene screen
                lists every key older than a maximum age.
              </p>
            ) : null}
          </>
        )}
      </section>
      <section className={styles.group} aria-labelledby="rotation-policies">
        <h2 id="rotation-policies" className={styles.groupTitle}>
          Policies
        </h2>
        {policies === undefined ? (
          <p role="status">Reading…</p>
        ) : (
          <ul className={styles.rows}>
            {connections.map((connection) => (
              <PolicyRow
                key={connection.id}
                connection={connection}
                policy={policies.find((policy) => policy.connectionId === connection.id)}
                onSaved={(next) => {
                  setPolicies(next)
                  void load()
                }}
              />
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
