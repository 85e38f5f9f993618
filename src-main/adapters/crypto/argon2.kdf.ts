// The Argon2id implementation of the KDF port, on @node-rs/argon2's native hashRaw; runs in main (Node).
import { hashRaw } from '@node-rs/argon2'
import { kdfOutputBytes, type Kdf, type KdfParams } from '../../core/ports/kdf.port'

// The library declares these as ambient const enums, which isolatedModules cannot read (and at
// runtime its enum objects are empty), so the values from its index.d.ts are spelled out here.
// The known-answer tests would fail if either were wrong: Argon2i/d or v0x10 give other outputs.
const argon2idAlgorithm = 2 // Algorithm.Argon2id
const argon2Version0x13 = 1 // Version.V0x13

export const createArgon2Kdf = (): Kdf => ({
  derive: async (password: string, salt: Uint8Array, params: KdfParams): Promise<Buffer> => {
    // Guard the one thing the native call would silently reinterpret; the rest is checkKdfParams'.
    if (params.algorithm !== 'argon2id' || params.version !== 19) {
      throw new Error('The Argon2 adapter only derives Argon2id version 19.')
    }
    return hashRaw(password, {
      algorithm: argon2idAlgorithm,
      version: argon2Version0x13,
      memoryCost: params.memoryKiB,
      timeCost: params.iterations,
      parallelism: params.parallelism,
      outputLen: kdfOutputBytes,
      salt
    })
  }
})
