// The WAL checkpoint deferral on real better-sqlite3: while held, big commits leave the database file alone (the log grows); on release the automatic checkpoint comes back and one passive checkpoint copies the log in; a new hold cancels a checkpoint not yet run; sync stages hold it while any is open.
import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../../src-main/adapters/sqlite/open-db'
import { createSqliteSyncStore } from '../../../src-main/adapters/sqlite/sync.repository'
import { createCheckpointDeferral } from '../../../src-main/adapters/sqlite/wal-checkpoint-deferral'
import { createSqliteInventoryStore } from '../../../src-main/adapters/sqlite/inventory.repository'

const open = () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hk-wal-deferral-'))
  const { db } = openStore({ dataDir })
  db.exec('CREATE TABLE scratch (payload BLOB NOT NULL)')
  const file = db.name
  return { db, size: () => statSync(file).size }
}

/** A captured timer: the test decides when the scheduled checkpoint runs. */
const manualTimer = () => {
  const due: Array<{ run: () => void; cancelled: boolean }> = []
  return {
    due,
    schedule: (run: () => void) => {
      const entry = { run, cancelled: false }
      due.push(entry)
      return { cancel: () => (entry.cancelled = true) }
    }
  }
}

/** About 6 MB in 30 commits: far over the default 1,000-page automatic checkpoint. */
const writeMuch = (db: ReturnType<typeof open>['db']) => {
  const insert = db.prepare('INSERT INTO scratch (payload) VALUES (?)')
  const page = Buffer.alloc(4000, 7)
  for (let commit = 0; commit < 30; commit += 1)
    db.transaction(() => {
      for (let i = 0; i < 50; i += 1) insert.run(page)
    })()
}

describe('WAL checkpoint deferral', () => {
  it('without a hold, big commits checkpoint into the database file (the control)', () => {
    const { db, size } = open()
    const before = size()
    writeMuch(db)
    expect(size()).toBeGreaterThan(before + 2_000_000)
    db.close()
  })

  it('while held, commits leave the file alone; on release one passive checkpoint copies the log in', () => {
    const { db, size } = open()
    const timer = manualTimer()
    const deferral = createCheckpointDeferral(db, { schedule: timer.schedule })
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    deferral.hold()
    deferral.hold()
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    const before = size()
    writeMuch(db)
    expect(size()).toBe(before)
    expect(db.prepare('SELECT count(*) FROM scratch').pluck().get()).toBe(1500)

    deferral.release()
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    expect(size()).toBe(before)
    expect(timer.due).toHaveLength(1)
    timer.due[0]!.run()
    expect(size()).toBeGreaterThan(before + 2_000_000)
    // Released once; a second release changes nothing and schedules nothing.
    deferral.release()
    expect(timer.due).toHaveLength(1)
    db.close()
  })

  it('a new hold cancels a checkpoint not yet run, and a run after close does nothing', () => {
    const { db } = open()
    const timer = manualTimer()
    const deferral = createCheckpointDeferral(db, { schedule: timer.schedule })
    deferral.hold()
    deferral.release()
    deferral.hold()
    expect(timer.due[0]!.cancelled).toBe(true)
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    deferral.release()
    db.close()
    expect(() => timer.due[1]!.run()).not.toThrow()
  })

  it('sync stages hold it while any stage is open and release it when the last one closes', () => {
    const { db } = openStore({ dataDir: mkdtempSync(join(tmpdir(), 'hk-wal-stage-')) })
    const inventory = createSqliteInventoryStore(db)
    const syncStore = createSqliteSyncStore(db)
    for (const id of ['c1', 'c2'])
      inventory.insertConnection({
        id,
        name: id,
        kind: 'cycle',
        baseUrl: `https://${id}.example`,
        settings: {},
        tls: { allowInvalidCertificate: false },
        environment: 'dev',
        colour: '#000000',
        credentialSecretId: null
      })
    const automatic = () => db.pragma('wal_autocheckpoint', { simple: true })
    const one = syncStore.openStage('c1').stageId
    expect(automatic()).toBe(0)
    const two = syncStore.openStage('c2').stageId
    syncStore.dropStage(one)
    expect(automatic()).toBe(0)
    syncStore.dropStage(two)
    expect(automatic()).toBe(1000)
    db.close()
  })
})
