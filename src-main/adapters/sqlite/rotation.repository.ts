// SQLite implementation of the RotationStore port: the rotation_journal table on the vault's database, with its cross-process lease; main process only.
import { hostname } from 'node:os'
import type {
  LeaseAnswer,
  RotationInsert,
  RotationPatch,
  RotationRecord,
  RotationStore
} from '../../core/ports/rotation-store.port'
import type { RotationState, RotationStrategy } from '../../contract/rotation.contract'
import type { SqliteDb } from './migrations'
import { translateStoreError } from './sqlite-errors'

interface RotationRow {
  id: string
  connection_id: string
  key_id: string
  old_hub_key_id: string
  old_secret_id: string | null
  strategy: string
  state: string
  token: string
  requested_name: string | null
  new_key_id: string | null
  new_hub_key_id: string | null
  new_secret_id: string | null
  grace_ms: number
  grace_until: number | null
  attempts: number
  last_error: string | null
  next_attempt_at: number | null
  notes: string
  /** Schema 12 and later; absent on an older file. */
  lease_owner?: string | null
  lease_until?: number | null
  lease_holder?: string | null
  recovery_connection_id?: string | null
  account_name?: string | null
  created_at: number
  updated_at: number
}

const notesOf = (text: string): string[] => {
  try {
    const parsed = JSON.parse(text) as unknown
    return Array.isArray(parsed) ? parsed.filter((note) => typeof note === 'string') : []
  } catch {
    // The column has a json_valid CHECK, so only a file edited by hand gets here.
    return []
  }
}

const toRecord = (row: RotationRow): RotationRecord => ({
  id: row.id,
  connectionId: row.connection_id,
  keyId: row.key_id,
  oldHubKeyId: row.old_hub_key_id,
  oldSecretId: row.old_secret_id,
  strategy: row.strategy as RotationStrategy,
  state: row.state as RotationState,
  token: row.token,
  requestedName: row.requested_name,
  newKeyId: row.new_key_id,
  newHubKeyId: row.new_hub_key_id,
  newSecretId: row.new_secret_id,
  graceMs: row.grace_ms,
  graceUntil: row.grace_until,
  attempts: row.attempts,
  lastError: row.last_error,
  nextAttemptAt: row.next_attempt_at,
  notes: notesOf(row.notes),
  recoveryConnectionId: row.recovery_connection_id ?? null,
  accountName: row.account_name ?? null,
  lease:
    row.lease_owner && row.lease_until != null
      ? { owner: row.lease_owner, holder: row.lease_holder ?? null, until: row.lease_until }
      : null,
  createdAt: row.created_at,
  updatedAt: row.updated_at
})

const columns: Record<keyof RotationPatch, string> = {
  state: 'state',
  requestedName: 'requested_name',
  newKeyId: 'new_key_id',
  newHubKeyId: 'new_hub_key_id',
  newSecretId: 'new_secret_id',
  oldSecretId: 'old_secret_id',
  graceUntil: 'grace_until',
  attempts: 'attempts',
  lastError: 'last_error',
  nextAttemptAt: 'next_attempt_at',
  notes: 'notes'
}

type Statement = ReturnType<SqliteDb['prepare']>

/** This process, for the message another process shows while it runs a rotation. */
const thisProcess = (): string => `pid ${process.pid} on ${hostname()}`

/**
 * A holder on this computer whose process no longer exists (killed, crashed): its lease is stale
 * before it expires. Holders elsewhere, or unknown, are trusted until their expiry.
 */
const goneFromThisComputer = (holder: string | null): boolean => {
  const match = holder ? /^pid (\d{1,10}) on (.+)$/.exec(holder) : null
  if (!match || match[2] !== hostname()) return false
  try {
    // Signal 0 checks that the process exists without touching it.
    process.kill(Number(match[1]), 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/** Needs a migrated database (schema 12 or later; 11 without leases and recovery). */
export const createSqliteRotationStore = (
  db: SqliteDb,
  options: { now?: () => number; holder?: string } = {}
): RotationStore => {
  const now = options.now ?? Date.now
  const holder = options.holder ?? thisProcess()
  const guard = <T>(doing: string, fn: () => T): T => {
    try {
      return fn()
    } catch (error) {
      throw translateStoreError(error, doing)
    }
  }
  const selectOne = db.prepare<[string], RotationRow>('SELECT * FROM rotation_journal WHERE id = ?')
  const selectAll = db.prepare<[], RotationRow>(
    'SELECT * FROM rotation_journal ORDER BY created_at DESC, id'
  )
  const selectUnfinished = db.prepare<[], RotationRow>(
    `SELECT * FROM rotation_journal WHERE state NOT IN ('DONE', 'ROLLED_BACK', 'FAILED')
     ORDER BY created_at DESC, id`
  )
  const selectUnfinishedFor = db.prepare<[string], RotationRow>(
    `SELECT * FROM rotation_journal
     WHERE key_id = ? AND state NOT IN ('DONE', 'ROLLED_BACK', 'FAILED')`
  )
  const insert = db.prepare(
    `INSERT INTO rotation_journal (id, connection_id, key_id, old_hub_key_id, old_secret_id, strategy,
       state, token, new_key_id, new_hub_key_id, new_secret_id, grace_ms, notes, created_at, updated_at)
     VALUES (@id, @connection_id, @key_id, @old_hub_key_id, @old_secret_id, @strategy, @state, @token,
       @new_key_id, @new_hub_key_id, @new_secret_id, @grace_ms, @notes, @at, @at)`
  )

  const selectPolicies = db.prepare<[], { connection_id: string; max_age_days: number }>(
    'SELECT connection_id, max_age_days FROM rotation_policies ORDER BY connection_id'
  )
  const upsertPolicy = db.prepare(
    `INSERT INTO rotation_policies (connection_id, max_age_days, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (connection_id) DO UPDATE SET max_age_days = excluded.max_age_days,
       updated_at = excluded.updated_at`
  )
  const deletePolicy = db.prepare<[string]>('DELETE FROM rotation_policies WHERE connection_id = ?')

  // Prepared on first use: a schema-11 file (that step's own test) has none of these columns.
  let schema12Statements:
    | {
        take: Statement
        takeStale: Statement
        renew: Statement
        release: Statement
        recovery: Statement
      }
    | undefined
  const schema12 = () =>
    (schema12Statements ??= {
      // The one conditional UPDATE: free, expired, or already this owner's.
      take: db.prepare(
        `UPDATE rotation_journal SET lease_owner = @owner, lease_until = @until, lease_holder = @holder
         WHERE id = @id AND (lease_owner IS NULL OR lease_owner = @owner OR lease_until IS NULL
           OR lease_until <= @at)`
      ),
      renew: db.prepare(
        `UPDATE rotation_journal SET lease_until = @until WHERE id = @id AND lease_owner = @owner`
      ),
      // A dead holder's lease, taken only if it is still that holder's (same conditional UPDATE).
      takeStale: db.prepare(
        `UPDATE rotation_journal SET lease_owner = @owner, lease_until = @until, lease_holder = @holder
         WHERE id = @id AND lease_owner = @stale`
      ),
      release: db.prepare(
        `UPDATE rotation_journal SET lease_owner = NULL, lease_until = NULL, lease_holder = NULL
         WHERE id = @id AND lease_owner = @owner`
      ),
      recovery: db.prepare(
        `UPDATE rotation_journal SET recovery_connection_id = @recovery, account_name = @account
         WHERE id = @id`
      )
    })

  const acquire = (id: string, owner: string, ttlMs: number): LeaseAnswer => {
    const at = now()
    const { changes } = schema12().take.run({ id, owner, until: at + ttlMs, holder, at })
    if (changes === 1) return { taken: true }
    const row = selectOne.get(id)
    if (!row) throw new Error(`No rotation ${id} in the journal.`)
    if (row.lease_owner && goneFromThisComputer(row.lease_holder ?? null)) {
      const stale = { id, owner, until: at + ttlMs, holder, stale: row.lease_owner }
      if (schema12().takeStale.run(stale).changes === 1) return { taken: true }
    }
    return { taken: false, holder: row.lease_holder ?? null, until: row.lease_until ?? at }
  }
  // IMMEDIATE: the write lock is taken before the row is read, so no other process can slip in.
  const acquireImmediate = db.transaction(acquire)

  const insertRow = (rotation: RotationInsert) => {
    insert.run({
      id: rotation.id,
      connection_id: rotation.connectionId,
      key_id: rotation.keyId,
      old_hub_key_id: rotation.oldHubKeyId,
      old_secret_id: rotation.oldSecretId,
      strategy: rotation.strategy,
      state: rotation.state,
      token: rotation.token,
      new_key_id: rotation.newKeyId,
      new_hub_key_id: rotation.newHubKeyId,
      new_secret_id: rotation.newSecretId,
      grace_ms: rotation.graceMs,
      notes: JSON.stringify(rotation.notes),
      at: now()
    })
    if (rotation.recoveryConnectionId || rotation.accountName) {
      schema12().recovery.run({
        id: rotation.id,
        recovery: rotation.recoveryConnectionId ?? null,
        account: rotation.accountName ?? null
      })
    }
  }

  const read = (id: string): RotationRecord => {
    const row = selectOne.get(id)
    if (!row) throw new Error(`No rotation ${id} in the journal.`)
    return toRecord(row)
  }

  return {
    insert: (rotation: RotationInsert, lease) =>
      guard('start the rotation (is one of this key already unfinished?)', () =>
        db
          .transaction(() => {
            insertRow(rotation)
            if (lease && !acquire(rotation.id, lease.owner, lease.ttlMs).taken)
              throw new Error('A new rotation was leased by another process.')
            return read(rotation.id)
          })
          .immediate()
      ),
    acquireLease: (id, owner, ttlMs) =>
      guard('take the rotation lease', () => acquireImmediate.immediate(id, owner, ttlMs)),
    renewLease: (id, owner, ttlMs) =>
      guard(
        'renew the rotation lease',
        () => schema12().renew.run({ id, owner, until: now() + ttlMs }).changes === 1
      ),
    releaseLease: (id, owner) =>
      guard('release the rotation lease', () => {
        schema12().release.run({ id, owner })
      }),
    update: (id, patch) =>
      guard('record the rotation step', () => {
        const sets: string[] = []
        const values: Record<string, unknown> = { id, at: now() }
        for (const [field, column] of Object.entries(columns) as [keyof RotationPatch, string][]) {
          if (patch[field] === undefined) continue
          sets.push(`${column} = @${column}`)
          values[column] = field === 'notes' ? JSON.stringify(patch.notes) : patch[field]
        }
        // Fixed column names from the table above, never from input.
        db.prepare(
          `UPDATE rotation_journal SET ${[...sets, 'updated_at = @at'].join(', ')} WHERE id = @id`
        ).run(values)
        return read(id)
      }),
    get: (id) =>
      guard('read the rotation journal', () => {
        const row = selectOne.get(id)
        return row ? toRecord(row) : undefined
      }),
    list: (options = {}) =>
      guard('read the rotation journal', () =>
        (options.unfinished ? selectUnfinished : selectAll).all().map(toRecord)
      ),
    listPolicies: () =>
      guard('read the rotation policies', () =>
        selectPolicies
          .all()
          .map((row) => ({ connectionId: row.connection_id, maxAgeDays: row.max_age_days }))
      ),
    setPolicy: (connectionId, maxAgeDays) =>
      guard('save the rotation policy', () => {
        if (maxAgeDays === null) deletePolicy.run(connectionId)
        else upsertPolicy.run(connectionId, maxAgeDays, now())
      }),
    unfinishedFor: (keyId) =>
      guard('read the rotation journal', () => {
        const row = selectUnfinishedFor.get(keyId)
        return row ? toRecord(row) : undefined
      })
  }
}
