// The `hubs:roles` handler over the real connections service: Cycle's roles with what each grants, refusals for kinds without roles and keys that may not read them.
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
import { cycleHub } from '../../../src-main/core/hubs/cycle'
import { dmhubHub } from '../../../src-main/core/hubs/dmhub'
import { createKeyRolesHandlers } from '../../../src-main/core/keys/key-roles.handlers'
import { minimumKdfParams } from '../../../src-main/core/ports/kdf.port'
import { createVaultService } from '../../../src-main/core/vault/vault.service'
import { createCycleFake, type CycleFake } from '../../fakes/hubs/cycle.fake'
import { appErrorOf, createTestHttp, type TestHttp } from '../../helpers/hub-test-http'

let cycle: CycleFake
let http: TestHttp

beforeAll(async () => {
  cycle = await createCycleFake({ seed: 3, tenants: 1, keysPerTenant: 3 })
  http = createTestHttp()
})
afterAll(async () => {
  await http.close()
  await cycle.close()
})

const setup = async () => {
  const { db } = openStore({ dataDir: mkdtempSync(join(tmpdir(), 'hk-roles-')) })
  const vault = createVaultService({
    store: createSqliteVaultStore(db),
    kdf: createArgon2Kdf(),
    events: createEventBus(),
    idleMinutes: () => 0,
    kdfParams: { ...minimumKdfParams }
  })
  await vault.create('integration passphrase')
  const modules = { cycle: cycleHub, dmhub: dmhubHub } as unknown as HubModules
  const connections = createConnectionsService({
    inventory: createSqliteInventoryStore(db),
    vault,
    modules,
    http: http.factory
  })
  const handler = createKeyRolesHandlers(connections)['hubs:roles']
  const roles = async (request: { connectionId: string }) => handler(request, { transport: 'test' })
  return { connections, roles }
}

describe('hubs:roles', () => {
  it("lists a Cycle hub's roles with the capabilities each grants", async () => {
    const { connections, roles } = await setup()
    const conn = connections.add({
      name: 'Cycle',
      kind: 'cycle',
      baseUrl: cycle.url,
      settings: { hubId: cycle.hubId },
      credential: cycle.credential
    })
    const answer = await roles({ connectionId: conn.id })
    const hub = cycle.hubs[0]!
    expect(answer.roles.map((role) => role.id)).toEqual(hub.roles.map((role) => role.id))
    for (const role of hub.roles) {
      expect(answer.roles.find((r) => r.id === role.id)).toEqual({
        id: role.id,
        name: role.name,
        allCapabilities: role.all,
        capabilities: role.all ? [] : role.specific
      })
    }
  })

  it("says what the hub answered when the connection's key may not read roles", async () => {
    const { connections, roles } = await setup()
    const conn = connections.add({
      name: 'Cycle limited',
      kind: 'cycle',
      baseUrl: cycle.url,
      settings: { hubId: cycle.hubId },
      credential: cycle.limitedCredential
    })
    const error = await appErrorOf(() => roles({ connectionId: conn.id }))
    expect(error.code).toBe('FORBIDDEN')
    expect(error.message).toMatch(/hubs-roles-manage/)
    expect(error.message).not.toContain(cycle.limitedCredential)
  })

  it('answers UNSUPPORTED for a kind whose capabilities declare no roles', async () => {
    const { connections, roles } = await setup()
    const conn = connections.add({
      name: 'DM-Hub',
      kind: 'dmhub',
      baseUrl: 'https://dmhub.example.test',
      credential: 'admin-key-value'
    })
    const error = await appErrorOf(() => roles({ connectionId: conn.id }))
    expect(error).toMatchObject({
      code: 'UNSUPPORTED',
      message: 'DM-Hub does not offer roles on keys.'
    })
  })
})
