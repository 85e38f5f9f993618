// Integration tests for the doctor and recovery on real SQLite files damaged in several ways: every readable secret comes back and opens with the same password.
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createArgon2Kdf } from '../../../src-main/adapters/crypto/argon2.kdf'
import { openStore, StoreError, type SqliteDb } from '../../../src-main/adapters/sqlite/open-db'
import { diagnoseFile } from '../../../src-main/adapters/sqlite/store-doctor'
import { recoverStore } from '../../../src-main/adapters/sqlite/store-recovery'
import { createSqliteVaultStore } from '../../../src-main/adapters/sqlite/vault.repository'
import { createEventBus } from '../../../src-main/core/events'
import { minimumKdfParams } from '../../../src-main/core/ports/kdf.port'
import { createVaultService, type VaultService } from '../../../src-main/core/vault/vault.service'
import { seedConnections, seedKeys, snapshotFiles } from './store-seed'
import { Secret } from '../../../src-main/common/secret'

const password = 'recovery test passphrase'
const fixedNow = Date.UTC(2026, 11, 6, 10, 0, 0, 0)
const stamp = '2026-12-06T10-00-00-000Z'
const secretCount = 400
const keyCount = 3000

let root: string
let path: string

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hubkeys-recover-'))
  path = join(root, 'hubkeys.db')
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const vaultOn = (db: SqliteDb): VaultService =>
  createVaultService({
    store: createSqliteVaultStore(db),
    kdf: createArgon2Kdf(),
    events: createEventBus(),
    idleMinutes: () => 0,
    kdfParams: { ...minimumKdfParams }
  })

const plaintextOf = (id: string): string => `value of ${id} `.padEnd(180, '*')

/**
 * A closed store with a vault, connections holding credentials and recorded keys holding their
 * values (as hubs whose keys are made elsewhere do), plus plain cached keys. Returns the secret ids.
 */
const seedVault = async (): Promise<string[]> => {
  const { db } = openStore({ dataDir: root })
  const vault = vaultOn(db)
  await vault.create(password)
  const connections = seedConnections(db, 5)
  const ids: string[] = []
  for (let n = 0; n < secretCount; n += 1) {
    const id = `secret-${String(n).padStart(4, '0')}`
    vault.putSecret(
      id,
      n < connections.length ? 'connection' : 'key',
      Secret.fromString(plaintextOf(id))
    )
    ids.push(id)
  }
  connections.forEach((connection, n) =>
    db
      .prepare('UPDATE connections SET credential_secret_id = ? WHERE id = ?')
      .run(ids[n], connection)
  )
  seedKeys(db, connections, keyCount)
  // Recorded keys: the key row carries the id of its stored value.
  const recorded = db.prepare('UPDATE keys SET secret_id = ? WHERE id = ?')
  for (let n = connections.length; n < secretCount; n += 1) recorded.run(ids[n], `key-${n}`)
  vault.close()
  db.close()
  return ids
}

/** Leaf pages of a table, from SQLite's own page map. */
const leafPages = (table: string): { pageno: number; ncell: number }[] => {
  const db = new Database(path, { readonly: true })
  try {
    return db
      .prepare(
        "SELECT pageno, ncell FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno"
      )
      .all(table) as { pageno: number; ncell: number }[]
  } finally {
    db.close()
  }
}

const overwritePage = (pageno: number, fill: (page: Buffer) => void): void => {
  const bytes = readFileSync(path)
  fill(bytes.subarray((pageno - 1) * 4096, pageno * 4096))
  writeFileSync(path, bytes)
}

/** Opens the recovered store, unlocks it with the same password and reads every secret back. */
const readBack = async (): Promise<Map<string, string>> => {
  const { db } = openStore({ dataDir: root })
  const vault = vaultOn(db)
  try {
    await vault.unlock(password)
    const store = createSqliteVaultStore(db)
    return new Map(store.listSecretIds().map((id) => [id, vault.readSecret(id).reveal()]))
  } finally {
    vault.close()
    db.close()
  }
}

const tableOf = (report: ReturnType<typeof recoverStore>, table: string) =>
  report.tables.find((t) => t.table === table)

const expectRefusedUntouched = (code: StoreError['code']): void => {
  const before = snapshotFiles(root)
  expect(() => openStore({ dataDir: root })).toThrow(StoreError)
  try {
    openStore({ dataDir: root })
  } catch (error) {
    expect((error as StoreError).code).toBe(code)
  }
  expect(diagnoseFile(path).error?.code).toBe(code)
  const after = snapshotFiles(root)
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort())
  for (const [name, bytes] of before) expect(after.get(name)?.equals(bytes)).toBe(true)
}

describe('recoverStore', () => {
  it('a zeroed page of secrets: every other secret comes back and opens, the lost ones are counted', async () => {
    const ids = await seedVault()
    const pages = leafPages('secrets')
    const victim = pages[Math.floor(pages.length / 2)] as { pageno: number; ncell: number }
    overwritePage(victim.pageno, (page) => page.fill(0))
    expectRefusedUntouched('CORRUPT')
    const damaged = readFileSync(path)

    const report = recoverStore({ dataDir: root, now: () => fixedNow })
    expect(report.keptAs).toBe(`${path}.damaged-${stamp}`)
    expect(readFileSync(report.keptAs).equals(damaged)).toBe(true)
    expect(tableOf(report, 'vault')).toEqual({ table: 'vault', saved: 1, lost: 0 })
    expect(tableOf(report, 'secrets')).toEqual({
      table: 'secrets',
      saved: secretCount - victim.ncell,
      lost: victim.ncell
    })
    expect(tableOf(report, 'connections')).toMatchObject({ saved: 5, lost: 0 })
    expect(tableOf(report, 'keys')).toMatchObject({ saved: keyCount, lost: 0 })
    expect(report.detached.keys).toBe(victim.ncell)
    expect(report.message).toContain('some rows could not be read')
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(diagnoseFile(path).health).toBe('healthy')

    const secrets = await readBack()
    expect(secrets.size).toBe(secretCount - victim.ncell)
    for (const [id, value] of secrets) expect(value).toBe(plaintextOf(id))
    expect(ids.filter((id) => !secrets.has(id))).toHaveLength(victim.ncell)
  })

  it('a page of keys overwritten with garbage: the other keys and every secret come back', async () => {
    await seedVault()
    const pages = leafPages('keys')
    const victim = pages[Math.floor(pages.length / 3)] as { pageno: number; ncell: number }
    overwritePage(victim.pageno, (page) => {
      for (let i = 0; i < page.length; i += 1) page[i] = (i * 7919 + 13) % 256
    })
    expectRefusedUntouched('CORRUPT')

    const report = recoverStore({ dataDir: root, now: () => fixedNow })
    const keys = tableOf(report, 'keys')
    expect(keys?.saved).toBeGreaterThanOrEqual(keyCount - victim.ncell)
    expect(keys?.saved).toBeLessThan(keyCount)
    expect((keys?.saved ?? 0) + (keys?.lost ?? 0)).toBe(keyCount)
    expect(tableOf(report, 'secrets')).toMatchObject({ saved: secretCount, lost: 0 })
    const secrets = await readBack()
    expect(secrets.size).toBe(secretCount)
    for (const [id, value] of secrets) expect(value).toBe(plaintextOf(id))
  })

  it('a zeroed vault page: the sealed secrets are still copied, and the report says they cannot be opened', async () => {
    await seedVault()
    const [vaultPage] = leafPages('vault')
    overwritePage((vaultPage as { pageno: number }).pageno, (page) => page.fill(0))
    expectRefusedUntouched('CORRUPT')

    const report = recoverStore({ dataDir: root, now: () => fixedNow })
    expect(tableOf(report, 'vault')).toEqual({ table: 'vault', saved: 0, lost: 1 })
    expect(tableOf(report, 'secrets')).toMatchObject({ saved: secretCount, lost: 0 })
    expect(report.message).toMatch(
      /the vault row was lost, so the saved secrets cannot be opened\.$/
    )
  })

  it('a truncated file: what lies before the cut comes back, the vault opens', async () => {
    await seedVault()
    const size = statSync(path).size
    truncateSync(path, Math.floor(size * 0.6))
    expectRefusedUntouched('CORRUPT')

    const report = recoverStore({ dataDir: root, now: () => fixedNow })
    expect(tableOf(report, 'vault')).toMatchObject({ saved: 1, lost: 0 })
    const total = report.tables.reduce((sum, t) => sum + t.saved, 0)
    expect(total).toBeGreaterThan(0)
    expect(report.tables.some((t) => t.lost !== 0)).toBe(true)
    const secrets = await readBack()
    expect(secrets.size).toBe(tableOf(report, 'secrets')?.saved)
    for (const [id, value] of secrets) expect(value).toBe(plaintextOf(id))
  })

  it('garbage in place of the file: a new empty store, the garbage kept, everything reported lost', () => {
    const garbage = Buffer.from('not a database at all; '.repeat(500))
    writeFileSync(path, garbage)
    expectRefusedUntouched('CORRUPT')

    const report = recoverStore({ dataDir: root, now: () => fixedNow })
    expect(readFileSync(report.keptAs).equals(garbage)).toBe(true)
    expect(report.tables.every((t) => t.saved === 0)).toBe(true)
    expect(tableOf(report, 'vault')).toEqual({ table: 'vault', saved: 0, lost: 1 })
    expect(tableOf(report, 'secrets')).toEqual({ table: 'secrets', saved: 0, lost: null })
    expect(report.message).toContain('nothing in it could be read')
    expect(diagnoseFile(path).health).toBe('healthy')
  })

  it('a zero-byte file is damaged, not new; recovery keeps it and makes an empty store', () => {
    writeFileSync(path, '')
    expectRefusedUntouched('CORRUPT')
    const report = recoverStore({ dataDir: root, now: () => fixedNow })
    expect(statSync(report.keptAs).size).toBe(0)
    expect(diagnoseFile(path)).toMatchObject({ health: 'healthy' })
  })

  it("refuses to recover a healthy store or another program's file, changing nothing", async () => {
    await seedVault()
    const before = snapshotFiles(root)
    expect(() => recoverStore({ dataDir: root })).toThrow(/is healthy .*nothing to recover/)
    expect([...snapshotFiles(root).keys()]).toEqual([...before.keys()])

    rmSync(path)
    const other = new Database(path)
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)')
    other.close()
    expectRefusedUntouched('FOREIGN')
    expect(() => recoverStore({ dataDir: root })).toThrow(/not a Hubkeys data file/)
    expect(readdirSync(root).filter((name) => name.includes('damaged'))).toEqual([])
    expect(existsSync(path)).toBe(true)
  })
})
