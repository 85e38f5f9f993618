// Known-answer tests for the Argon2id KDF adapter against the reference implementation's vectors; runs in vitest (node).
import { describe, expect, it } from 'vitest'
import { createArgon2Kdf } from '../../../src-main/adapters/crypto/argon2.kdf'
import { checkKdfParams, type KdfParams } from '../../../src-main/core/ports/kdf.port'

// Argon2id, version 0x13, no secret and no associated data, 32-byte output: the vectors in
// phc-winner-argon2's src/test.c (hashtest calls for Argon2_id; m is given there as log2 KiB).
// RFC 9106's own Argon2id vector uses a secret and associated data, which the port does not take.
const vectors: Array<{
  password: string
  salt: string
  t: number
  m: number
  p: number
  hex: string
}> = [
  {
    password: 'password',
    salt: 'somesalt',
    t: 2,
    m: 65536,
    p: 1,
    hex: '09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7'
  },
  {
    password: 'password',
    salt: 'somesalt',
    t: 1,
    m: 65536,
    p: 1,
    hex: 'f6a5adc1ba723dddef9b5ac1d464e180fcd9dffc9d1cbf76cca2fed795d9ca98'
  },
  {
    password: 'password',
    salt: 'somesalt',
    t: 4,
    m: 65536,
    p: 1,
    hex: '9025d48e68ef7395cca9079da4c4ec3affb3c8911fe4f86d1a2520856f63172c'
  },
  {
    password: 'differentpassword',
    salt: 'somesalt',
    t: 2,
    m: 65536,
    p: 1,
    hex: '0b84d652cf6b0c4beaef0dfe278ba6a80df6696281d7e0d2891b817d8c458fde'
  },
  {
    password: 'password',
    salt: 'diffsalt',
    t: 2,
    m: 65536,
    p: 1,
    hex: 'bdf32b05ccc42eb15d58fd19b1f856b113da1e9a5874fdcc544308565aa8141c'
  },
  // Small-memory vectors, below what the vault accepts, to exercise two lanes cheaply; the adapter
  // itself does not judge parameters (deriveKek does).
  {
    password: 'password',
    salt: 'somesalt',
    t: 2,
    m: 256,
    p: 1,
    hex: '9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe'
  },
  {
    password: 'password',
    salt: 'somesalt',
    t: 2,
    m: 256,
    p: 2,
    hex: '6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037'
  }
]

const params = (m: number, t: number, p: number): KdfParams => ({
  algorithm: 'argon2id',
  version: 19,
  memoryKiB: m,
  iterations: t,
  parallelism: p
})

describe('Argon2id KDF adapter', () => {
  const kdf = createArgon2Kdf()

  it.each(vectors)(
    'matches the reference vector t=$t m=$m p=$p for "$password"/"$salt"',
    async (v) => {
      const out = await kdf.derive(v.password, Buffer.from(v.salt, 'utf8'), params(v.m, v.t, v.p))
      expect(out).toBeInstanceOf(Buffer)
      expect(out.toString('hex')).toBe(v.hex)
    }
  )

  it('the main reference vector is also acceptable vault parameters', () => {
    expect(() => checkKdfParams(params(65536, 2, 1))).not.toThrow()
  })

  it('refuses an algorithm or version it would otherwise silently reinterpret', async () => {
    const salt = Buffer.from('somesalt')
    await expect(
      kdf.derive('password', salt, {
        ...params(256, 2, 1),
        algorithm: 'argon2i'
      } as unknown as KdfParams)
    ).rejects.toThrow(/only derives Argon2id/)
    await expect(
      kdf.derive('password', salt, { ...params(256, 2, 1), version: 16 } as unknown as KdfParams)
    ).rejects.toThrow(/only derives Argon2id/)
  })
})
