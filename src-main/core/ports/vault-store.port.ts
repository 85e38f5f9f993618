// The port the vault service uses to keep its row, the unlock back-off and sealed secrets; the SQLite adapter implements it.

/**
 * The single vault row. Everything here is safe at rest: the data key is only stored wrapped, and
 * `kdfParams` is the JSON text the vault service wrote (it validates it again on every read, so a
 * tampered row is refused there, not parsed blindly here).
 */
export interface VaultRecord {
  vaultId: string
  kdfParams: string
  salt: Uint8Array
  wrappedKey: Uint8Array
  createdAt: number
  updatedAt: number
  /** Set only while "remember on this device" is on; both or neither. */
  remembered: RememberedKey | null
}

export interface NewVaultRecord {
  vaultId: string
  kdfParams: string
  salt: Uint8Array
  wrappedKey: Uint8Array
}

/** What a password change writes: a new salt and parameters and the same data key wrapped again. */
export interface WrappedKeyUpdate {
  kdfParams: string
  salt: Uint8Array
  wrappedKey: Uint8Array
}

/** The data key wrapped by the OS keychain (Electron safeStorage) and the backend that did it. */
export interface RememberedKey {
  backend: string
  blob: Uint8Array
}

/** Failed unlocks in a row, persisted so a restart does not reset the back-off. */
export interface UnlockThrottle {
  failures: number
  lastFailureAt: number | null
}

/**
 * One AES-GCM sealed secret. `id` and `version` are bound into the AAD by the vault service, so the
 * store must give back exactly what it was given.
 */
export interface SealedSecretInput {
  id: string
  /** Who owns the secret, for example `connection` or `key`. */
  ownerKind: string
  version: number
  sealed: Uint8Array
}

export interface SealedSecret extends SealedSecretInput {
  createdAt: number
  updatedAt: number
}

/**
 * Every method is synchronous and throws `StoreError` (core/ports/store-error.ts) for store
 * failures; errors thrown by a `transaction` callback pass through unchanged.
 */
export interface VaultStore {
  readVault(): VaultRecord | undefined
  /** Throws `StoreError` CONFLICT when a vault already exists. */
  createVault(record: NewVaultRecord): VaultRecord
  /** Throws `StoreError` CONFLICT when the stored vault is not `vaultId`. */
  replaceWrappedKey(vaultId: string, update: WrappedKeyUpdate): void
  /** `null` forgets the device-wrapped key. Throws `StoreError` CONFLICT when the vault is not `vaultId`. */
  setRemembered(vaultId: string, remembered: RememberedKey | null): void

  readThrottle(): UnlockThrottle
  /** Adds one failure at `at` (epoch ms) and returns the new state. */
  recordFailure(at: number): UnlockThrottle
  resetThrottle(): void

  /** Inserts or replaces the record with this id (its `createdAt` is kept on replace). */
  putSecret(secret: SealedSecretInput): void
  getSecret(id: string): SealedSecret | undefined
  /** Returns false when there was no such secret; throws `StoreError` CONFLICT while a connection uses it. */
  deleteSecret(id: string): boolean
  /** Ids in ascending order. */
  listSecretIds(): string[]

  /**
   * Runs `fn` in one transaction: commits when it returns, rolls back when it throws. Calls nest
   * (savepoints). `fn` must be synchronous: do the slow async work (KDF) before, not inside.
   */
  transaction<T>(fn: () => T): T
  /**
   * Copies the write-ahead log into the database file and empties it, so pages a change replaced
   * (an old wrapped key) do not linger in the log. Call after a password change, outside a transaction.
   */
  checkpoint(): void
}
