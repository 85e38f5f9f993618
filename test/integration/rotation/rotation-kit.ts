// Shared set-up of the rotation tests: a real core on a data folder, one connection per simulated hub kind, and a key of each to rotate; plain Node (tests and the crash test's child).
import { createArgon2Kdf } from '../../../src-main/adapters/crypto/argon2.kdf'
import { httpClientFactory } from '../../../src-main/adapters/http/http-client'
import { openSqliteStores } from '../../../src-main/adapters/sqlite/sqlite-stores'
import { createAppCore, type AppCore, type CoreConfig } from '../../../src-main/core/app-core'
import { minimumKdfParams } from '../../../src-main/core/ports/kdf.port'
import { memoryPreferences } from '../../../src-main/core/ports/preferences.port'
import type { FakeConnection } from '../../fakes/hubs/start-fake-hubs'
import { testFacts } from '../../helpers/test-core'

export const rotationPassword = 'rotation test passphrase'

/** A core on `dataDir` (the crash test reopens the same folder after each kill). */
export const openRotationCore = (
  dataDir: string,
  rotation: CoreConfig['rotation'] = {}
): { core: AppCore; close: () => Promise<void> } => {
  const stores = openSqliteStores({ dataDir })
  const core = createAppCore({
    facts: testFacts,
    stores,
    kdf: createArgon2Kdf(),
    http: httpClientFactory,
    preferences: memoryPreferences({ theme: 'system', idleMinutes: 0, clipboardSeconds: 30 }),
    kdfParams: { ...minimumKdfParams },
    rotation
  })
  return {
    core,
    close: async () => {
      await core.close()
      stores.close()
    }
  }
}

/** Calls a channel through dispatch; a failure throws with its code and message. */
export const callerOf =
  (core: AppCore) =>
  async <T = never>(channel: string, payload: unknown): Promise<T> => {
    const result = await core.dispatch(channel, payload, { transport: 'test' })
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
    return result.value as T
  }

/** Adds the connection the simulated hub offers (recording the keys it cannot list) and syncs it. */
export const addConnection = async (
  call: ReturnType<typeof callerOf>,
  hub: FakeConnection
): Promise<string> => {
  const connection = await call<{ id: string }>('connections:add', {
    name: hub.name,
    kind: hub.kind,
    baseUrl: hub.url,
    settings: hub.settings,
    environment: 'dev',
    ...(hub.credential ? { credential: hub.credential } : {})
  })
  for (const key of hub.keys) await call('keys:record', { connectionId: connection.id, ...key })
  await call('sync:start', { connectionIds: [connection.id] })
  return connection.id
}
