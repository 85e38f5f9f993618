// Known-answer tests for the vault's AES-256-GCM layer against the GCM specification's vectors; runs in vitest (node).
import { describe, expect, it } from 'vitest'
import {
  gcmDecrypt,
  gcmEncrypt,
  open,
  sealWithNonce,
  sealedFormatVersion
} from '../../../src-main/core/vault/vault-crypto'

const hex = (s: string): Buffer => Buffer.from(s, 'hex')

// McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", test cases 13 to 16 (AES-256,
// 96-bit IV); the same vectors appear in NIST's GCM validation material.
const k15 = 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308'
const iv15 = 'cafebabefacedbaddecaf888'
const p15 =
  'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72' +
  '1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255'
const c15 =
  '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa' +
  '8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad'
const vectors = [
  {
    name: 'test case 13 (empty)',
    key: '00'.repeat(32),
    iv: '00'.repeat(12),
    p: '',
    a: '',
    c: '',
    t: '530f8afbc74536b9a963b4f1c4cb738b'
  },
  {
    name: 'test case 14 (one block)',
    key: '00'.repeat(32),
    iv: '00'.repeat(12),
    p: '00'.repeat(16),
    a: '',
    c: 'cea7403d4d606b6e074ec5d3baf39d18',
    t: 'd0d1c8a799996bf0265b98b5d48ab919'
  },
  {
    name: 'test case 15 (four blocks)',
    key: k15,
    iv: iv15,
    p: p15,
    a: '',
    c: c15,
    t: 'b094dac5d93471bdec1a502270e3cc6c'
  },
  {
    name: 'test case 16 (partial block and AAD)',
    key: k15,
    iv: iv15,
    p: p15.slice(0, 120),
    a: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
    c: c15.slice(0, 120),
    t: '76fc6ece0f4e1768cddf8853bb2d551b'
  }
]

describe('AES-256-GCM known answers', () => {
  it.each(vectors)('encrypts $name', (v) => {
    const { ciphertext, tag } = gcmEncrypt(hex(v.key), hex(v.iv), hex(v.p), hex(v.a))
    expect(ciphertext.toString('hex')).toBe(v.c)
    expect(tag.toString('hex')).toBe(v.t)
  })

  it.each(vectors)('decrypts $name', (v) => {
    expect(gcmDecrypt(hex(v.key), hex(v.iv), hex(v.c), hex(v.t), hex(v.a)).toString('hex')).toBe(
      v.p
    )
  })

  it.each(vectors)('refuses $name with a changed tag', (v) => {
    const tag = hex(v.t)
    tag[15] = (tag[15] ?? 0) ^ 0x01
    expect(() => gcmDecrypt(hex(v.key), hex(v.iv), hex(v.c), tag, hex(v.a))).toThrow(
      expect.objectContaining({ reason: 'TAMPERED' })
    )
  })

  it('refuses a truncated tag instead of checking fewer bytes', () => {
    const v = vectors[3]!
    expect(() =>
      gcmDecrypt(hex(v.key), hex(v.iv), hex(v.c), hex(v.t).subarray(0, 12), hex(v.a))
    ).toThrow(expect.objectContaining({ reason: 'TAMPERED' }))
  })
})

describe('sealed format', () => {
  const v = vectors[3]!
  const aad = hex(v.a)
  const sealed = sealWithNonce(hex(v.key), hex(v.iv), hex(v.p), aad)

  it('is version byte, nonce, the GCM ciphertext, then a 16-byte tag', () => {
    expect(sealed.length).toBe(1 + 12 + 60 + 16)
    expect(sealed[0]).toBe(sealedFormatVersion)
    expect(sealed.subarray(1, 13).toString('hex')).toBe(v.iv)
    // GCM's ciphertext does not depend on the AAD, so the vector's C appears unchanged.
    expect(sealed.subarray(13, 73).toString('hex')).toBe(v.c)
  })

  it('authenticates the version byte with the AAD, so its tag differs from plain GCM', () => {
    const tag = sealed.subarray(73)
    expect(tag.toString('hex')).not.toBe(v.t)
    const expected = gcmEncrypt(
      hex(v.key),
      hex(v.iv),
      hex(v.p),
      Buffer.concat([Buffer.from([1]), aad])
    )
    expect(tag.equals(expected.tag)).toBe(true)
  })

  it('opens back to the plaintext', () => {
    expect(open(hex(v.key), sealed, aad).toString('hex')).toBe(v.p)
  })
})
