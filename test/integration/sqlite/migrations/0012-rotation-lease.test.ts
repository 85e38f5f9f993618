// Migration 0012 (rotation lease and credential recovery) on real better-sqlite3: the columns appear on a journal with rows, one process at a time holds a rotation's lease, a dead holder's or an expired lease is taken over, and a removed recovery connection is forgotten.
import { spawnSync } from 'node:child_process'
import { hostname } from 'node:os'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteRotationStore } from '../../../../src-main/adapters/sqlite/rotation.repository'
import { columnsOf, runStep, storeAtVersion, type StepStore } from '../migration-step'

let store: StepStore
beforeEach(() => {
  store = storeAtVersion(11)
  for (const [id, name] of [
    ['c-1', 'DCT prod'],
    ['c-2', 'DCT prod (recovery)']
  ]) {
    store.db
      .prepare(
        `INSERT INTO connections (id, name, kind, base_url, environment, created_at, updated_at)
         VALUES (?, ?, 'dct', 'https://dct.example', 'prod', 1, 1)`
      )
      .run(id, name)
  }
})
afterEach(() => store.dispose())

const row = (id: string, keyId: string, token: string) => ({
  id,
  connectionId: 'c-1',
  keyId,
  oldHubKeyId: '7',
  oldSecretId: null,
  strategy: 'regenerate-own' as const,
  state: 'PLANNED' as const,
  token,
  newKeyId: null,
  newHubKeyId: null,
  newSecretId: null,
  graceMs: 0,
  notes: []
})

describe('migration 0012: rotation lease and credential recovery', () => {
  it('adds the lease and recovery columns and keeps the rows already in the journal', () => {
    createSqliteRotationStore(store.db).insert(row('r-old', 'k-old', 'rot-oooooooooooo'))
    const { added, removed } = runStep(store.db, 12)
    expect(added).toEqual([])
    expect(removed).toEqual([])
    expect(columnsOf(store.db, 'rotation_journal')).toEqual(
      expect.arrayContaining([
        'lease_owner',
        'lease_until',
        'lease_holder',
        'recovery_connection_id',
        'account_name'
      ])
    )
    expect(createSqliteRotationStore(store.db).get('r-old')).toMatchObject({
      state: 'PLANNED',
      lease: null,
      recoveryConnectionId: null,
      accountName: null
    })
  })

  it('lets one owner hold a lease; another is refused with who holds it until it expires, then takes it over', () => {
    runStep(store.db, 12)
    let at = 1_000
    const now = () => at
    const desktop = createSqliteRotationStore(store.db, { now, holder: 'pid 1 on desk' })
    const cli = createSqliteRotationStore(store.db, { now, holder: 'pid 2 on desk' })
    desktop.insert(row('r-1', 'k-1', 'rot-aaaaaaaaaaaa'), { owner: 'desktop', ttlMs: 100 })
    expect(desktop.get('r-1')!.lease).toEqual({
      owner: 'desktop',
      holder: 'pid 1 on desk',
      until: 1_100
    })
    expect(cli.acquireLease('r-1', 'cli', 100)).toEqual({
      taken: false,
      holder: 'pid 1 on desk',
      until: 1_100
    })
    // Its own lease is taken again (a nested run), and renewed while it runs.
    expect(desktop.acquireLease('r-1', 'desktop', 100)).toEqual({ taken: true })
    at = 1_050
    expect(desktop.renewLease('r-1', 'desktop', 100)).toBe(true)
    expect(cli.renewLease('r-1', 'cli', 100)).toBe(false)
    at = 1_149
    expect(cli.acquireLease('r-1', 'cli', 100).taken).toBe(false)
    at = 1_150
    expect(cli.acquireLease('r-1', 'cli', 100)).toEqual({ taken: true })
    expect(desktop.renewLease('r-1', 'desktop', 100)).toBe(false)
    // Releasing is for the holder only.
    desktop.releaseLease('r-1', 'desktop')
    expect(cli.get('r-1')!.lease?.owner).toBe('cli')
    cli.releaseLease('r-1', 'cli')
    expect(cli.get('r-1')!.lease).toBeNull()
  })

  it('takes over at once a lease whose holder was a process on this computer that is gone', () => {
    runStep(store.db, 12)
    // A real process that has exited: its pid no longer exists.
    const gone = spawnSync(process.execPath, ['-e', 'process.pid'], { stdio: 'ignore' }).pid!
    const dead = createSqliteRotationStore(store.db, { holder: `pid ${gone} on ${hostname()}` })
    dead.insert(row('r-1', 'k-1', 'rot-aaaaaaaaaaaa'), { owner: 'dead', ttlMs: 60_000 })
    const alive = createSqliteRotationStore(store.db, {
      holder: `pid ${process.pid} on ${hostname()}`
    })
    alive.insert(row('r-2', 'k-2', 'rot-bbbbbbbbbbbb'), { owner: 'alive', ttlMs: 60_000 })
    const next = createSqliteRotationStore(store.db)
    expect(next.acquireLease('r-1', 'next', 60_000)).toEqual({ taken: true })
    expect(next.acquireLease('r-2', 'next', 60_000)).toMatchObject({ taken: false })
  })

  it('keeps the recovery connection and account name, and forgets a removed recovery connection', () => {
    runStep(store.db, 12)
    const journal = createSqliteRotationStore(store.db)
    journal.insert({
      ...row('r-1', 'k-1', 'rot-aaaaaaaaaaaa'),
      recoveryConnectionId: 'c-2',
      accountName: 'admin'
    })
    expect(journal.get('r-1')).toMatchObject({ recoveryConnectionId: 'c-2', accountName: 'admin' })
    store.db.prepare("DELETE FROM connections WHERE id = 'c-2'").run()
    expect(journal.get('r-1')).toMatchObject({ recoveryConnectionId: null, accountName: 'admin' })
  })
})
