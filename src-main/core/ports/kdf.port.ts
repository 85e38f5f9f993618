// The password-hashing port the vault derives its key-encryption key through; runs in main (Node).
import { z } from 'zod'
import { VaultError } from './vault-error'

/** Argon2id parameters, stored with the vault so it can be opened with the settings it was made with. */
export interface KdfParams {
  algorithm: 'argon2id'
  /** Argon2 version 0x13. */
  version: 19
  memoryKiB: number
  iterations: number
  parallelism: number
}

/** What new vaults use (DESIGN.md section 3): 64 MiB, 3 passes, 4 lanes. */
export const defaultKdfParams: Readonly<KdfParams> = Object.freeze({
  algorithm: 'argon2id',
  version: 19,
  memoryKiB: 65536,
  iterations: 3,
  parallelism: 4
})

/** The weakest parameters accepted from disk (OWASP's Argon2id floor): 19 MiB, 2 passes, 1 lane. */
export const minimumKdfParams: Readonly<KdfParams> = Object.freeze({
  algorithm: 'argon2id',
  version: 19,
  memoryKiB: 19456,
  iterations: 2,
  parallelism: 1
})

/**
 * Upper bounds so tampered parameters cannot make unlocking exhaust memory or spin for minutes:
 * 1 GiB, 10 passes, 16 lanes, well above the defaults and checked before Argon2 runs.
 */
export const maximumKdfParams = Object.freeze({
  memoryKiB: 1024 * 1024,
  iterations: 10,
  parallelism: 16
})

const costlyKdfMessage =
  "The vault's key-derivation settings ask for more than Hubkeys allows (at most 1 GiB of memory, 10 passes and 16 lanes); the vault has been corrupted or tampered with."

export const kdfOutputBytes = 32

export interface Kdf {
  /**
   * Derives `kdfOutputBytes` bytes from the password. Adapters do not judge the parameters; callers
   * pass them through `checkKdfParams` first (core's `deriveKek` does).
   */
  derive(password: string, salt: Uint8Array, params: KdfParams): Promise<Buffer>
}

const kdfParamsShape = z
  .object({
    algorithm: z.literal('argon2id'),
    version: z.literal(19),
    memoryKiB: z.number().int(),
    iterations: z.number().int(),
    parallelism: z.number().int()
  })
  .strict()

/**
 * Validates parameters read from disk and returns a clean copy. Throws VaultError `BAD_KDF` for an
 * unknown algorithm or version, a wrong shape or an absurd value, and `WEAK_KDF` for anything
 * below `minimumKdfParams`: an attacker who can edit the file must not be able to cheapen guessing.
 */
export const checkKdfParams = (params: unknown): KdfParams => {
  const parsed = kdfParamsShape.safeParse(params)
  if (!parsed.success) throw new VaultError('BAD_KDF')
  const p = parsed.data
  if (
    p.memoryKiB > maximumKdfParams.memoryKiB ||
    p.iterations > maximumKdfParams.iterations ||
    p.parallelism > maximumKdfParams.parallelism
  ) {
    throw new VaultError('BAD_KDF', costlyKdfMessage)
  }
  if (
    p.memoryKiB < minimumKdfParams.memoryKiB ||
    p.iterations < minimumKdfParams.iterations ||
    p.parallelism < minimumKdfParams.parallelism
  ) {
    throw new VaultError('WEAK_KDF')
  }
  return { ...p }
}
