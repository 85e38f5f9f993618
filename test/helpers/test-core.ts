// Builds a real core for tests: SQLite stores in a temp folder, the real Argon2id KDF at the minimum cost.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAppCore, type AppCore, type CoreConfig } from '../../src-main/core/app-core'
import { minimumKdfParams } from '../../src-main/core/ports/kdf.port'
import type { VaultStore } from '../../src-main/core/ports/vault-store.port'
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

/** `vaultStore` swaps just the vault's repository (tests that tamper with it in memory). */
export const createTestCore = (
  overrides: Partial<CoreConfig> & { vaultStore?: VaultStore } = {}
): AppCore => {
  const { vaultStore, ...rest } = overrides
  const opened = openTestStores()
  const stores = vaultStore ? { ...opened, vaultStore } : opened
  return createAppCore({
    facts: testFacts,
    stores,
    kdf: createArgon2Kdf(),
    http: httpClientFactory,
    preferences: memoryPreferences({ theme: 'system', idleMinutes: 15, clipboardSeconds: 30 }),
    // The minimum DESIGN.md allows, so tests stay quick without testing a weaker vault than users get.
    kdfParams: { ...minimumKdfParams },
    ...rest
  })
}
