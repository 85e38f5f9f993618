// Integration tests for the SQLite VaultStore on real better-sqlite3: round trips, conflicts, back-off, transactions, no stale key bytes.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, StoreError, type SqliteDb } from '../../../src-main/adapters/sqlite/open-db'
import { createSqliteVaultStore } from '../../../src-main/adapters/sqlite/vault.repository'
import type { NewVaultRecord, VaultStore } from '../../../src-main/core/ports/vault-store.port'
import { snapshotFiles } from './store-seed'

let dataDir: string
let db: SqliteDb
let store: VaultStore
let clock: number

const reopen = (): void => {
  if (db.open) db.close()
  db = openStore({ dataDir }).db
  store = createSqliteVaultStore(db, { now: () => clock })
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hubkeys-vault-store-'))
  clock = 1_000
  db = openStore({ dataDir }).db
  store = createSqliteVaultStore(db, { now: () => clock })
})
afterEach(() => {
  if (db.open) db.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const newVault = (overrides: Partial<NewVaultRecord> = {}): NewVaultRecord => ({
  vaultId: 'vault-1',
  kdfParams: '{"alg":"argon2id","m":65536,"t":3,"p":4,"v":19}',
  salt: randomBytes(16),
  wrappedKey: randomBytes(60),
  ...overrides
})

const storeError = (fn: () => unknown): StoreError => {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError)
    return error as StoreError
  }
  throw new Error('expected a StoreError')
}

const same = (actual: Uint8Array | undefined, expected: Uint8Array): void => {
  expect(actual && Buffer.from(actual).equals(Buffer.from(expected))).toBe(true)
}

describe('vault row', () => {
  it('is absent at first, then reads back exactly what was created, after a restart too', () => {
    expect(store.readVault()).toBeUndefined()
    const record = newVault()
    const created = store.createVault(record)
    expect(created).toMatchObject({
      vaultId: 'vault-1',
      createdAt: 1_000,
      updatedAt: 1_000,
      remembered: null
    })

    reopen()
    const read = store.readVault()
    expect(read).toMatchObject({
      vaultId: 'vault-1',
      kdfParams: record.kdfParams,
      createdAt: 1_000,
      remembered: null
    })
    same(read?.salt, record.salt)
    same(read?.wrappedKey, record.wrappedKey)
  })

  it('refuses a second vault with CONFLICT and keeps the first', () => {
    const first = newVault()
    store.createVault(first)
    const error = storeError(() => store.createVault(newVault({ vaultId: 'vault-2' })))
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toBe('A vault already exists in this data folder.')
    expect(store.readVault()?.vaultId).toBe('vault-1')
    same(store.readVault()?.wrappedKey, first.wrappedKey)
  })

  it('replaces the wrapped key, salt and parameters of the named vault only', () => {
    store.createVault(newVault())
    clock = 2_000
    const update = {
      kdfParams: '{"alg":"argon2id","m":131072,"t":4,"p":4,"v":19}',
      salt: randomBytes(16),
      wrappedKey: randomBytes(60)
    }
    store.replaceWrappedKey('vault-1', update)
    const read = store.readVault()
    expect(read).toMatchObject({ kdfParams: update.kdfParams, createdAt: 1_000, updatedAt: 2_000 })
    same(read?.salt, update.salt)
    same(read?.wrappedKey, update.wrappedKey)

    const error = storeError(() => store.replaceWrappedKey('someone-else', newVault()))
    expect(error.code).toBe('CONFLICT')
    same(store.readVault()?.wrappedKey, update.wrappedKey)
  })

  it('accepts Uint8Array views that are not Buffers, storing only the viewed bytes', () => {
    const backing = new Uint8Array(64).map((_, index) => index)
    store.createVault(
      newVault({ salt: backing.subarray(8, 24), wrappedKey: new Uint8Array([9, 8, 7]) })
    )
    same(store.readVault()?.salt, backing.slice(8, 24))
    same(store.readVault()?.wrappedKey, new Uint8Array([9, 8, 7]))
  })

  it('remembers the device-wrapped key with its backend and forgets it', () => {
    store.createVault(newVault())
    store.setRemembered('vault-1', { backend: 'gnome_libsecret', blob: Buffer.from('os-wrapped') })
    expect(store.readVault()?.remembered?.backend).toBe('gnome_libsecret')
    same(store.readVault()?.remembered?.blob, Buffer.from('os-wrapped'))
    store.setRemembered('vault-1', null)
    expect(store.readVault()?.remembered).toBeNull()
    expect(storeError(() => store.setRemembered('other', null)).code).toBe('CONFLICT')
  })

  it('leaves no byte of a replaced wrapped key in the database or its WAL after a checkpoint', () => {
    const old = newVault()
    store.createVault(old)
    store.checkpoint()
    store.transaction(() =>
      store.replaceWrappedKey('vault-1', {
        kdfParams: old.kdfParams,
        salt: randomBytes(16),
        wrappedKey: randomBytes(48)
      })
    )
    store.checkpoint()
    for (const [name, content] of snapshotFiles(dataDir)) {
      expect(content.includes(Buffer.from(old.wrappedKey)), name).toBe(false)
      expect(content.includes(Buffer.from(old.salt)), name).toBe(false)
    }
  })

  it('refuses a checkpoint inside a transaction', () => {
    expect(() => store.transaction(() => store.checkpoint())).toThrow(/inside a transaction/)
  })
})

describe('unlock back-off', () => {
  it('counts failures, survives a restart and resets', () => {
    expect(store.readThrottle()).toEqual({ failures: 0, lastFailureAt: null })
    expect(store.recordFailure(5_000)).toEqual({ failures: 1, lastFailureAt: 5_000 })
    expect(store.recordFailure(6_000)).toEqual({ failures: 2, lastFailureAt: 6_000 })
    reopen()
    expect(store.readThrottle()).toEqual({ failures: 2, lastFailureAt: 6_000 })
    store.resetThrottle()
    expect(store.readThrottle()).toEqual({ failures: 0, lastFailureAt: null })
  })

  it('recreates its row if it went missing', () => {
    db.prepare('DELETE FROM unlock_throttle').run()
    expect(store.readThrottle()).toEqual({ failures: 0, lastFailureAt: null })
    expect(store.recordFailure(7_000)).toEqual({ failures: 1, lastFailureAt: 7_000 })
  })
})

describe('sealed secrets', () => {
  it('round-trips, replaces in place keeping createdAt, lists in order and deletes', () => {
    store.putSecret({ id: 'key:b', ownerKind: 'key', version: 1, sealed: Buffer.from('sealed-1') })
    store.putSecret({
      id: 'conn:a',
      ownerKind: 'connection',
      version: 1,
      sealed: new Uint8Array([1, 2, 3])
    })
    clock = 3_000
    store.putSecret({ id: 'key:b', ownerKind: 'key', version: 2, sealed: Buffer.from('sealed-2') })

    const secret = store.getSecret('key:b')
    expect(secret).toMatchObject({
      id: 'key:b',
      ownerKind: 'key',
      version: 2,
      createdAt: 1_000,
      updatedAt: 3_000
    })
    same(secret?.sealed, Buffer.from('sealed-2'))
    same(store.getSecret('conn:a')?.sealed, new Uint8Array([1, 2, 3]))
    expect(store.getSecret('missing')).toBeUndefined()
    expect(store.listSecretIds()).toEqual(['conn:a', 'key:b'])

    expect(store.deleteSecret('key:b')).toBe(true)
    expect(store.deleteSecret('key:b')).toBe(false)
    expect(store.listSecretIds()).toEqual(['conn:a'])
  })

  it('refuses to delete a secret a connection still uses, with CONFLICT', () => {
    store.putSecret({ id: 'cred', ownerKind: 'connection', version: 1, sealed: Buffer.from('x') })
    db.prepare(
      `INSERT INTO connections (id, name, kind, base_url, environment, credential_secret_id, created_at, updated_at)
       VALUES ('c1', 'Prod', 'cycle', 'https://c.example.test', 'prod', 'cred', 1, 1)`
    ).run()
    const error = storeError(() => store.deleteSecret('cred'))
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toBe('This secret is still used by a connection.')
    expect(store.listSecretIds()).toEqual(['cred'])
  })

  it('rejects an invalid version as a CONFLICT, writing nothing', () => {
    const error = storeError(() =>
      store.putSecret({ id: 's', ownerKind: 'key', version: -1, sealed: Buffer.from('x') })
    )
    expect(error.code).toBe('CONFLICT')
    expect(store.listSecretIds()).toEqual([])
  })
})

describe('transaction', () => {
  it('commits everything the callback did and returns its value', () => {
    const result = store.transaction(() => {
      store.createVault(newVault())
      store.putSecret({ id: 's1', ownerKind: 'key', version: 1, sealed: Buffer.from('a') })
      return 'done'
    })
    expect(result).toBe('done')
    reopen()
    expect(store.readVault()?.vaultId).toBe('vault-1')
    expect(store.listSecretIds()).toEqual(['s1'])
  })

  it('rolls everything back when the callback throws, and rethrows the same error', () => {
    const original = newVault()
    store.createVault(original)
    const failure = new Error('hub said no')
    expect(() =>
      store.transaction(() => {
        store.replaceWrappedKey('vault-1', {
          kdfParams: '{}',
          salt: randomBytes(16),
          wrappedKey: randomBytes(60)
        })
        store.putSecret({ id: 's1', ownerKind: 'key', version: 1, sealed: Buffer.from('a') })
        store.recordFailure(9)
        throw failure
      })
    ).toThrow(failure)
    same(store.readVault()?.wrappedKey, original.wrappedKey)
    expect(store.readVault()?.kdfParams).toBe(original.kdfParams)
    expect(store.listSecretIds()).toEqual([])
    expect(store.readThrottle().failures).toBe(0)
  })

  it('nests: an inner failure caught by the outer callback undoes only the inner part', () => {
    store.transaction(() => {
      store.putSecret({ id: 'outer', ownerKind: 'key', version: 1, sealed: Buffer.from('a') })
      expect(() =>
        store.transaction(() => {
          store.putSecret({ id: 'inner', ownerKind: 'key', version: 1, sealed: Buffer.from('b') })
          throw new Error('inner')
        })
      ).toThrow('inner')
    })
    expect(store.listSecretIds()).toEqual(['outer'])
  })

  it('refuses an async callback and rolls back what it did before its first await', async () => {
    let pending: Promise<void> | undefined
    expect(() =>
      store.transaction(() => {
        store.putSecret({ id: 's1', ownerKind: 'key', version: 1, sealed: Buffer.from('a') })
        pending = Promise.resolve()
        return pending
      })
    ).toThrow(/must be synchronous/)
    await pending
    expect(store.listSecretIds()).toEqual([])
    expect(db.inTransaction).toBe(false)
  })
})
