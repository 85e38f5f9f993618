// Tamper tests for sealed records: flipped bytes, wrong version, truncation, records moved between slots; runs in vitest (node).
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  VaultError,
  open,
  recordAad,
  seal,
  sealedOverheadBytes,
  zeroize
} from '../../../src-main/core/vault/vault-crypto'

const key = Buffer.alloc(32, 7)
const vaultId = '5b0e1f9c-2f43-4c8e-9f57-0c8d7b6a1e22'
const secret = Buffer.from('sk_live_known_secret_value_0123456789', 'utf8')
const aad = recordAad(vaultId, 'rec-1', 1)

/** Runs fn and returns the thrown VaultError, failing the test for anything else. */
const vaultErrorOf = (fn: () => unknown): VaultError => {
  try {
    fn()
  } catch (caught) {
    if (caught instanceof VaultError) return caught
    throw new Error(`expected a VaultError, got ${String(caught)}`)
  }
  throw new Error('expected a VaultError, nothing was thrown')
}

const flip = (blob: Buffer, index: number, mask = 0x01): Buffer => {
  const copy = Buffer.from(blob)
  copy[index] = (copy[index] ?? 0) ^ mask
  return copy
}

describe('seal and open', () => {
  it('round-trips and uses a fresh nonce every time', () => {
    const a = seal(key, secret, aad)
    const b = seal(key, secret, aad)
    expect(a.length).toBe(sealedOverheadBytes + secret.length)
    expect(a.subarray(1, 13).equals(b.subarray(1, 13))).toBe(false)
    expect(open(key, a, aad).equals(secret)).toBe(true)
    expect(open(key, b, aad).equals(secret)).toBe(true)
  })

  it('does not contain the plaintext', () => {
    expect(seal(key, secret, aad).includes(secret)).toBe(false)
  })

  it.each([
    ['the version byte', 0],
    ['the nonce', 5],
    ['the ciphertext', 1 + 12 + 3],
    ['the tag', -1]
  ])('refuses a flipped bit in %s as TAMPERED', (_where, at) => {
    const sealed = seal(key, secret, aad)
    const error = vaultErrorOf(() => open(key, flip(sealed, at < 0 ? sealed.length + at : at), aad))
    expect(error.reason).toBe('TAMPERED')
    expect(error.code).toBe('TAMPERED')
    expect(error.message).toBe(
      'Stored vault data failed its integrity check; it has been corrupted or tampered with.'
    )
    expect(error.message).not.toContain(secret.toString('utf8'))
  })

  it('refuses an unknown version byte even when everything else is intact', () => {
    const sealed = seal(key, secret, aad)
    sealed[0] = 0x02
    expect(vaultErrorOf(() => open(key, sealed, aad)).reason).toBe('TAMPERED')
  })

  it.each([0, 1, 13, sealedOverheadBytes - 1])('refuses a blob truncated to %i bytes', (length) => {
    const sealed = seal(key, secret, aad)
    expect(vaultErrorOf(() => open(key, sealed.subarray(0, length), aad)).reason).toBe('TAMPERED')
  })

  it('refuses a blob missing its last byte or with a byte appended', () => {
    const sealed = seal(key, secret, aad)
    expect(vaultErrorOf(() => open(key, sealed.subarray(0, -1), aad)).reason).toBe('TAMPERED')
    expect(
      vaultErrorOf(() => open(key, Buffer.concat([sealed, Buffer.from([0])]), aad)).reason
    ).toBe('TAMPERED')
  })

  it('refuses a non-buffer blob without crashing', () => {
    expect(vaultErrorOf(() => open(key, 'abc' as unknown as Buffer, aad)).reason).toBe('TAMPERED')
  })

  it('refuses the wrong key', () => {
    const other = Buffer.alloc(32, 8)
    expect(vaultErrorOf(() => open(other, seal(key, secret, aad), aad)).reason).toBe('TAMPERED')
  })

  it('refuses keys that are not 32 bytes as a bug, not as tampering', () => {
    const error = vaultErrorOf(() => seal(Buffer.alloc(16), secret, aad))
    expect(error.reason).toBe('INVALID_ARGUMENT')
    expect(error.code).toBe('INTERNAL')
  })
})

describe('record binding', () => {
  it('is vaultId|recordId|version in UTF-8', () => {
    expect(recordAad(vaultId, 'rec-1', 3).toString('utf8')).toBe(`${vaultId}|rec-1|3`)
    expect(recordAad(vaultId, 42, 0).toString('utf8')).toBe(`${vaultId}|42|0`)
  })

  it.each([
    ['another record', recordAad(vaultId, 'rec-2', 1)],
    ['another version of the same record', recordAad(vaultId, 'rec-1', 2)],
    [
      'the same record in another vault',
      recordAad('0d4c6a8e-1111-4b2a-8c3d-9e8f7a6b5c4d', 'rec-1', 1)
    ],
    ['no binding at all', Buffer.alloc(0)]
  ])('refuses a record moved to %s', (_where, otherAad) => {
    const sealed = seal(key, secret, aad)
    expect(vaultErrorOf(() => open(key, sealed, otherAad)).reason).toBe('TAMPERED')
  })

  it.each([
    ['a separator in the record id', () => recordAad(vaultId, 'a|b', 1)],
    ['a separator in the vault id', () => recordAad('x|y', 'b', 1)],
    ['an empty record id', () => recordAad(vaultId, '', 1)],
    ['a negative version', () => recordAad(vaultId, 'a', -1)],
    ['a fractional version', () => recordAad(vaultId, 'a', 1.5)],
    ['a fractional numeric id', () => recordAad(vaultId, 1.5, 1)]
  ])('refuses %s, which could make two slots share a binding', (_what, fn) => {
    expect(vaultErrorOf(fn).reason).toBe('INVALID_ARGUMENT')
  })
})

describe('tampering, property-based', () => {
  const keyArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b))
  const bytesArb = fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b))

  it('round-trips any plaintext and AAD', () => {
    fc.assert(
      fc.property(keyArb, bytesArb, bytesArb, (k, plaintext, a) => {
        expect(open(k, seal(k, plaintext, a), a).equals(plaintext)).toBe(true)
      }),
      { numRuns: 200 }
    )
  })

  it('refuses any single changed byte as TAMPERED', () => {
    fc.assert(
      fc.property(
        keyArb,
        bytesArb,
        bytesArb,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (k, plaintext, a, position, mask) => {
          const sealed = seal(k, plaintext, a)
          const tampered = flip(sealed, position % sealed.length, mask)
          expect(vaultErrorOf(() => open(k, tampered, a)).reason).toBe('TAMPERED')
        }
      ),
      { numRuns: 300 }
    )
  })

  it('refuses any truncation as TAMPERED', () => {
    fc.assert(
      fc.property(keyArb, bytesArb, bytesArb, fc.nat(), (k, plaintext, a, cut) => {
        const sealed = seal(k, plaintext, a)
        const truncated = sealed.subarray(0, cut % sealed.length)
        expect(vaultErrorOf(() => open(k, truncated, a)).reason).toBe('TAMPERED')
      }),
      { numRuns: 200 }
    )
  })
})

describe('zeroize', () => {
  it('overwrites the buffer with zeros and tolerates nothing', () => {
    const buffer = Buffer.from(secret)
    zeroize(buffer)
    expect(buffer.equals(Buffer.alloc(secret.length))).toBe(true)
    expect(() => zeroize(undefined)).not.toThrow()
    expect(() => zeroize(null)).not.toThrow()
  })
})
