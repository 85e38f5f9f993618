// The hash-chained audit log on real better-sqlite3: appends, filters and pages, and `verify` naming edited, removed and reordered entries, retention cuts included.
import { rmSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAuditLog, type AuditLog } from '../../../src-main/core/audit/audit-log.service'
import type { AuditedCall } from '../../../src-main/core/audit/audit-fields'
import { openTestStores } from '../../helpers/test-core'

const day = 24 * 60 * 60 * 1000
let stores: ReturnType<typeof openTestStores>
let audit: AuditLog
let clock: number

const call = (overrides: Partial<AuditedCall> = {}): AuditedCall => ({
  channel: 'keys:verify',
  fact: 'verify',
  transport: 'cli',
  request: { connectionId: 'c-1', keyId: 'k-1' },
  response: { valid: true, detail: 'ok' },
  outcome: 'ok',
  ...overrides
})

/** Ten entries, a day apart: seq 1..10. */
const seedTen = () => {
  for (let index = 1; index <= 10; index += 1) {
    clock += day
    audit.recordCall(call({ request: { connectionId: 'c-1', keyId: `k-${index}` } }))
  }
}

/** Raw SQL on the log, as someone with the file and a SQLite shell would do it. */
const tamper = (sql: string, ...params: unknown[]) => {
  stores.db.exec('DROP TRIGGER IF EXISTS audit_log_append_only')
  stores.db.exec('DROP TRIGGER IF EXISTS audit_log_retention_only')
  stores.db.prepare(sql).run(...params)
}

/** Swaps the named columns of two entries, keeping their seq: the rows trade places. */
const swap = (a: number, b: number, columns: string[]) => {
  const read = stores.db.prepare(`SELECT ${columns.join(', ')} FROM audit_log WHERE seq = ?`)
  const [first, second] = [read.get(a), read.get(b)] as Record<string, unknown>[]
  const write = `UPDATE audit_log SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE seq = @seq`
  tamper(write, { ...second, seq: a })
  tamper(write, { ...first, seq: b })
}

beforeEach(() => {
  stores = openTestStores()
  clock = Date.UTC(2026, 0, 1)
  audit = createAuditLog({
    store: stores.audit,
    logger: { log: () => undefined },
    now: () => clock
  })
})
afterEach(() => {
  stores.close()
  rmSync(stores.dataDir, { recursive: true, force: true })
})

describe('audit log chain', () => {
  it('links every entry to the one before and verifies an untouched log as intact', () => {
    seedTen()
    const rows = stores.db
      .prepare('SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq')
      .all() as { seq: number; prev_hash: Buffer | null; hash: Buffer }[]
    expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(rows[0]?.prev_hash).toBeNull()
    for (let index = 1; index < rows.length; index += 1)
      expect(rows[index]?.prev_hash?.equals(rows[index - 1]?.hash as Buffer)).toBe(true)
    expect(audit.verify()).toEqual({
      intact: true,
      checked: 10,
      firstSeq: 1,
      lastSeq: 10,
      retainedFrom: null,
      problems: [],
      truncated: false
    })
  })

  it('refuses updates, and deletes no retention cut recorded, through its triggers', () => {
    seedTen()
    expect(() => stores.db.prepare("UPDATE audit_log SET action = 'copy'").run()).toThrow(
      /append-only/
    )
    expect(() => stores.db.prepare('DELETE FROM audit_log WHERE seq = 5').run()).toThrow(
      /removed only by retention/
    )
  })

  it.each([
    ['the action', "UPDATE audit_log SET action = 'copy' WHERE seq = 4"],
    ['the time', 'UPDATE audit_log SET at = at + 1 WHERE seq = 4'],
    ['the detail', `UPDATE audit_log SET detail = replace(detail, 'k-4', 'k-9') WHERE seq = 4`],
    ['the actor', "UPDATE audit_log SET actor = 'app' WHERE seq = 4"]
  ])('names an entry whose %s was edited with the trigger dropped', (_field, sql) => {
    seedTen()
    tamper(sql)
    const result = audit.verify()
    expect(result.intact).toBe(false)
    expect(result.problems).toEqual([
      { seq: 4, problem: 'edited', message: 'Entry 4 was changed after it was written.' }
    ])
  })

  it('names an edited entry whose hash was recomputed by the link the next entry holds', () => {
    seedTen()
    tamper('UPDATE audit_log SET hash = randomblob(32) WHERE seq = 6')
    const result = audit.verify()
    expect(result.problems.map((p) => [p.seq, p.problem])).toEqual([[6, 'edited']])
  })

  it('names a removed middle entry, and a removed run of entries', () => {
    seedTen()
    tamper('DELETE FROM audit_log WHERE seq = 5')
    expect(audit.verify().problems).toEqual([
      { seq: 5, problem: 'removed', message: 'Entry 5 was removed.' }
    ])
    tamper('DELETE FROM audit_log WHERE seq IN (7, 8)')
    expect(audit.verify().problems.map((p) => [p.seq, p.through, p.problem])).toEqual([
      [5, undefined, 'removed'],
      [7, 8, 'removed']
    ])
  })

  it('names removed oldest entries when no retention cut recorded their removal', () => {
    seedTen()
    tamper('DELETE FROM audit_log WHERE seq <= 3')
    expect(audit.verify().problems).toEqual([
      { seq: 1, through: 3, problem: 'removed', message: 'Entries 1 to 3 were removed.' }
    ])
  })

  it('names two swapped entries as out of place', () => {
    seedTen()
    swap(3, 4, ['at', 'detail', 'prev_hash', 'hash'])
    const result = audit.verify()
    expect(result.intact).toBe(false)
    expect(result.problems.map((p) => [p.seq, p.problem])).toEqual([
      [3, 'reordered'],
      [4, 'reordered']
    ])
    expect(result.problems[0]?.message).toBe(
      'Entry 3 is out of place: it was written right after entry 4.'
    )
  })

  it('names swapped contents when the hashes stayed in place', () => {
    seedTen()
    swap(7, 8, ['at', 'detail'])
    expect(audit.verify().problems.map((p) => [p.seq, p.problem])).toEqual([
      [7, 'edited'],
      [8, 'edited']
    ])
  })

  it('keeps a chain cut by retention checkable, and still catches tampering after the cut', () => {
    seedTen()
    // Entries are written on January 2 to 11; on the 12th, those before the 7th are older than five days.
    clock += day
    expect(audit.applyRetention(5)).toBe(5)
    expect(stores.db.prepare('SELECT min(seq) FROM audit_log').pluck().get()).toBe(6)
    const anchor = audit.list({ limit: 1, actions: ['retention'] }).entries[0]
    expect(anchor).toMatchObject({
      seq: 11,
      actor: 'system',
      action: 'retention',
      outcome: 'ok',
      detail: { keepDays: 5, removed: 5, removedThrough: 5 }
    })
    expect(audit.verify()).toMatchObject({
      intact: true,
      checked: 6,
      firstSeq: 6,
      lastSeq: 11,
      retainedFrom: 6
    })
    // Nothing more is old enough: no second anchor.
    expect(audit.applyRetention(5)).toBe(0)
    expect(audit.applyRetention(null)).toBe(0)

    tamper('DELETE FROM audit_log WHERE seq = 7')
    expect(audit.verify().problems.map((p) => [p.seq, p.problem])).toEqual([[7, 'removed']])
  })

  it('names an edited retention anchor', () => {
    seedTen()
    clock += day
    audit.applyRetention(5)
    tamper(
      `UPDATE audit_log SET detail = replace(detail, '"removed":5', '"removed":2') WHERE seq = 11`
    )
    expect(audit.verify().problems.map((p) => [p.seq, p.problem])).toEqual([[11, 'edited']])
  })
})

describe('audit log list', () => {
  beforeEach(() => {
    seedTen()
    audit.recordCall(
      call({
        channel: 'vault:unlock',
        fact: 'unlock',
        request: { password: 'never stored' },
        response: undefined,
        outcome: 'UNAUTHORIZED'
      })
    )
    audit.recordSystem('lock', { reason: 'idle' })
  })

  it('pages newest first with a keyset cursor', () => {
    const first = audit.list({ limit: 5 })
    expect(first.entries.map((e) => e.seq)).toEqual([12, 11, 10, 9, 8])
    expect(first.next).toBe(8)
    const rest = audit.list({ limit: 500, before: first.next })
    expect(rest.entries.map((e) => e.seq)).toEqual([7, 6, 5, 4, 3, 2, 1])
    expect(rest.next).toBeUndefined()
  })

  it('filters by key, connection, action, outcome, time and text', () => {
    const seqs = (query: Parameters<AuditLog['list']>[0]) =>
      audit.list(query).entries.map((entry) => entry.seq)
    expect(seqs({ limit: 100, key: 'k-3' })).toEqual([3])
    expect(seqs({ limit: 100, connectionId: 'c-1' })).toHaveLength(10)
    expect(seqs({ limit: 100, actions: ['unlock-failed', 'lock'] })).toEqual([12, 11])
    expect(seqs({ limit: 100, outcome: 'error' })).toEqual([11])
    expect(seqs({ limit: 100, outcome: 'UNAUTHORIZED' })).toEqual([11])
    expect(seqs({ limit: 100, from: Date.UTC(2026, 0, 3), to: Date.UTC(2026, 0, 4) })).toEqual([
      3, 2
    ])
    expect(seqs({ limit: 100, text: 'IDLE' })).toEqual([12])
    expect(seqs({ limit: 100, text: '100%' })).toEqual([])
  })

  it('shows entries with their picked ids and never the request of a secret-carrying channel', () => {
    const [lock, failed] = audit.list({ limit: 2 }).entries
    expect(lock).toMatchObject({ actor: 'system', action: 'lock', detail: { reason: 'idle' } })
    expect(failed).toMatchObject({
      actor: 'cli',
      action: 'unlock-failed',
      outcome: 'UNAUTHORIZED',
      channel: 'vault:unlock',
      connectionId: null,
      keyId: null
    })
    const text = JSON.stringify(stores.db.prepare('SELECT * FROM audit_log').all())
    expect(text).not.toContain('never stored')
  })
})
