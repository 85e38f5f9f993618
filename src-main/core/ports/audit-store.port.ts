// The audit store port: appends hash-chained entries, reads them back in order or filtered, cuts old ones for retention; implemented by the SQLite adapter.
import type { AuditQuery } from '../../contract/audit.contract'

/** One row as stored. `detail` is the canonical JSON text the hash covers, byte for byte. */
export interface StoredAuditEntry {
  seq: number
  at: number
  actor: string
  action: string
  target: string | null
  detail: string | null
  prevHash: Uint8Array | null
  hash: Uint8Array
}

/** The newest entry's place in the chain: what the next entry links to. */
export interface ChainTip {
  seq: number
  hash: Uint8Array
}

export interface AuditStore {
  /**
   * Appends one entry after the newest, in one write transaction (no other writer can slip in
   * between reading the tip and inserting); `seal` builds the whole row, hash included.
   */
  append(seal: (tip: ChainTip | null) => StoredAuditEntry): StoredAuditEntry
  /** Entries with `seq > afterSeq`, oldest first, at most `limit`. */
  readChain(afterSeq: number, limit: number): StoredAuditEntry[]
  /** One page of `query`, newest first, at most `query.limit + 1` rows (the extra one says there is more). */
  list(query: AuditQuery): StoredAuditEntry[]
  /**
   * Retention: in one write transaction, appends the anchor `sealAnchor` builds (from the tip, the
   * last entry to go and how many go) and then removes every entry up to that last one, the
   * entries written before `before` (epoch ms). Returns how many were removed (0: nothing was
   * old enough, and no anchor was written).
   */
  cut(
    before: number,
    sealAnchor: (tip: ChainTip, lastRemoved: StoredAuditEntry, removed: number) => StoredAuditEntry
  ): number
}
