// The audit log service: writes an entry per audited call and per system event, pages and verifies the chain, applies retention; core.
import type { AuditAction } from '../../contract/audit-actions'
import {
  auditEntrySchema,
  type AuditEntry,
  type AuditPage,
  type AuditQuery,
  type AuditVerification
} from '../../contract/audit.contract'
import type { AuditStore, StoredAuditEntry } from '../ports/audit-store.port'
import type { Logger } from '../ports/logger.port'
import { sealEntry, verifyChain, type EntryFields } from './audit-chain'
import { auditFieldsOf, type AuditedCall } from './audit-fields'

export interface AuditLogOptions {
  store: AuditStore
  logger: Logger
  now?: () => number
}

export interface AuditLog {
  /** Writes the entry of one finished call; never throws (see `write`). */
  recordCall(call: AuditedCall): void
  /** Writes an entry Hubkeys makes itself (a lock on idle or suspend); never throws. */
  recordSystem(action: AuditAction, detail: Record<string, string | number | boolean>): void
  list(query: AuditQuery): AuditPage
  verify(): AuditVerification
  /** Removes entries older than `keepDays` behind an anchor entry; null keeps everything. */
  applyRetention(keepDays: number | null): number
}

const dayMs = 24 * 60 * 60 * 1000
/** Rows read per query while verifying, to bound each statement, not the walk. */
const chainBatch = 5000

const entryOf = (row: StoredAuditEntry): AuditEntry | undefined => {
  let detail: Record<string, unknown> = {}
  try {
    detail = row.detail === null ? {} : (JSON.parse(row.detail) as Record<string, unknown>)
  } catch {
    // Shown without detail; `audit verify` names the entry as edited.
  }
  const { channel, outcome, connectionId, keyId, hubKeyId, fingerprint, ...rest } = detail
  const text = (value: unknown) => (typeof value === 'string' ? value : null)
  const parsed = auditEntrySchema.safeParse({
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    outcome: typeof outcome === 'string' ? outcome : 'ok',
    channel: text(channel),
    connectionId: text(connectionId),
    keyId: text(keyId),
    hubKeyId: text(hubKeyId),
    fingerprint: text(fingerprint),
    detail: rest
  })
  // A row edited outside Hubkeys into something the contract cannot show is left out of lists; verify names it.
  return parsed.success ? parsed.data : undefined
}

export const createAuditLog = (options: AuditLogOptions): AuditLog => {
  const { store, logger } = options
  const now = options.now ?? Date.now

  /**
   * A failed audit write is logged and the call's answer stands: by then the action has happened
   * (a key made at a hub, a vault unlocked), and answering an error would tell the person it did
   * not, inviting a second one. The log line names the action so the gap can be found.
   */
  const write = (fields: EntryFields) => {
    try {
      store.append((tip) => sealEntry(tip, fields))
    } catch (error) {
      logger.log('error', 'audit entry could not be written', {
        action: fields.action,
        error: error instanceof Error ? error.name : typeof error
      })
    }
  }

  return {
    recordCall(call) {
      const fields = auditFieldsOf(call)
      write({ at: now(), ...fields })
    },
    recordSystem(action, detail) {
      write({
        at: now(),
        actor: 'system',
        action,
        target: null,
        detail: { outcome: 'ok', ...detail }
      })
    },
    list(query) {
      const rows = store.list(query)
      const page = rows.slice(0, query.limit)
      const entries = page.map(entryOf).filter((entry) => entry !== undefined)
      const last = page[page.length - 1]
      return rows.length > query.limit && last ? { entries, next: last.seq } : { entries }
    },
    verify() {
      function* rows(): Generator<StoredAuditEntry> {
        let batch = store.readChain(0, chainBatch)
        while (batch.length > 0) {
          yield* batch
          batch = store.readChain((batch[batch.length - 1] as StoredAuditEntry).seq, chainBatch)
        }
      }
      return verifyChain(rows)
    },
    applyRetention(keepDays) {
      if (keepDays === null) return 0
      const at = now()
      return store.cut(at - keepDays * dayMs, (tip, lastRemoved, removed) =>
        sealEntry(tip, {
          at,
          actor: 'system',
          action: 'retention',
          target: null,
          detail: {
            outcome: 'ok',
            keepDays,
            removed,
            removedThrough: lastRemoved.seq,
            lastRemovedHash: Buffer.from(lastRemoved.hash).toString('hex')
          }
        })
      )
    }
  }
}
