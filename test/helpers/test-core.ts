// Builds a real core for tests: SQLite stores in a temp folder, the real Argon2id KDF at the minimum cost.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAppCore, type AppCore, type CoreConfig } from '../../src-main/core/app-core'
import { minimumKdfParams } from '../../src-main/core/ports/kdf.port'
import { memoryPreferences } from '../../src-main/core/ports/preferences.port'
import { createArgon2Kdf } from '../../src-main/adapters/crypto/argon2.kdf'
import { httpClientFactory } from '../../src-main/adapters/http/http-client'
import { openSqliteStores } from '../../src-main/adapters/sqlite/sqlite-stores'

export const testFacts = {
  name: 'Hubkeys',
  version: '0.0.0-test',
  mode: 'web' as const,
  dataDir: '/tmp/hubkeys-test',
  platform: 'linux'
}

/** A fresh data folder and the stores on it. */
export const openTestStores = (dataDir = mkdtempSync(join(tmpdir(), 'hk-core-'))) => ({
  dataDir,
  ...openSqliteStores({ dataDir })
})

export const createTestCore = (overrides: Partial<CoreConfig> = {}): AppCore => {
  const stores = openTestStores()
  return createAppCore({
    facts: testFacts,
    vaultStore: stores.vaultStore,
    inventory: stores.inventory,
    syncStore: stores.syncStore,
    kdf: createArgon2Kdf(),
    http: httpClientFactory,
    preferences: memoryPreferences({ theme: 'system', idleMinutes: 15, clipboardSeconds: 30 }),
    // The minimum DESIGN.md allows, so tests stay quick without testing a weaker vault than users get.
    kdfParams: { ...minimumKdfParams },
    ...overrides
  })
}
