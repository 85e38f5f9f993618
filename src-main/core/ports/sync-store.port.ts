// The port for sync bookkeeping (runs, compressed key snapshots, drift history); the SQLite adapter implements it on the inventory's database.
import type { HubKey } from '../../contract/hubs.contract'
import type { DriftChange, SyncOutcome } from '../../contract/sync.contract'

export interface SyncRunRecord {
  id: string
  connectionId: string
  startedAt: number
  finishedAt: number
  /**
   * `partial`: the listing ended early (`errorCode` TIMEOUT, another code, or none when it was
   * cancelled) after the keys it saw were applied.
   */
  outcome: SyncOutcome
  /** Contract error code of a failed run. */
  errorCode: string | null
  /** One sentence for people; never a secret. */
  error: string | null
  pages: number
  keysSeen: number
  added: number
  removed: number
  changed: number
}

/** A key as one snapshot holds it: the hub's view plus Hubkeys' id for it at that time. */
export interface SnapshotKey extends HubKey {
  id: string
}

/** A stored snapshot: `body` is the zlib-compressed JSON the sync engine's codec made. */
export interface SnapshotRecord {
  syncRunId: string
  connectionId: string
  takenAt: number
  keyCount: number
  body: Buffer
}

/** One key a sync writes, with the id to give it if it is new to the cache. */
export interface SyncedKeyWrite {
  key: HubKey
  id: string
}

export interface SyncedKeysWritten {
  /** The id of each written key, in order (the cached id for keys already there). */
  ids: string[]
  inserted: number
  updated: number
  /** Keys whose stored hub-side fields already matched: only their `syncedAt` moved. */
  unchanged: number
}

export interface DriftWrite {
  keyId: string
  tenant: string
  hubKeyId: string
  keyName: string
  change: DriftChange
  /** JSON-safe values; `undefined` is stored as SQL NULL. */
  before: unknown
  after: unknown
}

export interface DriftRecord extends DriftWrite {
  seq: number
  connectionId: string
  syncRunId: string | null
  at: number
}

export interface DriftFilter {
  keyId?: string
  connectionId?: string
  /** Only rows with a smaller seq. */
  before?: number
  limit: number
}

/** Where a cached key stands, enough to decide whether a sync may overwrite or remove it. */
export interface KeyStamp {
  id: string
  tenant: string
  hubKeyId: string
  syncedAt: number
  /** Vault secret holding the key's value, when Hubkeys has it. */
  secretId: string | null
  /** When a complete listing first lacked the key (status `missing`); null while it is listed. */
  missingSince: number | null
  /** When Hubkeys deleted the key at the hub; a sync keeps such a key `deleted`. */
  deletedAt: number | null
  /**
   * Every column a sync or a key action writes, as stored, in the store's own order. Two stamps of
   * a row with equal lists mean nobody wrote it in between (whatever the clocks say); the store
   * also reads it to leave rows that a sync would not change alone.
   */
  stored: readonly unknown[]
}

export interface ConnectionRuns {
  connectionId: string
  lastRun?: SyncRunRecord
  lastOk?: SyncRunRecord
}

/**
 * Synchronous and on the same database as the InventoryStore, so `InventoryStore.transaction`
 * covers these writes too (a sync's keys, drift, snapshot and run commit together). Throws
 * `StoreError`.
 */
export interface SyncStore {
  /** Records a finished run (any outcome). */
  insertRun(run: SyncRunRecord): void
  /** The latest run and the latest successful run of every connection that has any. */
  latestRuns(): ConnectionRuns[]
  /** Runs of one connection, newest first. */
  listRuns(connectionId: string, limit: number): SyncRunRecord[]

  /** Stores a successful run's full key list (already compressed). */
  putSnapshot(snapshot: SnapshotRecord): void
  latestSnapshot(connectionId: string): SnapshotRecord | undefined
  /** Keeps the newest `keep` snapshots of a connection; returns how many were removed. */
  pruneSnapshots(connectionId: string, keep: number): number

  insertDrift(connectionId: string, syncRunId: string, at: number, rows: DriftWrite[]): void
  /** Newest first. */
  listDrift(filter: DriftFilter): DriftRecord[]

  /** Every cached key of a connection, in one cheap read. */
  keyStamps(connectionId: string): KeyStamp[]
  /**
   * Writes one sync's keys of a connection, inside the caller's transaction, by the rules of
   * `InventoryStore.upsertKey` (notes, tags and the secret kept; an owner kept once set; the
   * fingerprint kept when the hub sends none). Keys whose stored hub-side fields already match get
   * only the new `syncedAt`, so the search index is not rewritten for them. A key listed again
   * stops being `missing`; a key deleted through Hubkeys stays `deleted`. `cached` must be this
   * connection's `keyStamps`, read in the same transaction.
   */
  writeSyncedKeys(
    connectionId: string,
    writes: readonly SyncedKeyWrite[],
    syncedAt: number,
    cached: readonly KeyStamp[]
  ): SyncedKeysWritten
  /**
   * Marks keys that a complete listing no longer contains as `missing` (since `at`), inside the
   * caller's transaction. Rows, values, notes and tags stay; `synced_at` stays the last time a
   * listing contained them. Keys deleted through Hubkeys are left as they are.
   */
  markMissing(ids: readonly string[], at: number): void
  /** Replaces the connection's role names (role id -> the name its hub gives it). */
  replaceRoleNames(connectionId: string, names: ReadonlyMap<string, string>): void
  /** Cached keys per connection. */
  countKeys(): Map<string, number>
}
