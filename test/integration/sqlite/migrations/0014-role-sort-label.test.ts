// Migration 0014 (the Role sort reads the role name the table shows) on real better-sqlite3: keys of schema 13 get their label, the index replaces step 7's, and the label follows keys' roles and the hub's names.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { roleNamesWriter } from '../../../../src-main/adapters/sqlite/hub-names.repository'
import { columnsOf, runStep, storeAtVersion, type StepStore } from '../migration-step'

let store: StepStore
beforeEach(() => {
  store = storeAtVersion(13)
  const { db } = store
  for (const id of ['c-1', 'c-2']) {
    db.prepare(
      `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
       VALUES (?, ?, 'cycle', 'https://api.cycle.io', 'prod', 1, 1)`
    ).run(id, `Cycle ${id}`)
  }
  const name = db.prepare(
    "INSERT INTO hub_names (connection_id, kind, hub_id, name) VALUES (?, 'role', ?, ?)"
  )
  name.run('c-1', 'r-dev', 'Developer')
  name.run('c-1', 'r-blank', '')
  // The same id named on another connection only: c-1's keys holding it show the id.
  name.run('c-2', 'r-ops', 'Operators')
  const key = db.prepare(
    `INSERT INTO keys (id, connection_id, tenant, hub_key_id, name, status, role, synced_at)
     VALUES (?, ?, 'acme', ?, ?, 'active', ?, 5)`
  )
  key.run('k-dev', 'c-1', 'h1', 'one', 'r-dev')
  key.run('k-blank', 'c-1', 'h2', 'two', 'r-blank')
  key.run('k-ops', 'c-1', 'h3', 'three', 'r-ops')
  key.run('k-none', 'c-1', 'h4', 'four', null)
  key.run('k-ops2', 'c-2', 'h5', 'five', 'r-ops')
})
afterEach(() => store.dispose())

const labels = (store: StepStore): Record<string, string | null> =>
  Object.fromEntries(
    store.db.prepare('SELECT id, role_label FROM keys ORDER BY id').raw(true).all() as [
      string,
      string | null
    ][]
  )

describe('migration 0014: role sort by the name shown', () => {
  it('labels the keys of schema 13 with the name their connection gives the role, else the id', () => {
    const { db } = store
    const before = db.prepare('SELECT * FROM keys ORDER BY id').all()
    const { added, removed } = runStep(db, 14)
    expect(added).toEqual([
      'index keys_role_label',
      'trigger keys_role_label_insert',
      'trigger keys_role_label_named',
      'trigger keys_role_label_renamed',
      'trigger keys_role_label_unnamed',
      'trigger keys_role_label_update'
    ])
    expect(removed).toEqual(['index keys_role'])
    expect(columnsOf(db, 'keys')).toContain('role_label')
    expect(labels(store)).toEqual({
      'k-blank': 'r-blank',
      'k-dev': 'Developer',
      'k-none': null,
      'k-ops': 'r-ops',
      'k-ops2': 'Operators'
    })
    // Nothing else about the keys changed.
    expect(
      (db.prepare('SELECT * FROM keys ORDER BY id').all() as Record<string, unknown>[]).map(
        ({ role_label: _label, ...rest }) => rest
      )
    ).toEqual(before)
  })

  it('labels a key inserted or given another role, unless the writer labelled it already', () => {
    const { db } = store
    runStep(db, 14)
    const insert = db.prepare(
      `INSERT INTO keys (id, connection_id, tenant, hub_key_id, name, status, role, role_label, synced_at)
       VALUES (?, 'c-1', 'acme', ?, 'new', 'active', ?, ?, 5)`
    )
    insert.run('k-new', 'h9', 'r-dev', null)
    insert.run('k-bulk', 'h10', 'r-dev', 'Developer')
    insert.run('k-new-none', 'h11', null, null)
    expect(labels(store)).toMatchObject({
      'k-new': 'Developer',
      'k-bulk': 'Developer',
      'k-new-none': null
    })
    const setRole = db.prepare('UPDATE keys SET role = ? WHERE id = ?')
    setRole.run('r-blank', 'k-dev')
    setRole.run('r-dev', 'k-none')
    setRole.run(null, 'k-ops')
    expect(labels(store)).toMatchObject({
      'k-dev': 'r-blank',
      'k-none': 'Developer',
      'k-ops': null
    })
    // A write that leaves the role as it was keeps the label without touching it.
    db.prepare("UPDATE keys SET name = 'renamed', role = role WHERE id = 'k-dev'").run()
    expect(labels(store)['k-dev']).toBe('r-blank')
  })

  it("follows the hub's names as a sync writes them: named, renamed, emptied and dropped", () => {
    const { db } = store
    runStep(db, 14)
    const write = roleNamesWriter(db)
    write(
      'c-1',
      new Map([
        ['r-dev', 'Engineers'],
        ['r-blank', 'Auditors'],
        ['r-ops', 'Ops team']
      ])
    )
    expect(labels(store)).toEqual({
      'k-blank': 'Auditors',
      'k-dev': 'Engineers',
      'k-none': null,
      'k-ops': 'Ops team',
      'k-ops2': 'Operators'
    })
    write('c-1', new Map([['r-dev', '']]))
    expect(labels(store)).toEqual({
      'k-blank': 'r-blank',
      'k-dev': 'r-dev',
      'k-none': null,
      'k-ops': 'r-ops',
      'k-ops2': 'Operators'
    })
    db.prepare("UPDATE hub_names SET name = 'Ops' WHERE connection_id = 'c-2'").run()
    expect(labels(store)['k-ops2']).toBe('Ops')
  })

  it('sorts by the label from its index, in the order the Role column shows', () => {
    const { db } = store
    runStep(db, 14)
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM keys ORDER BY role_label COLLATE NOCASE, rowid')
      .all() as { detail: string }[]
    expect(plan.map((step) => step.detail).join('\n')).toMatch(
      /USING (COVERING )?INDEX keys_role_label/
    )
    expect(
      db.prepare('SELECT id FROM keys ORDER BY role_label COLLATE NOCASE, rowid').pluck().all()
    ).toEqual(['k-none', 'k-dev', 'k-ops2', 'k-blank', 'k-ops'])
  })
})
