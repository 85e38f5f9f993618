// Unit test of the safeStorage keyring adapter with a fake electron: async API only, backends per platform, round trips.
import { beforeEach, describe, expect, it, vi } from 'vitest'

type Backend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown'

/** The fake safeStorage's knobs and what it saw; reset before each test. */
const fake = vi.hoisted(() => ({
  available: true,
  backend: 'gnome_libsecret' as Backend,
  shouldReEncrypt: false,
  failDecrypt: false,
  encrypted: [] as string[],
  /** Calls to the deprecated synchronous API, which the adapter must never make. */
  syncCalls: [] as string[]
}))

vi.mock('electron', () => {
  const prefix = 'v11:'
  const sync = (name: string) => () => {
    fake.syncCalls.push(name)
    throw new Error(`${name} is the deprecated sync API`)
  }
  return {
    safeStorage: {
      isAsyncEncryptionAvailable: async () => fake.available,
      getSelectedStorageBackend: () => fake.backend,
      // Reversing the text behind a prefix stands in for encryption: the blob is not the plaintext.
      encryptStringAsync: async (plainText: string) => {
        fake.encrypted.push(plainText)
        return Buffer.from(prefix + [...plainText].reverse().join(''), 'utf8')
      },
      decryptStringAsync: async (encrypted: Buffer) => {
        const text = encrypted.toString('utf8')
        if (fake.failDecrypt || !text.startsWith(prefix)) throw new Error('Error while decrypting')
        return {
          result: [...text.slice(prefix.length)].reverse().join(''),
          shouldReEncrypt: fake.shouldReEncrypt
        }
      },
      isEncryptionAvailable: sync('isEncryptionAvailable'),
      encryptString: sync('encryptString'),
      decryptString: sync('decryptString'),
      setUsePlainTextEncryption: sync('setUsePlainTextEncryption')
    }
  }
})

const { createSafeStorageKeyring } = await import('../../../src-main/electron/safe-storage.keyring')

beforeEach(() => {
  Object.assign(fake, {
    available: true,
    backend: 'gnome_libsecret',
    shouldReEncrypt: false,
    failDecrypt: false,
    encrypted: [],
    syncCalls: []
  })
})

describe('createSafeStorageKeyring', () => {
  it("names Linux's selected backend, basic_text included (the vault refuses it)", async () => {
    const keyring = createSafeStorageKeyring({ platform: 'linux' })
    expect(await keyring.availability()).toEqual({ available: true, backend: 'gnome_libsecret' })
    fake.backend = 'kwallet6'
    expect(await keyring.availability()).toEqual({ available: true, backend: 'kwallet6' })
    fake.backend = 'basic_text'
    expect(await keyring.availability()).toEqual({ available: true, backend: 'basic_text' })
  })

  it('is unavailable when async encryption is, or before the Linux backend is known', async () => {
    const keyring = createSafeStorageKeyring({ platform: 'linux' })
    fake.backend = 'unknown'
    expect(await keyring.availability()).toEqual({
      available: false,
      reason: 'The system keychain is not ready yet, so Hubkeys cannot remember the vault now.'
    })
    fake.available = false
    fake.backend = 'gnome_libsecret'
    expect(await keyring.availability()).toEqual({
      available: false,
      reason: 'The system keychain is not available, so Hubkeys cannot remember the vault here.'
    })
  })

  it('names the platform keychain on macOS and Windows', async () => {
    // On these platforms the Linux-only backend call is not made, so its answer must not matter.
    fake.backend = 'unknown'
    expect(await createSafeStorageKeyring({ platform: 'darwin' }).availability()).toEqual({
      available: true,
      backend: 'keychain'
    })
    expect(await createSafeStorageKeyring({ platform: 'win32' }).availability()).toEqual({
      available: true,
      backend: 'dpapi'
    })
  })

  it('round-trips every byte value through the async string API as base64', async () => {
    const keyring = createSafeStorageKeyring({ platform: 'linux' })
    const data = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
    const blob = await keyring.wrap(data)
    expect(fake.encrypted).toEqual([data.toString('base64')])
    expect(blob.includes(data)).toBe(false)
    expect(blob.includes(Buffer.from(data.toString('base64')))).toBe(false)
    const opened = await keyring.unwrap(blob)
    expect(opened).toEqual({ data, stale: false })
    expect(fake.syncCalls).toEqual([])
  })

  it("passes on the keychain's request to re-encrypt, and its refusals", async () => {
    const keyring = createSafeStorageKeyring({ platform: 'linux' })
    const blob = await keyring.wrap(Buffer.from('abc'))
    fake.shouldReEncrypt = true
    expect(await keyring.unwrap(blob)).toEqual({ data: Buffer.from('abc'), stale: true })
    fake.failDecrypt = true
    await expect(keyring.unwrap(blob)).rejects.toThrow()
  })

  it('uses an injected safeStorage instead of the module', async () => {
    const storage = {
      isAsyncEncryptionAvailable: vi.fn(async () => true),
      getSelectedStorageBackend: vi.fn(() => 'kwallet5' as const),
      encryptStringAsync: vi.fn(async (text: string) => Buffer.from(text)),
      decryptStringAsync: vi.fn(async (blob: Buffer) => ({
        result: blob.toString(),
        shouldReEncrypt: false
      }))
    }
    const keyring = createSafeStorageKeyring({ storage, platform: 'linux' })
    expect(await keyring.availability()).toEqual({ available: true, backend: 'kwallet5' })
    await keyring.wrap(Buffer.from('xyz'))
    expect(storage.encryptStringAsync).toHaveBeenCalledWith(Buffer.from('xyz').toString('base64'))
    expect(fake.encrypted).toEqual([])
  })
})
