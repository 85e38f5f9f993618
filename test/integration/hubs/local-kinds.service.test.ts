// Optidash, Data Hub and DM-Hub through the real connection and key services, store and vault, against their simulated hubs.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createArgon2Kdf } from '../../../src-main/adapters/crypto/argon2.kdf'
import { openStore } from '../../../src-main/adapters/sqlite/open-db'
import { createSqliteInventoryStore } from '../../../src-main/adapters/sqlite/inventory.repository'
import { createSqliteVaultStore } from '../../../src-main/adapters/sqlite/vault.repository'
import {
  createConnectionsService,
  type HubModules
} from '../../../src-main/core/connections/connections.service'
import { createEventBus } from '../../../src-main/core/events'
import { datahubHub } from '../../../src-main/core/hubs/datahub'
import { dmhubHub } from '../../../src-main/core/hubs/dmhub'
import { fingerprintOf } from '../../../src-main/core/hubs/fingerprint'
import { optidashHub } from '../../../src-main/core/hubs/optidash'
import { createKeysService } from '../../../src-main/core/keys/keys.service'
import { minimumKdfParams } from '../../../src-main/core/ports/kdf.port'
import { createVaultService } from '../../../src-main/core/vault/vault.service'
import { createDatahubFake, type DatahubFake } from '../../fakes/hubs/datahub.fake'
import { createDmhubFake, type DmhubFake } from '../../fakes/hubs/dmhub.fake'
import { createOptidashFake, type OptidashFake } from '../../fakes/hubs/optidash.fake'
import { appErrorOf, createTestHttp, type TestHttp } from '../../helpers/hub-test-http'
import { Secret } from '../../../src-main/common/secret'

let optidash: OptidashFake
let datahub: DatahubFake
let dmhub: DmhubFake
let http: TestHttp

const setup = async () => {
  const { db } = openStore({ dataDir: mkdtempSync(join(tmpdir(), 'hk-local-kinds-')) })
  const inventory = createSqliteInventoryStore(db)
  const vault = createVaultService({
    store: createSqliteVaultStore(db),
    kdf: createArgon2Kdf(),
    events: createEventBus(),
    idleMinutes: () => 0,
    kdfParams: { ...minimumKdfParams }
  })
  await vault.create('integration passphrase')
  const modules = {
    optidash: optidashHub,
    datahub: datahubHub,
    dmhub: dmhubHub
  } as unknown as HubModules
  const connections = createConnectionsService({ inventory, vault, modules, http: http.factory })
  const keys = createKeysService({ inventory, vault, connections })
  return { connections, keys, inventory, vault }
}

beforeAll(async () => {
  optidash = await createOptidashFake({ seed: 2 })
  datahub = await createDatahubFake({ seed: 2 })
  dmhub = await createDmhubFake({ seed: 2 })
  http = createTestHttp()
})
afterAll(async () => {
  await http.close()
  await Promise.all([optidash.close(), datahub.close(), dmhub.close()])
})

describe('keys on hubs whose inventory Hubkeys keeps', () => {
  it('Optidash: a created key is stored with its value, renamed by value, verified, and forgotten locally', async () => {
    const { connections, keys } = await setup()
    const conn = connections.add({
      name: 'Optidash',
      kind: 'optidash',
      baseUrl: optidash.url,
      credential: optidash.credential
    })
    expect((await connections.test(conn.id)).detail).toMatch(/^Reached Optidash account/)
    const created = await keys.create(conn.id, { name: 'svc-new' })
    const atHub = [...optidash.accounts[0]!.keys.values()].find((k) => k.name === 'svc-new')!
    expect(created.hubKeyId).toBe(fingerprintOf(atHub.key))
    expect(await keys.listLive(conn.id)).toEqual([expect.objectContaining({ name: 'svc-new' })])
    await keys.update(conn.id, created.id, { name: 'svc-renamed' })
    expect(atHub.name).toBe('svc-renamed')
    expect((await keys.verify(conn.id, created.id)).valid).toBe(true)
    await keys.delete(conn.id, created.id)
    expect(await keys.listLive(conn.id)).toEqual([])
    // Forgotten in Hubkeys only: the key still exists at Optidash.
    expect(optidash.accounts[0]!.keys.has(atHub.key)).toBe(true)
  })

  it('Data Hub: a pasted key is recorded, edited in Hubkeys (with the stored record), and verified live', async () => {
    const { connections, keys } = await setup()
    const conn = connections.add({
      name: 'Owl',
      kind: 'datahub',
      baseUrl: datahub.url,
      settings: { exportPath: datahub.exportPath }
    })
    expect((await connections.test(conn.id)).detail).toMatch(/asks for a key/)
    const recorded = await keys.create(conn.id, {
      name: 'owl-key',
      secret: Secret.fromString(datahub.credential),
      ips: ['203.0.113.0/255.255.255.0']
    })
    expect(recorded).toMatchObject({ name: 'owl-key', ipRules: ['203.0.113.0/24'] })
    const edited = await keys.update(conn.id, recorded.id, {
      name: 'owl-key-2',
      headers: [{ name: 'X-Total-Count', value: '${collection.meta.count}', enabled: true }]
    })
    expect(edited).toMatchObject({
      id: recorded.id,
      name: 'owl-key-2',
      ipRules: ['203.0.113.0/24'],
      headers: [{ name: 'X-Total-Count', value: '${collection.meta.count}', enabled: true }]
    })
    expect((await keys.verify(conn.id, recorded.id)).valid).toBe(true)
    expect(
      (await appErrorOf(() => keys.update(conn.id, recorded.id, { ips: ['1.2.3.999'] }))).code
    ).toBe('BAD_REQUEST')
  })

  it('Data Hub: a generic token is generated in main and stored before it is shown; access types are the key scope', async () => {
    const { connections, keys, vault } = await setup()
    const conn = connections.add({
      name: 'Owl generated',
      kind: 'datahub',
      baseUrl: datahub.url,
      settings: { exportPath: datahub.exportPath }
    })
    const generated = await keys.create(conn.id, {
      name: 'owl-generic',
      accessType: 'generic-token',
      generateSecret: true
    })
    expect(generated.scopes).toEqual(['generic-token'])
    expect(generated.secretId).not.toBeNull()
    using stored = vault.readSecret(generated.secretId!)
    expect(stored.reveal()).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(generated.fingerprint).toBe(fingerprintOf(stored))

    // Owl makes an API key's value: Hubkeys cannot choose it, and says so before storing anything.
    const refused = await appErrorOf(() =>
      keys.create(conn.id, { name: 'owl-api', accessType: 'api-key', generateSecret: true })
    )
    expect(refused.code).toBe('UNSUPPORTED')
    const both = await appErrorOf(() =>
      keys.create(conn.id, {
        name: 'owl-both',
        accessType: 'generic-token',
        generateSecret: true,
        secret: Secret.fromString('chosen-value')
      })
    )
    expect(both.code).toBe('BAD_REQUEST')

    const recorded = await keys.record(conn.id, {
      name: 'owl-contentserv',
      accessType: 'contentserv-token',
      secret: Secret.fromString('made-in-owl-0001')
    })
    expect(recorded.scopes).toEqual(['contentserv-token'])
  })

  it('refuses an access type on a kind that declares none', async () => {
    const { connections, keys } = await setup()
    const conn = connections.add({
      name: 'DM-Hub typed',
      kind: 'dmhub',
      baseUrl: dmhub.url,
      credential: dmhub.credential
    })
    const refused = await appErrorOf(() =>
      keys.create(conn.id, {
        name: 'typed',
        accessType: 'generic-token',
        secret: Secret.fromString('pasted-value-1')
      })
    )
    expect(refused.code).toBe('UNSUPPORTED')
  })

  it('DM-Hub: a pasted key is recorded, verified with its own value, and its storage charted with the admin key', async () => {
    const { connections, keys } = await setup()
    const conn = connections.add({
      name: 'DM-Hub',
      kind: 'dmhub',
      baseUrl: dmhub.url,
      credential: dmhub.credential
    })
    const userKey = dmhub.users[1]!.keys[0]!
    const recorded = await keys.create(conn.id, {
      name: 'ana-key',
      secret: Secret.fromString(userKey.value)
    })
    expect((await keys.verify(conn.id, recorded.id)).detail).toMatch(/accepted this key as ana/)
    const revoked = await keys.update(conn.id, recorded.id, { status: 'inactive' })
    expect(revoked.status).toBe('inactive')
    const { points } = await keys.usage(conn.id, recorded.id, {
      from: Date.now() - 3 * 86_400_000
    })
    expect(points.length).toBeGreaterThanOrEqual(3)
    expect(points.every((point) => point.requests === null && (point.bytes ?? 0) > 0)).toBe(true)
  })
})
