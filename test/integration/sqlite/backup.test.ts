// Integration tests for backups through the real core and SQLite: status, back up now, pruning, the daily copy, restore with the backup's password.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createArgon2Kdf } from '../../../src-main/adapters/crypto/argon2.kdf'
import { httpClientFactory } from '../../../src-main/adapters/http/http-client'
import { listBackups } from '../../../src-main/adapters/sqlite/backup.repository'
import { openSqliteStores } from '../../../src-main/adapters/sqlite/sqlite-stores'
import type { ChannelName, RequestOf, ResponseOf } from '../../../src-main/contract/channels'
import { createAppCore, type AppCore } from '../../../src-main/core/app-core'
import { minimumKdfParams } from '../../../src-main/core/ports/kdf.port'
import { memoryPreferences } from '../../../src-main/core/ports/preferences.port'
import { testFacts } from '../../helpers/test-core'
import { Secret } from '../../../src-main/common/secret'

const password = 'backup test passphrase'
const day = 24 * 60 * 60_000

let root: string
let backupDir: string
let clock: number
let stores: ReturnType<typeof openSqliteStores>
let core: AppCore

const build = (options: { dailyBackups?: boolean } = {}) => {
  stores = openSqliteStores({ dataDir: join(root, 'data') })
  core = createAppCore({
    facts: testFacts,
    stores,
    kdf: createArgon2Kdf(),
    http: httpClientFactory,
    preferences: memoryPreferences({ backupDir, backupKeep: 3 }),
    kdfParams: { ...minimumKdfParams },
    now: () => clock,
    ...options
  })
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hubkeys-backup-'))
  backupDir = join(root, 'backups here')
  clock = Date.UTC(2026, 11, 6, 9, 0, 0)
})
afterEach(async () => {
  await core.close()
  stores.close()
  rmSync(root, { recursive: true, force: true })
})

const call = async <C extends ChannelName>(
  channel: C,
  payload: RequestOf<C>
): Promise<ResponseOf<C>> => {
  const result = await core.dispatch(channel, payload, { transport: 'cli' })
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code })
  return result.value as ResponseOf<C>
}

const errorOf = async <C extends ChannelName>(channel: C, payload: RequestOf<C>) => {
  const result = await core.dispatch(channel, payload, { transport: 'cli' })
  if (result.ok) throw new Error(`${channel} was expected to fail`)
  return result.error
}

describe('backups', () => {
  it('backs up on demand into the chosen folder, atomically and privately, keeping the newest backupKeep', async () => {
    build()
    await call('vault:create', { password })
    expect(await call('backup:status', {})).toEqual({
      lastBackupAt: null,
      lastBackupPath: null,
      dir: backupDir,
      keep: 3,
      count: 0
    })
    // A file Hubkeys did not name is never pruned.
    mkdirSync(backupDir)
    writeFileSync(join(backupDir, 'notes.db'), '')
    const made: string[] = []
    for (let n = 0; n < 5; n += 1) {
      clock += 60_000
      made.push((await call('backup:create', {})).path)
    }
    expect(readdirSync(backupDir).sort()).toEqual(
      [...made.slice(2).map((p) => p.slice(backupDir.length + 1)), 'notes.db'].sort()
    )
    expect(statSync(made[4] as string).mode & 0o777).toBe(0o600)
    const status = await call('backup:status', {})
    expect(status).toMatchObject({ lastBackupAt: clock, lastBackupPath: made[4], count: 3 })
    const copy = new Database(made[4] as string, { readonly: true })
    try {
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete')
      expect(copy.prepare('SELECT count(*) FROM vault').pluck().get()).toBe(1)
    } finally {
      copy.close()
    }
    // --out writes one exact file, outside the rotation.
    const out = join(root, 'one-off.db')
    expect(await call('backup:create', { out })).toEqual({ path: out, at: clock })
    expect(listBackups(backupDir)).toHaveLength(3)
    // An existing file is never overwritten.
    expect(await errorOf('backup:create', { out })).toEqual({
      code: 'CONFLICT',
      message: `${out} already exists; choose another file name.`
    })
  })

  it('needs the vault unlocked to back up, but not to see the status', async () => {
    build()
    await call('vault:create', { password })
    await call('vault:lock', {})
    expect((await errorOf('backup:create', {})).code).toBe('LOCKED')
    expect((await call('backup:status', {})).count).toBe(0)
  })

  it('makes the daily copy on unlock when the newest is a day old, not more often', async () => {
    build({ dailyBackups: true })
    await call('vault:create', { password })
    await call('vault:lock', {})
    await call('vault:unlock', { password })
    await expect.poll(() => listBackups(backupDir).length).toBe(1)
    await call('vault:lock', {})
    clock += day - 1
    await call('vault:unlock', { password })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(listBackups(backupDir)).toHaveLength(1)
    await call('vault:lock', {})
    clock += 2
    await call('vault:unlock', { password })
    await expect.poll(() => listBackups(backupDir).length).toBe(2)
  })

  it('restores only with the backup’s own password; the current data is kept aside and the vault locks', async () => {
    build()
    await call('vault:create', { password })
    core.vault.putSecret('before', 'key', Secret.fromString('kept in the backup'))
    const { path: backup } = await call('backup:create', {})
    core.vault.putSecret('after', 'key', Secret.fromString('only in the live file'))

    const wrong = await errorOf('backup:restore', { file: backup, password: 'not the password' })
    expect(wrong).toEqual({
      code: 'UNAUTHORIZED',
      message: "That is not the backup's master password; nothing was changed."
    })
    expect(core.vault.isUnlocked()).toBe(true)
    expect(core.vault.readSecret('after').reveal()).toBe('only in the live file')
    expect(readdirSync(join(root, 'data')).some((name) => name.includes('before-restore'))).toBe(
      false
    )

    clock += 1000
    const restored = await call('backup:restore', { file: backup, password })
    expect(restored.restoredFrom).toBe(backup)
    expect(existsSync(restored.keptAside)).toBe(true)
    expect(core.vault.isUnlocked()).toBe(false)
    await call('vault:unlock', { password })
    expect(core.vault.readSecret('before').reveal()).toBe('kept in the backup')
    expect(() => core.vault.readSecret('after')).toThrow()
    const aside = new Database(restored.keptAside, { readonly: true })
    try {
      expect(aside.prepare("SELECT count(*) FROM secrets WHERE id = 'after'").pluck().get()).toBe(1)
    } finally {
      aside.close()
    }
  })

  it('refuses to restore a file that is not a Hubkeys backup', async () => {
    build()
    await call('vault:create', { password })
    const garbage = join(root, 'garbage.db')
    writeFileSync(garbage, 'no database here '.repeat(100))
    expect((await errorOf('backup:restore', { file: garbage, password })).code).toBe('TAMPERED')
    const itself = await errorOf('backup:restore', { file: stores.path, password })
    expect(itself.message).toBe(`${stores.path} is the data file itself, not a backup of it.`)
    const missing = await errorOf('backup:restore', { file: join(root, 'nope.db'), password })
    expect(missing.message).toBe(`There is no backup file at ${join(root, 'nope.db')}.`)
    expect(core.vault.isUnlocked()).toBe(true)
  })
})
