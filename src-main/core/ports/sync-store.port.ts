// The port for sync bookkeeping (runs, compressed key snapshots, drift history); the SQLite adapter implements it on the inventory's database.
import type { HubKey } from '../../contract/hubs.contract'
import type { DriftChange, SyncOutcome } from '../../contract/sync.contract'

export interface SyncRunRecord {
  id: string
  connectionId: string
  startedAt: number
  finishedAt: number
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

export interface Snapshot {
  syncRunId: string
  connectionId: string
  takenAt: number
  keys: SnapshotKey[]
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
  /**
   * Changes whenever the row's hub-side fields, secret or sync time change; equal versions mean
   * nobody wrote the row in between (independent of clocks and their resolution).
   */
  version: string
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

  /** Stores a successful run's full key list, compressed. */
  putSnapshot(snapshot: Snapshot): void
  latestSnapshot(connectionId: string): Snapshot | undefined
  /** Keeps the newest `keep` snapshots of a connection; returns how many were removed. */
  pruneSnapshots(connectionId: string, keep: number): number

  insertDrift(connectionId: string, syncRunId: string, at: number, rows: DriftWrite[]): void
  /** Newest first. */
  listDrift(filter: DriftFilter): DriftRecord[]

  /** Every cached key of a connection, without its body. */
  keyStamps(connectionId: string): KeyStamp[]
  /** Cached keys per connection. */
  countKeys(): Map<string, number>
}
