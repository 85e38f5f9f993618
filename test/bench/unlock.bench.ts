// Benchmark: how long unlocking takes with the default Argon2id parameters; run by the bench runner under Node.
import { performance } from 'node:perf_hooks'
import { createArgon2Kdf } from '../../src-main/adapters/crypto/argon2.kdf'
import { defaultKdfParams } from '../../src-main/core/ports/kdf.port'
import {
  createVaultMaterial,
  unlockVaultMaterial,
  zeroize
} from '../../src-main/core/vault/vault-crypto'

const runs = 5

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2
}

/** Median of five unlocks (derive the KEK with the defaults, then unwrap the data key). */
export async function run(): Promise<Record<string, { value: number; unit: string }>> {
  const kdf = createArgon2Kdf()
  const password = 'benchmark master password'
  const created = await createVaultMaterial(kdf, password, defaultKdfParams)
  zeroize(created.dataKey)
  const stored = {
    vaultId: created.vaultId,
    salt: created.salt,
    kdfParams: created.kdfParams,
    wrappedKey: created.wrappedKey
  }
  const timings: number[] = []
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now()
    const dataKey = await unlockVaultMaterial(kdf, password, stored)
    timings.push(performance.now() - started)
    zeroize(dataKey)
  }
  return { vault_unlock_default_ms: { value: Math.round(median(timings) * 10) / 10, unit: 'ms' } }
}
