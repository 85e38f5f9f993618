// Builds a real core for tests: in-memory vault store and preferences, the real Argon2id KDF at the minimum cost.
import { createAppCore, type AppCore, type CoreConfig } from '../../src-main/core/app-core'
import { minimumKdfParams } from '../../src-main/core/ports/kdf.port'
import { memoryPreferences } from '../../src-main/core/ports/preferences.port'
import { createArgon2Kdf } from '../../src-main/adapters/crypto/argon2.kdf'
import { createMemoryVaultStore } from './memory-vault-store'

export const testFacts = {
  name: 'Hubkeys',
  version: '0.0.0-test',
  mode: 'web' as const,
  dataDir: '/tmp/hubkeys-test',
  platform: 'linux'
}

export const createTestCore = (overrides: Partial<CoreConfig> = {}): AppCore =>
  createAppCore({
    facts: testFacts,
    vaultStore: createMemoryVaultStore(),
    kdf: createArgon2Kdf(),
    preferences: memoryPreferences({ theme: 'system', idleMinutes: 15, clipboardSeconds: 30 }),
    // The minimum DESIGN.md allows, so tests stay quick without testing a weaker vault than users get.
    kdfParams: { ...minimumKdfParams },
    ...overrides
  })
