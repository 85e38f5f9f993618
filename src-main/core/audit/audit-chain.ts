// The audit log's hash chain: canonical encoding, each entry's SHA-256 over it and the previous hash, and the check that names broken entries; core, pure.
import {
  maxAuditProblems,
  type AuditProblem,
  type AuditVerification
} from '../../contract/audit.contract'
import type { ChainTip, StoredAuditEntry } from '../ports/audit-store.port'
import { platform } from '../ports/platform.port'

/** Changes only with the encoding itself, so old entries stay checkable if a new one ever comes. */
const encodingTag = 'hubkeys-audit-1'

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** JSON with object keys sorted at every level, so equal details are equal bytes. */
export const canonicalJson = (value: Json): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort()
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as Json)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * SHA-256 over a JSON array of (seq, at, actor, action, target, detail, prev_hash): each field
 * keeps its place and JSON escaping keeps one field from running into the next.
 */
export const entryHash = (entry: Omit<StoredAuditEntry, 'hash'>): Buffer =>
  platform().sha256(
    JSON.stringify([
      encodingTag,
      entry.seq,
      entry.at,
      entry.actor,
      entry.action,
      entry.target,
      entry.detail,
      entry.prevHash === null ? null : hex(entry.prevHash)
    ])
  )

export interface EntryFields {
  at: number
  actor: string
  action: string
  target: string | null
  detail: Record<string, Json>
}

/** The next entry after `tip`: its seq, its link to the tip and its own hash. */
export const sealEntry = (tip: ChainTip | null, fields: EntryFields): StoredAuditEntry => {
  const unsealed = {
    seq: tip ? tip.seq + 1 : 1,
    at: fields.at,
    actor: fields.actor,
    action: fields.action,
    target: fields.target,
    detail: canonicalJson(fields.detail),
    prevHash: tip ? tip.hash : null
  }
  return { ...unsealed, hash: entryHash(unsealed) }
}

/** What a retention anchor says: where the kept chain starts and which hash it follows. */
const anchorOf = (row: StoredAuditEntry): { seq: number; prevHash: string } | undefined => {
  if (row.action !== 'retention' || row.detail === null) return undefined
  try {
    const detail = JSON.parse(row.detail) as { removedThrough?: unknown; lastRemovedHash?: unknown }
    if (typeof detail.removedThrough === 'number' && typeof detail.lastRemovedHash === 'string')
      return { seq: detail.removedThrough + 1, prevHash: detail.lastRemovedHash }
  } catch {
    // An anchor whose detail is not JSON fails its own hash check and is reported there.
  }
  return undefined
}

/**
 * Checks every entry, oldest first: its hash against its content, its seq against the one before
 * (a gap is a removal) and its link against the hash of the entry before it. A link that points
 * to another entry of the log means the entry was moved. Entries a recorded retention cut removed
 * are not reported: the newest anchor says where the kept chain starts and which hash it follows.
 * Removing the newest entries leaves no trace in the chain itself; that limit is inherent.
 * `read` is walked twice (hashes and anchors first, then the checks), so no row is held longer
 * than its batch: only a hash per entry stays in memory.
 */
export const verifyChain = (read: () => Iterable<StoredAuditEntry>): AuditVerification => {
  const problems: AuditProblem[] = []
  let found = 0
  const report = (problem: AuditProblem) => {
    found += 1
    if (problems.length < maxAuditProblems) problems.push(problem)
  }
  const seqOfHash = new Map<string, number>()
  let firstSeq: number | null = null
  let lastSeq: number | null = null
  let checked = 0
  let anchored: ReturnType<typeof anchorOf>
  for (const row of read()) {
    seqOfHash.set(hex(row.hash), row.seq)
    firstSeq ??= row.seq
    lastSeq = row.seq
    checked += 1
    anchored = anchorOf(row) ?? anchored
  }
  // Rows older than the anchor's cut still present: the cut did not happen as recorded, so check from the start.
  const start = anchored && firstSeq !== null && firstSeq >= anchored.seq ? anchored : undefined
  let expectedSeq = start ? start.seq : 1
  let expectedPrev: string | null = start ? start.prevHash : null
  // A moved entry shifts the links after it; the move itself is the problem to name.
  let previousFlagged = false

  for (const row of read()) {
    const stored = hex(row.hash)
    const prev = row.prevHash === null ? null : hex(row.prevHash)
    const gap = row.seq > expectedSeq
    if (gap) {
      const through = row.seq - 1
      report({
        seq: expectedSeq,
        ...(through > expectedSeq ? { through } : {}),
        problem: 'removed',
        message:
          through > expectedSeq
            ? `Entries ${expectedSeq} to ${through} were removed.`
            : `Entry ${expectedSeq} was removed.`
      })
    }
    const linkedTo = prev === null ? undefined : seqOfHash.get(prev)
    const matches = hex(entryHash(row)) === stored
    if (!matches) {
      if (linkedTo !== undefined && linkedTo !== row.seq - 1) {
        report({
          seq: row.seq,
          problem: 'reordered',
          message: `Entry ${row.seq} is out of place: it was written right after entry ${linkedTo}.`
        })
      } else {
        report({
          seq: row.seq,
          problem: 'edited',
          message: `Entry ${row.seq} was changed after it was written.`
        })
      }
    } else if (!gap && !previousFlagged && prev !== expectedPrev) {
      report({
        seq: row.seq,
        problem: 'broken-link',
        message:
          row.seq === firstSeq
            ? `Entry ${row.seq} does not follow the entries the retention cut removed.`
            : `Entry ${row.seq} does not follow entry ${row.seq - 1}: one of them was rewritten.`
      })
    }
    expectedSeq = row.seq + 1
    expectedPrev = stored
    previousFlagged = !matches
  }
  return {
    intact: found === 0,
    checked,
    firstSeq,
    lastSeq,
    retainedFrom: start && start.seq > 1 ? start.seq : null,
    problems,
    truncated: found > problems.length
  }
}
