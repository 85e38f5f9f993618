// Integration tests of the connection and key services on the real store and vault, with an in-process hub.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../src-main/adapters/sqlite/open-db'
import { createSqliteVaultStore } from '../../src-main/adapters/sqlite/vault.repository'
import { createSqliteInventoryStore } from '../../src-main/adapters/sqlite/inventory.repository'
import { createArgon2Kdf } from '../../src-main/adapters/crypto/argon2.kdf'
import { createVaultService } from '../../src-main/core/vault/vault.service'
import { createEventBus } from '../../src-main/core/events'
import { minimumKdfParams } from '../../src-main/core/ports/kdf.port'
import {
  createConnectionsService,
  type HubModules
} from '../../src-main/core/connections/connections.service'
import { createKeysService } from '../../src-main/core/keys/keys.service'
import type { InventoryStore } from '../../src-main/core/ports/inventory-store.port'
import { createMemoryHub } from '../helpers/memory-hub'

const setup = async (wrap: (store: InventoryStore) => InventoryStore = (s) => s) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hk-conn-'))
  const { db } = openStore({ dataDir })
  const vaultStore = createSqliteVaultStore(db)
  const inventory = wrap(createSqliteInventoryStore(db))
  const vault = createVaultService({
    store: vaultStore,
    kdf: createArgon2Kdf(),
    events: createEventBus(),
    idleMinutes: () => 0,
    kdfParams: { ...minimumKdfParams }
  })
  await vault.create('integration passphrase')
  const hub = createMemoryHub()
  const modules = { cycle: hub.module } as unknown as HubModules
  const connections = createConnectionsService({
    inventory,
    vault,
    modules,
    http: () => ({
      request: async () => {
        throw new Error('no http in this test')
      }
    })
  })
  const keys = createKeysService({ inventory, vault, connections })
  const add = () =>
    connections.add({
      name: 'Cycle prod',
      kind: 'cycle',
      baseUrl: 'https://api.cycle.io/',
      settings: { hubId: 'hub-1' },
      environment: 'prod',
      credential: 'master-credential'
    })
  return { dataDir, db, vault, vaultStore, inventory, connections, keys, hub, add }
}

describe('connections', () => {
  it('adds a connection with its credential sealed in the vault, and never returns the credential', async () => {
    const { connections, vaultStore, add, dataDir, db } = await setup()
    const added = add()
    expect(added).toMatchObject({
      name: 'Cycle prod',
      baseUrl: 'https://api.cycle.io',
      hasCredential: true
    })
    expect(JSON.stringify(added)).not.toContain('master-credential')
    expect(vaultStore.listSecretIds()).toEqual([`connection:${added.id}`])
    expect(await connections.test(added.id)).toEqual({
      detail: 'Reached the memory hub with 0 keys.'
    })
    db.pragma('wal_checkpoint(TRUNCATE)')
    expect(readFileSync(join(dataDir, 'hubkeys.db')).includes('master-credential')).toBe(false)
  })

  it.each([
    [{ baseUrl: 'http://api.cycle.io' }, /https/],
    [{ baseUrl: 'not a url' }, /not a URL/],
    [{ baseUrl: 'https://user:pw@api.cycle.io' }, /credential field/],
    [{ settings: {} }, /hub id/]
  ])('refuses %j with a clear message and stores nothing', async (change, message) => {
    const { connections, vaultStore } = await setup()
    expect(() =>
      connections.add({
        name: 'x',
        kind: 'cycle',
        baseUrl: 'https://api.cycle.io',
        settings: { hubId: 'h' },
        credential: 'master-credential',
        ...change
      })
    ).toThrow(message)
    expect(connections.list()).toEqual([])
    expect(vaultStore.listSecretIds()).toEqual([])
  })

  it('refuses a duplicate name, edits, tests unsaved settings and removes with its secrets', async () => {
    const { connections, vaultStore, add, keys } = await setup()
    const added = add()
    expect(add).toThrow(/already exists/)
    const edited = await connections.update({ id: added.id, name: 'Cycle production', colour: '#ff0000' })
    expect(edited).toMatchObject({
      name: 'Cycle production',
      colour: '#ff0000',
      hasCredential: true
    })
    await expect(
      connections.testUnsaved({
        name: 'n',
        kind: 'cycle',
        baseUrl: 'https://x.example',
        settings: { hubId: 'h' },
        credential: 'wrong'
      })
    ).rejects.toThrow(/refused the credential/)
    await keys.create(added.id, { name: 'ci' })
    expect(vaultStore.listSecretIds()).toHaveLength(2)
    connections.remove(added.id)
    expect(connections.list()).toEqual([])
    expect(vaultStore.listSecretIds()).toEqual([])
  })
})

describe('keys', () => {
  it('stores a created key and its secret together, verifies, renames and deletes it (kept as deleted)', async () => {
    const { add, keys, vault, hub } = await setup()
    const connection = add()
    const created = await keys.create(connection.id, { name: 'deploy-bot', ips: ['10.0.0.0/8'] })
    expect(created).toMatchObject({
      name: 'deploy-bot',
      ipRules: ['10.0.0.0/8'],
      fingerprint: expect.stringMatching(/^sha256:/)
    })
    expect(JSON.stringify(created)).not.toContain('secret-')
    expect(vault.readSecret(created.secretId!).reveal()).toBe(
      hub.keys.get(created.hubKeyId)!.secret
    )
    // The hub's copy of the new secret is zeroed once it is sealed.
    expect(hub.handedOut.map((secret) => secret.disposed)).toEqual([true])
    expect(await keys.verify(connection.id, created.id)).toEqual({
      valid: true,
      detail: 'The key works.'
    })
    const renamed = await keys.update(connection.id, created.hubKeyId, { name: 'deploy-bot-2' })
    expect(renamed).toMatchObject({
      id: created.id,
      name: 'deploy-bot-2',
      secretId: created.secretId
    })
    expect((await keys.listLive(connection.id)).map((k) => k.name)).toEqual(['deploy-bot-2'])
    const value = hub.keys.get(created.hubKeyId)!.secret
    await keys.delete(connection.id, created.id, { confirmName: 'deploy-bot-2' })
    expect(hub.keys.size).toBe(0)
    // Deleted at the hub; Hubkeys keeps the record and its value, as deleted, until forgotten.
    expect(keys.resolve(connection.id, created.id)).toMatchObject({
      status: 'deleted',
      secretId: created.secretId
    })
    expect(vault.readSecret(created.secretId!).reveal()).toBe(value)
  })

  it('keeps neither the record nor the secret when storing the record fails', async () => {
    let failUpsert = false
    const { add, keys, vaultStore, hub } = await setup((store) => ({
      ...store,
      upsertKey: (...args) => {
        if (failUpsert) throw new Error('disk full')
        return store.upsertKey(...args)
      }
    }))
    const connection = add()
    failUpsert = true
    await expect(keys.create(connection.id, { name: 'doomed' })).rejects.toThrow()
    expect(vaultStore.listSecretIds()).toEqual([`connection:${connection.id}`])
    expect(hub.handedOut.map((secret) => secret.disposed)).toEqual([true])
  })

  it('refuses to act while the vault is locked', async () => {
    const { add, keys, vault } = await setup()
    const connection = add()
    vault.lock('manual')
    await expect(keys.create(connection.id, { name: 'x' })).rejects.toThrow(/locked/)
  })
})
