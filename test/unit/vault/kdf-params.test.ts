// Tests the checks on KDF parameters read from disk (weakened, unknown or absurd values); runs in vitest (node).
import { describe, expect, it } from 'vitest'
import {
  checkKdfParams,
  defaultKdfParams,
  maximumKdfParams,
  minimumKdfParams
} from '../../../src-main/core/ports/kdf.port'
import { VaultError } from '../../../src-main/core/ports/vault-error'
import { canonicalKdfParamsJson } from '../../../src-main/core/vault/vault-crypto'

const reasonOf = (fn: () => unknown): string | undefined => {
  try {
    fn()
  } catch (caught) {
    return caught instanceof VaultError ? caught.reason : `not a VaultError: ${String(caught)}`
  }
  return undefined
}

describe('checkKdfParams', () => {
  it('accepts the defaults and the minimum, returning a copy', () => {
    expect(checkKdfParams(defaultKdfParams)).toEqual(defaultKdfParams)
    expect(checkKdfParams(minimumKdfParams)).toEqual(minimumKdfParams)
    expect(checkKdfParams(defaultKdfParams)).not.toBe(defaultKdfParams)
    expect(defaultKdfParams).toEqual({
      algorithm: 'argon2id',
      version: 19,
      memoryKiB: 65536,
      iterations: 3,
      parallelism: 4
    })
    expect(minimumKdfParams).toMatchObject({ memoryKiB: 19456, iterations: 2, parallelism: 1 })
  })

  it('accepts the maximum: 1 GiB, 10 passes, 16 lanes', () => {
    expect(maximumKdfParams).toEqual({ memoryKiB: 1024 * 1024, iterations: 10, parallelism: 16 })
    expect(() => checkKdfParams({ ...minimumKdfParams, ...maximumKdfParams })).not.toThrow()
  })

  it('names the caps when a value is above them', () => {
    expect(() => checkKdfParams({ ...defaultKdfParams, iterations: 1000 })).toThrow(
      /at most 1 GiB of memory, 10 passes and 16 lanes.*tampered/
    )
  })

  it.each([
    ['memory', { memoryKiB: 19455 }],
    ['memory', { memoryKiB: 8 }],
    ['iterations', { iterations: 1 }],
    ['parallelism', { parallelism: 0 }],
    ['iterations', { iterations: -5 }]
  ])('refuses weakened %s %o as WEAK_KDF', (_what, change) => {
    expect(reasonOf(() => checkKdfParams({ ...minimumKdfParams, ...change }))).toBe('WEAK_KDF')
  })

  it.each([
    ['an unknown algorithm', { algorithm: 'argon2i' }],
    ['an unknown version', { version: 16 }],
    ['memory above 1 GiB', { memoryKiB: 1024 * 1024 + 1 }],
    ['memory of 4 GiB', { memoryKiB: 4 * 1024 * 1024 }],
    ['iterations above 10', { iterations: 11 }],
    ['parallelism above 16', { parallelism: 17 }],
    ['a fractional value', { iterations: 2.5 }],
    ['NaN', { memoryKiB: Number.NaN }],
    ['Infinity', { memoryKiB: Number.POSITIVE_INFINITY }],
    ['a numeric string', { memoryKiB: '65536' }],
    ['an extra field', { secret: 'x' }],
    ['a missing field', { parallelism: undefined }]
  ])('refuses %s as BAD_KDF', (_what, change) => {
    expect(reasonOf(() => checkKdfParams({ ...defaultKdfParams, ...change }))).toBe('BAD_KDF')
  })

  it.each([null, undefined, 'argon2id', 42, []])('refuses %o as BAD_KDF', (value) => {
    expect(reasonOf(() => checkKdfParams(value))).toBe('BAD_KDF')
  })

  it('explains itself in one sentence and maps to the TAMPERED contract code', () => {
    try {
      checkKdfParams({ ...minimumKdfParams, iterations: 1 })
      expect.unreachable()
    } catch (caught) {
      expect(caught).toBeInstanceOf(VaultError)
      const error = caught as VaultError
      expect(error.code).toBe('TAMPERED')
      expect(error.message).toMatch(
        /^The vault's key-derivation settings are weaker than Hubkeys allows/
      )
    }
  })
})

describe('canonicalKdfParamsJson', () => {
  it('gives the same bytes whatever the key order', () => {
    const shuffled = {
      parallelism: 4,
      iterations: 3,
      memoryKiB: 65536,
      version: 19,
      algorithm: 'argon2id'
    }
    expect(canonicalKdfParamsJson(shuffled)).toBe(canonicalKdfParamsJson(defaultKdfParams))
    expect(canonicalKdfParamsJson(defaultKdfParams)).toBe(
      '{"algorithm":"argon2id","version":19,"memoryKiB":65536,"iterations":3,"parallelism":4}'
    )
  })
})
