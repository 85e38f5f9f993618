// Migration 0011 (the rotation journal) on real better-sqlite3: the table and its indexes appear, one unfinished rotation per key, and the repository reads back what it wrote.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteRotationStore } from '../../../../src-main/adapters/sqlite/rotation.repository'
import { isStoreError } from '../../../../src-main/core/ports/store-error'
import { runStep, storeAtVersion, type StepStore } from '../migration-step'

let store: StepStore
beforeEach(() => {
  store = storeAtVersion(10)
  store.db
    .prepare(
      `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
       VALUES ('c-1', 'Cycle prod', 'cycle', 'https://api.cycle.io', 'prod', 1, 1)`
    )
    .run()
})
afterEach(() => store.dispose())

const row = (id: string, keyId: string, token: string) => ({
  id,
  connectionId: 'c-1',
  keyId,
  oldHubKeyId: `hub-${keyId}`,
  oldSecretId: null,
  strategy: 'create-verify-delete' as const,
  state: 'PLANNED' as const,
  token,
  newKeyId: null,
  newHubKeyId: null,
  newSecretId: null,
  graceMs: 0,
  notes: []
})

describe('migration 0011: rotation journal', () => {
  it('adds the journal with its one-per-key index, and keeps the connections', () => {
    const { added, removed } = runStep(store.db, 11)
    expect(added).toEqual([
      'index rotation_journal_created',
      'index rotation_journal_one_per_key',
      'index sqlite_autoindex_rotation_journal_1',
      'index sqlite_autoindex_rotation_journal_2',
      'index sqlite_autoindex_rotation_policies_1',
      'table rotation_journal',
      'table rotation_policies'
    ])
    expect(removed).toEqual([])
    expect(store.db.prepare('SELECT count(*) FROM connections').pluck().get()).toBe(1)
  })

  it('refuses a second unfinished rotation of one key, allows one after the first ended', () => {
    runStep(store.db, 11)
    let at = 100
    const journal = createSqliteRotationStore(store.db, { now: () => (at += 1) })
    const first = journal.insert(row('r-1', 'k-1', 'rot-aaaaaaaaaaaa'))
    expect(first).toMatchObject({ state: 'PLANNED', attempts: 0, lastError: null, notes: [] })
    let refused: unknown
    try {
      journal.insert(row('r-2', 'k-1', 'rot-bbbbbbbbbbbb'))
    } catch (error) {
      refused = error
    }
    expect(isStoreError(refused) && refused.code).toBe('CONFLICT')
    const failed = journal.update('r-1', {
      state: 'FAILED',
      lastError: 'did not verify',
      notes: ['check the hub']
    })
    expect(failed).toMatchObject({
      state: 'FAILED',
      lastError: 'did not verify',
      notes: ['check the hub']
    })
    expect(failed.updatedAt).toBeGreaterThan(first.updatedAt)
    journal.insert(row('r-2', 'k-1', 'rot-bbbbbbbbbbbb'))
    expect(journal.unfinishedFor('k-1')?.id).toBe('r-2')
    expect(journal.list({ unfinished: true }).map((entry) => entry.id)).toEqual(['r-2'])
    expect(journal.list().map((entry) => entry.id)).toEqual(['r-2', 'r-1'])
  })

  it('refuses a state outside the journal states', () => {
    runStep(store.db, 11)
    const journal = createSqliteRotationStore(store.db)
    journal.insert(row('r-1', 'k-1', 'rot-aaaaaaaaaaaa'))
    expect(() => journal.update('r-1', { state: 'HALF_DONE' as never })).toThrow()
  })
})
