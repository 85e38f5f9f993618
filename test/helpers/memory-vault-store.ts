// An in-memory VaultStore for unit tests of the vault service and the core; runs under vitest (Node).
import type {
  SealedSecret,
  UnlockThrottle,
  VaultRecord,
  VaultStore
} from '../../src-main/core/ports/vault-store.port'
import { StoreError } from '../../src-main/core/ports/store-error'

export const createMemoryVaultStore = (now: () => number = Date.now): VaultStore & {
  /** Direct access, for tests that tamper with what is "on disk". */
  raw: { vault?: VaultRecord; throttle: UnlockThrottle; secrets: Map<string, SealedSecret> }
} => {
  const raw = {
    vault: undefined as VaultRecord | undefined,
    throttle: { failures: 0, lastFailureAt: null } as UnlockThrottle,
    secrets: new Map<string, SealedSecret>()
  }
  const snapshot = () => ({
    vault: raw.vault && { ...raw.vault },
    throttle: { ...raw.throttle },
    secrets: new Map(raw.secrets)
  })
  return {
    raw,
    readVault: () => raw.vault && { ...raw.vault },
    createVault(record) {
      if (raw.vault) throw new StoreError('CONFLICT', 'A vault already exists.')
      raw.vault = { ...record, createdAt: now(), updatedAt: now(), remembered: null }
      return { ...raw.vault }
    },
    replaceWrappedKey(vaultId, update) {
      if (raw.vault?.vaultId !== vaultId) throw new StoreError('CONFLICT', 'Another vault is stored.')
      raw.vault = { ...raw.vault, ...update, updatedAt: now() }
    },
    setRemembered(vaultId, remembered) {
      if (raw.vault?.vaultId !== vaultId) throw new StoreError('CONFLICT', 'Another vault is stored.')
      raw.vault = { ...raw.vault, remembered }
    },
    readThrottle: () => ({ ...raw.throttle }),
    recordFailure(at) {
      raw.throttle = { failures: raw.throttle.failures + 1, lastFailureAt: at }
      return { ...raw.throttle }
    },
    resetThrottle() {
      raw.throttle = { failures: 0, lastFailureAt: null }
    },
    putSecret(secret) {
      const createdAt = raw.secrets.get(secret.id)?.createdAt ?? now()
      raw.secrets.set(secret.id, { ...secret, createdAt, updatedAt: now() })
    },
    getSecret: (id) => raw.secrets.get(id),
    deleteSecret: (id) => raw.secrets.delete(id),
    listSecretIds: () => [...raw.secrets.keys()].sort(),
    transaction(fn) {
      const before = snapshot()
      try {
        return fn()
      } catch (error) {
        Object.assign(raw, before)
        throw error
      }
    },
    checkpoint: () => undefined
  }
}
