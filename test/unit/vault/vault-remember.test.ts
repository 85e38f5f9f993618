// Unit tests of "remember on this device" through the real dispatch with a fake OS keychain: enable, unlock, refusals, forgetting.
import { describe, expect, it } from 'vitest'
import type { Result } from '../../../src-main/contract/result'
import type {
  DeviceKeyring,
  KeyringAvailability
} from '../../../src-main/core/ports/device-keyring.port'
import type { Logger } from '../../../src-main/core/ports/logger.port'
import { Secret } from '../../../src-main/common/secret'
import { createMemoryVaultStore } from '../../helpers/memory-vault-store'
import { createTestCore } from '../../helpers/test-core'

const password = 'correct horse battery staple'
const ctx = { transport: 'test' as const }
const marker = Buffer.from('fake-keyring:')

/**
 * A keychain that "encrypts" by flipping bits behind a marker; enough to tell wrapped from plain.
 * Tests change its backend, make it unavailable or failing, and see what it was given.
 */
const createFakeKeyring = () => {
  const state = {
    availability: { available: true, backend: 'gnome_libsecret' } as KeyringAvailability,
    failUnwrap: false,
    failWrap: false,
    /** The next unwrap says the keychain rotated its key. */
    staleOnce: false,
    /** Each wrap gets a new generation byte, so a re-wrap is visible in the stored blob. */
    generation: 0,
    /** Copies of what wrap was given (the originals are wiped by the vault) and the originals. */
    wrappedCopies: [] as Buffer[],
    wrappedOriginals: [] as Buffer[],
    unwraps: 0
  }
  const flip = (bytes: Uint8Array) => Buffer.from(bytes.map((byte) => byte ^ 0x5a))
  const keyring: DeviceKeyring = {
    availability: async () => state.availability,
    async wrap(data) {
      if (state.failWrap) throw new Error('keychain refused')
      state.wrappedOriginals.push(data)
      state.wrappedCopies.push(Buffer.from(data))
      state.generation += 1
      return Buffer.concat([marker, Buffer.from([state.generation]), flip(data)])
    },
    async unwrap(blob) {
      state.unwraps += 1
      if (state.failUnwrap || !blob.subarray(0, marker.length).equals(marker)) {
        throw new Error('keychain could not decrypt')
      }
      const stale = state.staleOnce
      state.staleOnce = false
      return { data: flip(blob.subarray(marker.length + 1)), stale }
    }
  }
  return { keyring, state }
}

const setup = (options: { keyring?: DeviceKeyring | null } = {}) => {
  const store = createMemoryVaultStore()
  const fake = createFakeKeyring()
  const logs: { message: string; fields?: Record<string, unknown> }[] = []
  const logger: Logger = { log: (_level, message, fields) => logs.push({ message, fields }) }
  const keyring = options.keyring === null ? undefined : (options.keyring ?? fake.keyring)
  const core = createTestCore({ vaultStore: store, logger, keyring })
  const call = (channel: string, payload: unknown = {}) =>
    core.dispatch(channel, payload, ctx) as Promise<Result<Record<string, unknown>>>
  return { core, store, call, fake, logs }
}

/** A vault created and remembered, then locked, as at the next start of the app. */
const rememberedAndLocked = async (s: ReturnType<typeof setup>) => {
  await s.call('vault:create', { password })
  s.core.vault.putSecret('conn-1', 'connection', Secret.fromString('hub-master-key-1'))
  expect(await s.call('vault:remember', { enabled: true, password })).toMatchObject({
    ok: true,
    value: { state: 'unlocked', remembered: true, rememberAvailable: true }
  })
  expect(await s.call('vault:lock')).toMatchObject({ ok: true, value: { state: 'locked' } })
}

describe('remember on this device', () => {
  it('says it is available once unlocked, and not before asking the keychain', async () => {
    const s = setup()
    expect(await s.call('vault:status')).toMatchObject({
      value: { state: 'absent', remembered: false, rememberAvailable: false }
    })
    await s.call('vault:create', { password })
    expect(await s.call('vault:status')).toMatchObject({
      value: { state: 'unlocked', remembered: false, rememberAvailable: true }
    })
  })

  it('wraps the data key with the keychain, wipes its copy, and unlocks with it after a lock', async () => {
    const s = setup()
    await s.call('vault:create', { password })
    // A failure in a row before: a remembered unlock resets the back-off like a password does.
    await s.call('vault:lock')
    await s.call('vault:unlock', { password: 'not the password at all' })
    expect(s.store.readThrottle().failures).toBe(1)
    await s.call('vault:unlock', { password })
    s.core.vault.putSecret('conn-1', 'connection', Secret.fromString('hub-master-key-1'))
    await s.call('vault:remember', { enabled: true, password })
    await s.call('vault:lock')
    await s.call('vault:unlock', { password: 'not the password at all' })
    expect(s.store.readThrottle().failures).toBe(1)

    const stored = s.store.readVault()!.remembered!
    expect(stored.backend).toBe('gnome_libsecret')
    const [payload] = s.fake.state.wrappedCopies
    expect(payload).toHaveLength(65)
    expect(Buffer.from(stored.blob).includes(payload!.subarray(1, 33))).toBe(false)
    // The vault wiped the buffer it handed over once the keychain had wrapped it.
    expect(s.fake.state.wrappedOriginals[0]!.every((byte) => byte === 0)).toBe(true)

    expect(await s.call('vault:status')).toMatchObject({
      value: { state: 'locked', remembered: true }
    })
    expect(await s.call('vault:unlock-remembered')).toMatchObject({
      ok: true,
      value: { state: 'unlocked', remembered: true, failures: 0 }
    })
    expect(s.core.vault.readSecret('conn-1').reveal()).toBe('hub-master-key-1')
    // Asked again while unlocked, it is a no-op.
    expect(await s.call('vault:unlock-remembered')).toMatchObject({ ok: true })
    expect(s.fake.state.unwraps).toBe(1)
  })

  it('never logs the data key', async () => {
    const s = setup()
    await rememberedAndLocked(s)
    await s.call('vault:unlock-remembered')
    const key = s.fake.state.wrappedCopies[0]!.subarray(1, 33)
    const logged = JSON.stringify(s.logs)
    for (const form of [key.toString('hex'), key.toString('base64'), key.toString('base64url')]) {
      expect(logged.includes(form)).toBe(false)
    }
    expect(s.logs.map((entry) => entry.message)).toContain('vault remembered on this device')
  })

  it('needs the vault unlocked to turn remembering on, but unlocks with it while locked', async () => {
    const s = setup()
    await rememberedAndLocked(s)
    expect(await s.call('vault:remember', { enabled: true, password })).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' }
    })
    expect(await s.call('vault:remember', { enabled: false })).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' }
    })
    expect(s.store.readVault()!.remembered).not.toBeNull()
    expect(await s.call('vault:unlock-remembered')).toMatchObject({ ok: true })
  })

  it('forgets the key and asks for the master password when the keychain backend changed', async () => {
    const s = setup()
    await rememberedAndLocked(s)
    s.fake.state.availability = { available: true, backend: 'kwallet5' }
    const result = await s.call('vault:unlock-remembered')
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'UNAUTHORIZED',
        message:
          'The system keychain has changed since this device remembered the vault, so it was forgotten; enter the master password.'
      }
    })
    expect(s.store.readVault()!.remembered).toBeNull()
    expect(s.fake.state.unwraps).toBe(0)
    expect(await s.call('vault:status')).toMatchObject({
      value: { state: 'locked', remembered: false }
    })
    expect(await s.call('vault:unlock', { password })).toMatchObject({ ok: true })
    expect(s.core.vault.readSecret('conn-1').reveal()).toBe('hub-master-key-1')
  })

  it('forgets the key when the backend fell back to basic_text', async () => {
    const s = setup()
    await rememberedAndLocked(s)
    s.fake.state.availability = { available: true, backend: 'basic_text' }
    expect(await s.call('vault:unlock-remembered')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' }
    })
    expect(s.store.readVault()!.remembered).toBeNull()
  })

  it('forgets the key when the keychain cannot open it, or opens it to the wrong bytes', async () => {
    const s = setup()
    await rememberedAndLocked(s)
    s.fake.state.failUnwrap = true
    expect(await s.call('vault:unlock-remembered')).toEqual({
      ok: false,
      error: {
        code: 'UNAUTHORIZED',
        message:
          'The system keychain could not open the remembered vault key, so it was forgotten; enter the master password.'
      }
    })
    expect(s.store.readVault()!.remembered).toBeNull()

    // A backend that decrypts without authenticating hands back garbage for a damaged blob.
    s.fake.state.failUnwrap = false
    await s.call('vault:unlock', { password })
    await s.call('vault:remember', { enabled: true, password })
    await s.call('vault:lock')
    const row = s.store.raw.vault!
    const blob = Buffer.from(row.remembered!.blob)
    blob[blob.length - 1]! ^= 0x01
    s.store.raw.vault = { ...row, remembered: { backend: row.remembered!.backend, blob } }
    expect(await s.call('vault:unlock-remembered')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' }
    })
    expect(s.store.readVault()!.remembered).toBeNull()
    expect(s.core.vault.isUnlocked()).toBe(false)
  })

  it('refuses a key remembered for another vault', async () => {
    const first = setup()
    await rememberedAndLocked(first)
    const second = setup({ keyring: first.fake.keyring })
    await second.call('vault:create', { password })
    await second.call('vault:lock')
    second.store.raw.vault = {
      ...second.store.raw.vault!,
      remembered: first.store.readVault()!.remembered
    }
    expect(await second.call('vault:unlock-remembered')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' }
    })
    expect(second.core.vault.isUnlocked()).toBe(false)
  })

  it('keeps the key but asks for the password while the keychain is unavailable', async () => {
    const s = setup()
    await rememberedAndLocked(s)
    s.fake.state.availability = { available: false, reason: 'The system keychain is locked.' }
    expect(await s.call('vault:unlock-remembered')).toEqual({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        message: 'The system keychain is not available right now; enter the master password.'
      }
    })
    expect(s.store.readVault()!.remembered).not.toBeNull()
    s.fake.state.availability = { available: true, backend: 'gnome_libsecret' }
    expect(await s.call('vault:unlock-remembered')).toMatchObject({ ok: true })
  })

  it('refuses to remember when the keychain is unavailable, and says why', async () => {
    const s = setup()
    s.fake.state.availability = { available: false, reason: 'The system keychain is locked.' }
    await s.call('vault:create', { password })
    expect(await s.call('vault:status')).toMatchObject({ value: { rememberAvailable: false } })
    expect(await s.call('vault:remember', { enabled: true, password })).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'The system keychain is locked.' }
    })
    expect(s.store.readVault()!.remembered).toBeNull()
    expect(s.fake.state.wrappedCopies).toEqual([])
  })

  it('refuses the basic_text backend with a clear sentence', async () => {
    const s = setup()
    s.fake.state.availability = { available: true, backend: 'basic_text' }
    await s.call('vault:create', { password })
    expect(await s.call('vault:status')).toMatchObject({ value: { rememberAvailable: false } })
    expect(await s.call('vault:remember', { enabled: true, password })).toEqual({
      ok: false,
      error: {
        code: 'UNSUPPORTED',
        message:
          "This system has no keychain that really encrypts (only Electron's basic_text store), so Hubkeys will not remember the vault on this device."
      }
    })
    expect(s.store.readVault()!.remembered).toBeNull()
    expect(s.fake.state.wrappedCopies).toEqual([])
  })

  it('says so when the keychain fails to wrap, and stores nothing', async () => {
    const s = setup()
    s.fake.state.failWrap = true
    await s.call('vault:create', { password })
    expect(await s.call('vault:remember', { enabled: true, password })).toEqual({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        message: "The system keychain could not encrypt the vault's key; nothing was remembered."
      }
    })
    expect(s.store.readVault()!.remembered).toBeNull()
  })

  it('forgets the key when turned off', async () => {
    const s = setup()
    await rememberedAndLocked(s)
    await s.call('vault:unlock', { password })
    expect(await s.call('vault:remember', { enabled: false })).toMatchObject({
      ok: true,
      value: { remembered: false, rememberAvailable: true }
    })
    expect(s.store.readVault()!.remembered).toBeNull()
    await s.call('vault:lock')
    expect(await s.call('vault:unlock-remembered')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' }
    })
  })

  it('keeps working after the master password changes: the data key is the same', async () => {
    const s = setup()
    await rememberedAndLocked(s)
    await s.call('vault:unlock', { password })
    const blob = s.store.readVault()!.remembered!.blob
    expect(
      await s.call('vault:change-password', { current: password, next: 'a brand new passphrase' })
    ).toMatchObject({ ok: true, value: { remembered: true } })
    expect(s.store.readVault()!.remembered!.blob).toEqual(blob)
    await s.call('vault:lock')
    expect(await s.call('vault:unlock-remembered')).toMatchObject({ ok: true })
    expect(s.core.vault.readSecret('conn-1').reveal()).toBe('hub-master-key-1')
    await s.call('vault:lock')
    expect(await s.call('vault:unlock', { password })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' }
    })
    expect(await s.call('vault:unlock', { password: 'a brand new passphrase' })).toMatchObject({
      ok: true
    })
  })

  it('stores the key wrapped again when the keychain says its key was rotated', async () => {
    const s = setup()
    await rememberedAndLocked(s)
    const before = Buffer.from(s.store.readVault()!.remembered!.blob)
    s.fake.state.staleOnce = true
    expect(await s.call('vault:unlock-remembered')).toMatchObject({ ok: true })
    const after = Buffer.from(s.store.readVault()!.remembered!.blob)
    expect(after.equals(before)).toBe(false)
    expect(s.fake.state.wrappedCopies).toHaveLength(2)
    await s.call('vault:lock')
    expect(await s.call('vault:unlock-remembered')).toMatchObject({ ok: true })
    expect(s.core.vault.readSecret('conn-1').reveal()).toBe('hub-master-key-1')
  })

  it('without a keychain (web mode, CLI): never available, a stored key left alone for the desktop', async () => {
    const desktop = setup()
    await rememberedAndLocked(desktop)
    const web = setup({ keyring: null })
    await web.call('vault:create', { password })
    expect(await web.call('vault:status')).toMatchObject({
      value: { remembered: false, rememberAvailable: false }
    })
    expect(await web.call('vault:remember', { enabled: true, password })).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED' }
    })
    await web.call('vault:lock')
    const stored = { backend: 'gnome_libsecret', blob: Buffer.from('from the desktop app') }
    web.store.setRemembered(web.store.readVault()!.vaultId, stored)
    expect(await web.call('vault:status')).toMatchObject({ value: { remembered: false } })
    expect(await web.call('vault:unlock-remembered')).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED' }
    })
    expect(web.store.readVault()!.remembered).toEqual(stored)
  })

  it('asks for the master password to turn on, and refuses without it or with a wrong one', async () => {
    const s = setup()
    await s.call('vault:create', { password })
    expect(await s.call('vault:remember', { enabled: true })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' }
    })
    expect(await s.call('vault:remember', { enabled: true, password: '' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' }
    })
    // Turning off carries no password, and a stray one is refused rather than ignored.
    expect(await s.call('vault:remember', { enabled: false, password })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' }
    })
    expect(
      await s.call('vault:remember', { enabled: true, password: 'not the password at all' })
    ).toEqual({
      ok: false,
      error: {
        code: 'UNAUTHORIZED',
        message: 'The master password is wrong; nothing was remembered.'
      }
    })
    expect(s.store.readVault()!.remembered).toBeNull()
    expect(s.fake.state.wrappedCopies).toHaveLength(0)
    expect(s.store.readThrottle().failures).toBe(1)
    // The right one clears the count and remembers.
    expect(await s.call('vault:remember', { enabled: true, password })).toMatchObject({
      ok: true,
      value: { remembered: true }
    })
    expect(s.store.readThrottle().failures).toBe(0)
  })

  it('goes through the unlock back-off: wrong passwords count, and while waiting nothing is tried', async () => {
    let clock = 5_000_000
    const store = createMemoryVaultStore()
    const fake = createFakeKeyring()
    const core = createTestCore({ vaultStore: store, keyring: fake.keyring, now: () => clock })
    const call = (channel: string, payload: unknown = {}) => core.dispatch(channel, payload, ctx)
    await call('vault:create', { password })
    const wrong = { enabled: true, password: 'guess guess guess' }
    for (let i = 0; i < 4; i++) await call('vault:remember', wrong)
    expect(await call('vault:remember', wrong)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED', retryAfterSeconds: 5 }
    })
    expect(await call('vault:remember', { enabled: true, password })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryAfterSeconds: 5 }
    })
    expect(store.readVault()!.remembered).toBeNull()
    expect(fake.state.wrappedCopies).toHaveLength(0)
    clock += 5_000
    expect(await call('vault:remember', { enabled: true, password })).toMatchObject({ ok: true })
    expect(store.readVault()!.remembered).not.toBeNull()
  })
})
