// Migration 0006 (audit entries removed only by a recorded retention cut) on real better-sqlite3: entries of schema 5 survive it, a bare DELETE is refused, a covered one goes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runStep, storeAtVersion, type StepStore } from '../migration-step'

let store: StepStore
beforeEach(() => {
  store = storeAtVersion(5)
  const insert = store.db.prepare(
    `INSERT INTO audit_log (seq, at, actor, action, detail, hash) VALUES (?, ?, 'cli', ?, ?, x'01')`
  )
  insert.run(1, 10, 'unlock', '{"outcome":"ok"}')
  insert.run(2, 20, 'create', '{"outcome":"ok","keyId":"k-1"}')
  insert.run(3, 30, 'lock', '{"outcome":"ok"}')
})
afterEach(() => store.dispose())

const seqs = () => store.db.prepare('SELECT seq FROM audit_log ORDER BY seq').pluck().all()

describe('migration 0006: audit entries are removed only by a recorded retention cut', () => {
  it('keeps the entries of schema 5 and adds the guard and the action index', () => {
    const { added, removed } = runStep(store.db, 6)
    expect(added).toEqual(['index audit_log_action', 'trigger audit_log_retention_only'])
    expect(removed).toEqual([])
    expect(seqs()).toEqual([1, 2, 3])
  })

  it('refuses to delete an entry no retention anchor covers', () => {
    runStep(store.db, 6)
    expect(() => store.db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(
      /removed only by retention/
    )
    // An anchor that covers only entry 1 does not let entry 2 go.
    store.db
      .prepare(
        `INSERT INTO audit_log (seq, at, actor, action, detail, hash)
         VALUES (4, 40, 'system', 'retention', '{"outcome":"ok","removedThrough":1}', x'02')`
      )
      .run()
    expect(() => store.db.prepare('DELETE FROM audit_log WHERE seq <= 2').run()).toThrow(
      /removed only by retention/
    )
    expect(seqs()).toEqual([1, 2, 3, 4])
    store.db.prepare('DELETE FROM audit_log WHERE seq <= 1').run()
    expect(seqs()).toEqual([2, 3, 4])
  })
})
