// The SQLite implementation of the VaultStore port: the vault row, the unlock back-off and sealed secrets; main process only.
import { StoreError } from '../../core/ports/store-error'
import type {
  NewVaultRecord,
  RememberedKey,
  SealedSecret,
  SealedSecretInput,
  UnlockThrottle,
  VaultRecord,
  VaultStore,
  WrappedKeyUpdate
} from '../../core/ports/vault-store.port'
import type { SqliteDb } from './migrations'
import { isSqliteError, translateStoreError } from './sqlite-errors'

interface VaultRow {
  vault_id: string
  kdf_params: string
  salt: Buffer
  wrapped_key: Buffer
  created_at: number
  updated_at: number
  remember_backend: string | null
  remember_blob: Buffer | null
}

interface SecretRow {
  id: string
  owner_kind: string
  version: number
  sealed: Buffer
  created_at: number
  updated_at: number
}

interface ThrottleRow {
  failures: number
  last_failure_at: number | null
}

/** better-sqlite3 binds Buffers; this views any Uint8Array as one without copying. */
const bytes = (value: Uint8Array): Buffer =>
  Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)

const toVault = (row: VaultRow): VaultRecord => ({
  vaultId: row.vault_id,
  kdfParams: row.kdf_params,
  salt: row.salt,
  wrappedKey: row.wrapped_key,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  remembered:
    row.remember_backend !== null && row.remember_blob !== null
      ? { backend: row.remember_backend, blob: row.remember_blob }
      : null
})

const toSecret = (row: SecretRow): SealedSecret => ({
  id: row.id,
  ownerKind: row.owner_kind,
  version: row.version,
  sealed: row.sealed,
  createdAt: row.created_at,
  updatedAt: row.updated_at
})

const wrongVault = (): StoreError =>
  new StoreError(
    'CONFLICT',
    'The vault in this data folder is not the one that was unlocked; unlock it again.'
  )

export interface SqliteVaultStoreOptions {
  now?: () => number
}

/** Needs a migrated database (`migrate` or `openStore`); statements are prepared once, here. */
export const createSqliteVaultStore = (
  db: SqliteDb,
  options: SqliteVaultStoreOptions = {}
): VaultStore => {
  const now = options.now ?? Date.now
  const guard = <T>(doing: string, fn: () => T): T => {
    try {
      return fn()
    } catch (error) {
      throw translateStoreError(error, doing)
    }
  }

  const selectVault = db.prepare<[], VaultRow>(
    `SELECT vault_id, kdf_params, salt, wrapped_key, created_at, updated_at, remember_backend, remember_blob
     FROM vault WHERE id = 1`
  )
  const insertVault = db.prepare(
    `INSERT INTO vault (id, vault_id, kdf_params, salt, wrapped_key, created_at, updated_at)
     VALUES (1, ?, ?, ?, ?, ?, ?)`
  )
  const updateWrapped = db.prepare(
    `UPDATE vault SET kdf_params = ?, salt = ?, wrapped_key = ?, updated_at = ? WHERE id = 1 AND vault_id = ?`
  )
  const updateRemembered = db.prepare(
    `UPDATE vault SET remember_backend = ?, remember_blob = ?, updated_at = ? WHERE id = 1 AND vault_id = ?`
  )
  const selectThrottle = db.prepare<[], ThrottleRow>(
    'SELECT failures, last_failure_at FROM unlock_throttle WHERE id = 1'
  )
  const bumpThrottle = db.prepare<{ at: number }, ThrottleRow>(
    `INSERT INTO unlock_throttle (id, failures, last_failure_at) VALUES (1, 1, @at)
     ON CONFLICT (id) DO UPDATE SET failures = failures + 1, last_failure_at = @at
     RETURNING failures, last_failure_at`
  )
  const clearThrottle = db.prepare(
    'UPDATE unlock_throttle SET failures = 0, last_failure_at = NULL WHERE id = 1'
  )
  const upsertSecret = db.prepare<{
    id: string
    ownerKind: string
    version: number
    sealed: Buffer
    at: number
  }>(
    `INSERT INTO secrets (id, owner_kind, version, sealed, created_at, updated_at)
     VALUES (@id, @ownerKind, @version, @sealed, @at, @at)
     ON CONFLICT (id) DO UPDATE SET
       owner_kind = excluded.owner_kind, version = excluded.version, sealed = excluded.sealed,
       updated_at = excluded.updated_at`
  )
  const selectSecret = db.prepare<[string], SecretRow>(
    'SELECT id, owner_kind, version, sealed, created_at, updated_at FROM secrets WHERE id = ?'
  )
  const removeSecret = db.prepare('DELETE FROM secrets WHERE id = ?')
  const secretIds = db.prepare<[], string>('SELECT id FROM secrets ORDER BY id').pluck()

  return {
    readVault: () =>
      guard('read the vault', () => {
        const row = selectVault.get()
        return row === undefined ? undefined : toVault(row)
      }),

    createVault: (record: NewVaultRecord) =>
      guard('create the vault', () => {
        const at = now()
        try {
          insertVault.run(
            record.vaultId,
            record.kdfParams,
            bytes(record.salt),
            bytes(record.wrappedKey),
            at,
            at
          )
        } catch (error) {
          const code = (error as { code?: unknown }).code
          if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
            throw new StoreError('CONFLICT', 'A vault already exists in this data folder.', {
              cause: error
            })
          }
          throw error
        }
        return {
          vaultId: record.vaultId,
          kdfParams: record.kdfParams,
          salt: Buffer.from(record.salt),
          wrappedKey: Buffer.from(record.wrappedKey),
          createdAt: at,
          updatedAt: at,
          remembered: null
        }
      }),

    replaceWrappedKey: (vaultId: string, update: WrappedKeyUpdate) =>
      guard('save the new master password', () => {
        const { changes } = updateWrapped.run(
          update.kdfParams,
          bytes(update.salt),
          bytes(update.wrappedKey),
          now(),
          vaultId
        )
        if (changes !== 1) throw wrongVault()
      }),

    setRemembered: (vaultId: string, remembered: RememberedKey | null) =>
      guard('save the device key', () => {
        const { changes } = updateRemembered.run(
          remembered?.backend ?? null,
          remembered === null ? null : bytes(remembered.blob),
          now(),
          vaultId
        )
        if (changes !== 1) throw wrongVault()
      }),

    readThrottle: (): UnlockThrottle =>
      guard('read the unlock attempts', () => {
        const row = selectThrottle.get()
        return { failures: row?.failures ?? 0, lastFailureAt: row?.last_failure_at ?? null }
      }),

    recordFailure: (at: number): UnlockThrottle =>
      guard('record the failed unlock', () => {
        const row = bumpThrottle.get({ at })
        if (row === undefined) throw new Error('The unlock back-off row was not written.')
        return { failures: row.failures, lastFailureAt: row.last_failure_at }
      }),

    resetThrottle: () =>
      guard('reset the unlock attempts', () => {
        clearThrottle.run()
      }),

    putSecret: (secret: SealedSecretInput) =>
      guard('store the secret', () => {
        upsertSecret.run({
          id: secret.id,
          ownerKind: secret.ownerKind,
          version: secret.version,
          sealed: bytes(secret.sealed),
          at: now()
        })
      }),

    getSecret: (id: string) =>
      guard('read the secret', () => {
        const row = selectSecret.get(id)
        return row === undefined ? undefined : toSecret(row)
      }),

    deleteSecret: (id: string) =>
      guard('delete the secret', () => {
        try {
          return removeSecret.run(id).changes === 1
        } catch (error) {
          // ON DELETE RESTRICT reports SQLITE_CONSTRAINT_TRIGGER, a deferred check _FOREIGNKEY.
          if (
            isSqliteError(error) &&
            error.code.startsWith('SQLITE_CONSTRAINT') &&
            /FOREIGN KEY/.test(error.message)
          ) {
            throw new StoreError('CONFLICT', 'This secret is still used by a connection.', {
              cause: error
            })
          }
          throw error
        }
      }),

    listSecretIds: () => guard('list the secrets', () => secretIds.all()),

    transaction: <T>(fn: () => T): T =>
      guard('save the changes', () =>
        db.transaction((): T => {
          const result = fn()
          if (typeof (result as { then?: unknown } | null)?.then === 'function') {
            // better-sqlite3 would commit before the promise settles; throwing here rolls back instead.
            throw new TypeError('A store transaction callback must be synchronous.')
          }
          return result
        })()
      ),

    checkpoint: () =>
      guard('tidy the data file', () => {
        if (db.inTransaction) throw new Error('checkpoint() cannot run inside a transaction.')
        db.pragma('wal_checkpoint(TRUNCATE)')
      })
  }
}
