// The port the backup service copies, lists and restores the store's file through; the SQLite adapter implements it.

/** One backup file and when it was made (epoch ms, from its name). */
export interface BackupFile {
  path: string
  at: number
}

/** What a backup's vault row holds: enough to check a master password, nothing secret. */
export interface BackupVaultRow {
  vaultId: string
  kdfParams: string
  salt: Uint8Array
  wrappedKey: Uint8Array
}

/** Every method throws `StoreError` (core/ports/store-error.ts) for file and store failures. */
export interface BackupStore {
  /** `<data folder>/backups`, used when the `backupDir` preference is unset. */
  readonly defaultDir: string
  /** Backups in `dir`, newest first; an absent folder has none. */
  list(dir: string): BackupFile[]
  /** An online copy into `dir` (then only the newest `keep` stay), or exactly to `out`; written atomically. */
  create(options: { dir: string; keep: number; at: number; out?: string }): Promise<BackupFile>
  /** The vault row of a backup file; throws CORRUPT, FOREIGN or NEWER_VERSION for a file that is not a usable backup. */
  readVault(file: string): BackupVaultRow | undefined
  /** Replaces the live store's content with the backup's, after copying the current content aside. */
  restore(options: { file: string; at: number }): Promise<{ keptAside: string }>
}
