// Tests creating, unlocking and re-wrapping vault key material with the real Argon2id adapter; runs in vitest (node).
import { describe, expect, it } from 'vitest'
import { createArgon2Kdf } from '../../../src-main/adapters/crypto/argon2.kdf'
import {
  defaultKdfParams,
  minimumKdfParams,
  type Kdf,
  type KdfParams
} from '../../../src-main/core/ports/kdf.port'
import {
  VaultError,
  changeVaultPassword,
  createVaultMaterial,
  deriveKek,
  generateDataKey,
  open,
  recordAad,
  rewrapDataKey,
  seal,
  unlockVaultMaterial,
  unwrapDataKey,
  wrapDataKey,
  type StoredVaultMaterial
} from '../../../src-main/core/vault/vault-crypto'

// The weakest parameters the vault accepts keep these tests quick without lowering the minimum.
const params: KdfParams = { ...minimumKdfParams }
const kdf = createArgon2Kdf()
const password = 'correct horse battery staple'

/** Awaits p and returns the VaultError it rejects with, failing for anything else. */
const rejection = async (p: Promise<unknown>): Promise<VaultError> => {
  try {
    await p
  } catch (caught) {
    if (caught instanceof VaultError) return caught
    throw new Error(`expected a VaultError, got ${String(caught)}`)
  }
  throw new Error('expected a VaultError, nothing was thrown')
}

/** Flips bits of one byte in place, the way a disk editor would. */
const flip = (buffer: Buffer, index: number, mask: number): void => {
  buffer[index] = (buffer[index] ?? 0) ^ mask
}

const stored = (m: StoredVaultMaterial): StoredVaultMaterial => ({
  vaultId: m.vaultId,
  salt: Buffer.from(m.salt),
  kdfParams: { ...m.kdfParams },
  wrappedKey: Buffer.from(m.wrappedKey)
})

describe('vault material', () => {
  it('creates a vault that unlocks to the same data key', async () => {
    const created = await createVaultMaterial(kdf, password, params)
    expect(created.vaultId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    )
    expect(created.salt.length).toBeGreaterThanOrEqual(16)
    expect(created.dataKey.length).toBe(32)
    expect(created.wrappedKey.length).toBe(1 + 12 + 32 + 16)
    expect(created.kdfParams).toEqual(params)
    expect(created.wrappedKey.includes(created.dataKey)).toBe(false)
    const dataKey = await unlockVaultMaterial(kdf, password, stored(created))
    expect(dataKey.equals(created.dataKey)).toBe(true)
  })

  it('uses the default parameters unless told otherwise', async () => {
    const seen: KdfParams[] = []
    const recording: Kdf = {
      derive: (pw, salt, p) => {
        seen.push(p)
        return kdf.derive(pw, salt, minimumKdfParams)
      }
    }
    await createVaultMaterial(recording, password)
    expect(seen).toEqual([defaultKdfParams])
  })

  it('gives each vault its own id, salt and data key', async () => {
    const a = await createVaultMaterial(kdf, password, params)
    const b = await createVaultMaterial(kdf, password, params)
    expect(a.vaultId).not.toBe(b.vaultId)
    expect(a.salt.equals(b.salt)).toBe(false)
    expect(a.dataKey.equals(b.dataKey)).toBe(false)
  })

  it('refuses a wrong password with WRONG_PASSWORD and a message that echoes nothing', async () => {
    const created = await createVaultMaterial(kdf, password, params)
    const wrong = 'correct horse battery stapler'
    const error = await rejection(unlockVaultMaterial(kdf, wrong, stored(created)))
    expect(error.reason).toBe('WRONG_PASSWORD')
    expect(error.code).toBe('UNAUTHORIZED')
    expect(error.message).toBe('Wrong master password.')
    expect(error.message).not.toContain(wrong)
  })

  it('treats composed and decomposed accents as the same password', async () => {
    const created = await createVaultMaterial(kdf, 'mot de passe très long', params)
    const decomposed = 'mot de passe tre\u0300s long'
    expect(decomposed).not.toBe('mot de passe très long')
    const dataKey = await unlockVaultMaterial(kdf, decomposed, stored(created))
    expect(dataKey.equals(created.dataKey)).toBe(true)
  })

  it('refuses KDF parameters weakened below the minimum before deriving anything', async () => {
    const created = await createVaultMaterial(kdf, password, params)
    let derived = 0
    const counting: Kdf = { derive: (...args) => ((derived += 1), kdf.derive(...args)) }
    const weakened = { ...stored(created), kdfParams: { ...params, iterations: 1 } }
    const error = await rejection(unlockVaultMaterial(counting, password, weakened))
    expect(error.reason).toBe('WEAK_KDF')
    expect(error.code).toBe('TAMPERED')
    expect(derived).toBe(0)
  })

  it('refuses absurd or unknown KDF parameters as BAD_KDF', async () => {
    const created = await createVaultMaterial(kdf, password, params)
    for (const kdfParams of [
      { ...params, memoryKiB: 8 * 1024 * 1024 },
      { ...params, algorithm: 'argon2d' },
      'not params'
    ]) {
      const error = await rejection(
        unlockVaultMaterial(kdf, password, { ...stored(created), kdfParams })
      )
      expect(error.reason).toBe('BAD_KDF')
    }
  })

  it('refuses KDF parameters changed on disk even above the minimum', async () => {
    const created = await createVaultMaterial(kdf, password, params)
    const changed = { ...stored(created), kdfParams: { ...params, iterations: 3 } }
    expect((await rejection(unlockVaultMaterial(kdf, password, changed))).reason).toBe(
      'WRONG_PASSWORD'
    )
  })

  it('binds the wrapped key to its KDF parameters through the AAD, not only through the KEK', async () => {
    // With the right KEK in hand, only the AAD can notice that the stored parameters changed.
    const created = await createVaultMaterial(kdf, password, params)
    const kek = await deriveKek(kdf, password, created.salt, params)
    expect(
      unwrapDataKey(kek, created.wrappedKey, created.vaultId, params).equals(created.dataKey)
    ).toBe(true)
    for (const other of [
      { ...params, iterations: 3 },
      { ...params, memoryKiB: 65536 },
      { ...params, parallelism: 2 }
    ]) {
      expect(() => unwrapDataKey(kek, created.wrappedKey, created.vaultId, other)).toThrow(
        expect.objectContaining({ reason: 'WRONG_PASSWORD' })
      )
    }
    // ...and to its vault.
    expect(() =>
      unwrapDataKey(kek, created.wrappedKey, '0d4c6a8e-1111-4b2a-8c3d-9e8f7a6b5c4d', params)
    ).toThrow(expect.objectContaining({ reason: 'WRONG_PASSWORD' }))
  })

  it.each([
    ['a flipped byte in the wrapped key', (m: StoredVaultMaterial) => flip(m.wrappedKey, 20, 0x10)],
    ['a flipped byte in the tag', (m: StoredVaultMaterial) => flip(m.wrappedKey, 60, 0x01)],
    ['a flipped byte in the nonce', (m: StoredVaultMaterial) => flip(m.wrappedKey, 3, 0x80)],
    ['a changed salt', (m: StoredVaultMaterial) => flip(m.salt, 0, 0x01)]
  ])('cannot tell %s from a wrong password, and says so', async (_what, tamper) => {
    const created = await createVaultMaterial(kdf, password, params)
    const row = stored(created)
    tamper(row)
    expect((await rejection(unlockVaultMaterial(kdf, password, row))).reason).toBe('WRONG_PASSWORD')
  })

  it.each([
    [
      'a truncated wrapped key',
      (m: StoredVaultMaterial) => (m.wrappedKey = m.wrappedKey.subarray(0, 40))
    ],
    ['a wrong version byte', (m: StoredVaultMaterial) => (m.wrappedKey[0] = 0x02)],
    ['an empty wrapped key', (m: StoredVaultMaterial) => (m.wrappedKey = Buffer.alloc(0))],
    ['a truncated salt', (m: StoredVaultMaterial) => (m.salt = m.salt.subarray(0, 4))]
  ])('refuses %s as TAMPERED', async (_what, tamper) => {
    const created = await createVaultMaterial(kdf, password, params)
    const row = stored(created)
    tamper(row)
    const error = await rejection(unlockVaultMaterial(kdf, password, row))
    expect(error.reason).toBe('TAMPERED')
    expect(error.code).toBe('TAMPERED')
  })

  it('keeps records readable across a password change; the old password stops working', async () => {
    const created = await createVaultMaterial(kdf, password, params)
    const aad = recordAad(created.vaultId, 'hub-1', 1)
    const record = seal(created.dataKey, Buffer.from('hub master credential'), aad)

    const next = 'an entirely different passphrase'
    const rewrapped = await changeVaultPassword(kdf, password, next, stored(created), params)
    expect(rewrapped.salt.equals(created.salt)).toBe(false)
    const row: StoredVaultMaterial = { vaultId: created.vaultId, ...rewrapped }

    expect((await rejection(unlockVaultMaterial(kdf, password, row))).reason).toBe('WRONG_PASSWORD')
    const dataKey = await unlockVaultMaterial(kdf, next, row)
    expect(dataKey.equals(created.dataKey)).toBe(true)
    expect(open(dataKey, record, aad).toString()).toBe('hub master credential')
  })

  it('refuses to change the password without the current one', async () => {
    const created = await createVaultMaterial(kdf, password, params)
    const error = await rejection(
      changeVaultPassword(kdf, 'not the password', 'new passphrase here', stored(created), params)
    )
    expect(error.reason).toBe('WRONG_PASSWORD')
  })

  it('can move a vault to stronger parameters when re-wrapping', async () => {
    const dataKey = generateDataKey()
    const vaultId = '5b0e1f9c-2f43-4c8e-9f57-0c8d7b6a1e22'
    const stronger = { ...params, iterations: 3 }
    const rewrapped = await rewrapDataKey(kdf, password, dataKey, vaultId, stronger)
    expect(rewrapped.kdfParams).toEqual(stronger)
    const unlocked = await unlockVaultMaterial(kdf, password, { vaultId, ...rewrapped })
    expect(unlocked.equals(dataKey)).toBe(true)
  })

  it('will not create or re-wrap with parameters below the minimum', async () => {
    const weak = { ...params, memoryKiB: 1024 }
    expect((await rejection(createVaultMaterial(kdf, password, weak))).reason).toBe('WEAK_KDF')
    const error = await rejection(
      rewrapDataKey(kdf, password, generateDataKey(), '5b0e1f9c-2f43-4c8e-9f57-0c8d7b6a1e22', weak)
    )
    expect(error.reason).toBe('WEAK_KDF')
  })

  it('refuses to wrap a data key that is not 32 bytes', async () => {
    const kek = await deriveKek(kdf, password, Buffer.alloc(16, 1), params)
    expect(() => wrapDataKey(kek, Buffer.alloc(31), 'v', params)).toThrow(
      expect.objectContaining({ reason: 'INVALID_ARGUMENT' })
    )
  })

  it('refuses a KDF that returns a key of the wrong size', async () => {
    const short: Kdf = { derive: async () => Buffer.alloc(16) }
    const error = await rejection(deriveKek(short, password, Buffer.alloc(16), params))
    expect(error.reason).toBe('INVALID_ARGUMENT')
  })
})
