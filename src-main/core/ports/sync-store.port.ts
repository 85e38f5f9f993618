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

/** A key of the cache as a pull found it: its identity at its hub and Hubkeys' id for it. */
export interface CachedKeyId {
  tenant: string
  hubKeyId: string
  id: string
}

/** What applying a stage wrote. */
export interface StageApplied {
  inserted: number
  updated: number
  /** Keys whose stored hub-side fields already matched: only their `syncedAt` moved. */
  unchanged: number
  /** Cached keys the listing lacked, now `missing` (none unless asked). */
  missing: number
  /**
   * Staged keys the cache holds under another id than the one staged: keys Hubkeys created while
   * the pull ran. They were left as Hubkeys wrote them; the snapshot must carry these ids.
   */
  movedIds: CachedKeyId[]
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

  /**
   * Starts staging one pull of a connection, outside any transaction: remembers the connection's
   * cached keys as they are now and answers their ids. Staged keys wait outside the store's tables
   * (a stage takes no write lock and never reaches the file) until `applyStage`.
   */
  openStage(connectionId: string): { stageId: number; cached: CachedKeyId[] }
  /**
   * Stages one page of the pull, outside any transaction: `keysJson` is the page's keys as a JSON
   * array of `SnapshotKey`s (the same text the snapshot is made of). A key staged twice keeps its
   * later copy.
   */
  stageKeys(stageId: number, keysJson: string): void
  /**
   * Writes a stage's keys inside the caller's transaction, by the rules of
   * `InventoryStore.upsertKey` (notes, tags and the secret kept; an owner kept once set; the
   * fingerprint kept when the hub sends none). Keys whose stored hub-side fields already match get
   * only the new `syncedAt`, so the search index is not rewritten for them. A key listed again
   * stops being `missing`; a key deleted through Hubkeys stays `deleted`. A cached key that
   * Hubkeys wrote after `openStage` is left as it is, neither overwritten nor marked missing.
   * `markMissing` (complete listings only): cached keys the stage lacks become `missing` since
   * `syncedAt`, keeping their rows, values, notes, tags and `synced_at`; deleted keys stay as
   * they are.
   */
  applyStage(stageId: number, options: { syncedAt: number; markMissing: boolean }): StageApplied
  /** Forgets a stage's keys, whatever became of the pull; safe to call more than once. */
  dropStage(stageId: number): void
  /** Replaces the connection's role names (role id -> the name its hub gives it). */
  replaceRoleNames(connectionId: string, names: ReadonlyMap<string, string>): void
  /** Cached keys per connection. */
  countKeys(): Map<string, number>
}
