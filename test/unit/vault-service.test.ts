// Unit tests of the vault service through the real dispatch: create, unlock, back-off, lock, idle, re-key.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTestCore } from '../helpers/test-core'
import { createMemoryVaultStore } from '../helpers/memory-vault-store'
import { memoryPreferences } from '../../src-main/core/ports/preferences.port'
import type { PowerEvent } from '../../src-main/core/ports/power-events.port'
import type { Result } from '../../src-main/contract/result'
import { createArgon2Kdf } from '../../src-main/adapters/crypto/argon2.kdf'
import type { Kdf } from '../../src-main/core/ports/kdf.port'
import { inspectVaultRecord } from '../../src-main/core/vault/vault-inspect'
import { Secret } from '../../src-main/common/secret'

const password = 'correct horse battery staple'
const ctx = { transport: 'test' as const }

const setup = (options: { now?: () => number; idleMinutes?: number } = {}) => {
  const store = createMemoryVaultStore()
  let powerListener: ((event: PowerEvent) => void) | undefined
  const core = createTestCore({
    vaultStore: store,
    now: options.now,
    preferences: memoryPreferences({
      theme: 'system',
      idleMinutes: options.idleMinutes ?? 15,
      clipboardSeconds: 30
    }),
    power: { subscribe: (listener) => ((powerListener = listener), () => undefined) }
  })
  const call = (channel: string, payload: unknown = {}) =>
    core.dispatch(channel, payload, ctx) as Promise<Result<Record<string, unknown>>>
  const locked: unknown[] = []
  core.events.onAny((event, payload) => event === 'vault:locked' && locked.push(payload))
  return { core, store, call, locked, power: (e: PowerEvent) => powerListener?.(e) }
}

afterEach(() => vi.useRealTimers())

describe('vault service', () => {
  it('starts absent, creates, locks and unlocks', async () => {
    const { call, locked } = setup()
    expect(await call('vault:status')).toMatchObject({ ok: true, value: { state: 'absent' } })
    expect(await call('vault:create', { password })).toMatchObject({
      ok: true,
      value: { state: 'unlocked' }
    })
    expect(await call('vault:lock')).toMatchObject({ ok: true, value: { state: 'locked' } })
    expect(locked).toEqual([{ reason: 'manual' }])
    expect(await call('vault:unlock', { password })).toMatchObject({
      ok: true,
      value: { state: 'unlocked' }
    })
  })

  it('refuses a short password at the contract and a second vault', async () => {
    const { call } = setup()
    expect(await call('vault:create', { password: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' }
    })
    await call('vault:create', { password })
    expect(await call('vault:create', { password })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' }
    })
  })

  it('answers a wrong password clearly and keeps the vault', async () => {
    const { call, store } = setup()
    await call('vault:create', { password })
    await call('vault:lock')
    const before = store.readVault()
    expect(await call('vault:unlock', { password: 'wrong password!!' })).toEqual({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: 'Wrong master password.' }
    })
    expect(store.readVault()).toEqual(before)
    expect(await call('vault:unlock', { password })).toMatchObject({ ok: true })
    expect(store.readThrottle().failures).toBe(0)
  })

  it('makes each attempt after five failures wait longer, persisted in the store', async () => {
    let clock = 1_000_000
    const { call, store } = setup({ now: () => clock })
    await call('vault:create', { password })
    await call('vault:lock')
    for (let i = 0; i < 4; i++) await call('vault:unlock', { password: 'nope nope nope' })
    const fifth = await call('vault:unlock', { password: 'nope nope nope' })
    expect(fifth).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED', retryAfterSeconds: 5 }
    })
    // Even the right password waits: the back-off does not reveal whether a guess would be right.
    expect(await call('vault:unlock', { password })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryAfterSeconds: 5 }
    })
    expect(store.readThrottle().failures).toBe(5)
    clock += 5_000
    const sixth = await call('vault:unlock', { password: 'nope nope nope' })
    expect(sixth).toMatchObject({ ok: false, error: { retryAfterSeconds: 10 } })
    // A restart (a new core over the same store) keeps the wait.
    const again = createTestCore({ vaultStore: store, now: () => clock })
    expect(await again.dispatch('vault:unlock', { password }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED' }
    })
    clock += 10_000
    expect(await again.dispatch('vault:unlock', { password }, ctx)).toMatchObject({ ok: true })
  })

  it('counts wrong current passwords of a password change as failed unlocks, with the same back-off', async () => {
    let clock = 1_000_000
    const { call, store } = setup({ now: () => clock })
    await call('vault:create', { password })
    const change = (current: string) =>
      call('vault:change-password', { current, next: 'a brand new passphrase' })
    for (let i = 0; i < 4; i++) {
      expect(await change('nope nope nope')).toEqual({
        ok: false,
        error: {
          code: 'UNAUTHORIZED',
          message: 'The current master password is wrong; nothing was changed.'
        }
      })
    }
    expect(await change('nope nope nope')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED', retryAfterSeconds: 5 }
    })
    expect(store.readThrottle().failures).toBe(5)
    // While backing off even the right password is not tried, exactly as unlocking answers.
    expect(await change(password)).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryAfterSeconds: 5 }
    })
    // One count for both: locking does not open a fresh series of guesses.
    await call('vault:lock')
    expect(await call('vault:unlock', { password })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryAfterSeconds: 5 }
    })
    clock += 5_000
    expect(await call('vault:unlock', { password })).toMatchObject({ ok: true })
    expect(await change(password)).toMatchObject({ ok: true })
    expect(store.readThrottle().failures).toBe(0)
  })

  it('a password change with the right current password clears earlier failures', async () => {
    const { call, store } = setup()
    await call('vault:create', { password })
    await call('vault:change-password', { current: 'nope nope nope', next: 'another passphrase' })
    expect(store.readThrottle().failures).toBe(1)
    expect(
      await call('vault:change-password', { current: password, next: 'another passphrase' })
    ).toMatchObject({ ok: true })
    expect(store.readThrottle().failures).toBe(0)
  })

  it('answers LOCKED on other channels while locked and opens them once unlocked', async () => {
    const { core, call } = setup()
    await call('vault:create', { password })
    await call('vault:lock')
    expect(core.vault.isUnlocked()).toBe(false)
    expect(() => core.vault.readSecret('x')).toThrow(/locked/)
    expect(await call('app:info')).toMatchObject({ ok: true })
    expect(await call('prefs:get')).toMatchObject({ ok: true })
  })

  it('locks after the idle time, and activity postpones it', async () => {
    vi.useFakeTimers()
    const { call, locked } = setup({ idleMinutes: 2 })
    await call('vault:create', { password })
    vi.advanceTimersByTime(90_000)
    await call('vault:touch')
    vi.advanceTimersByTime(90_000)
    expect(locked).toEqual([])
    vi.advanceTimersByTime(31_000)
    expect(locked).toEqual([{ reason: 'idle' }])
    expect(await call('vault:status')).toMatchObject({ value: { state: 'locked' } })
  })

  it('locks on suspend and on screen lock', async () => {
    const { call, locked, power } = setup()
    await call('vault:create', { password })
    power('suspend')
    await call('vault:unlock', { password })
    power('screen-lock')
    expect(locked).toEqual([{ reason: 'suspend' }, { reason: 'screen-lock' }])
  })

  it('seals secrets bound to their id, and changing the password keeps them readable', async () => {
    const { core, call, store } = setup()
    await call('vault:create', { password })
    core.vault.putSecret('conn-1', 'connection', Secret.fromString('hub-master-key-1'))
    core.vault.putSecret('conn-2', 'connection', Secret.fromString('hub-master-key-2'))
    expect(core.vault.readSecret('conn-1').reveal()).toBe('hub-master-key-1')
    expect(Buffer.from(store.raw.secrets.get('conn-1')!.sealed).includes('hub-master-key-1')).toBe(
      false
    )

    // A record moved into another record's slot is refused.
    store.raw.secrets.set('conn-2', { ...store.raw.secrets.get('conn-1')!, id: 'conn-2' })
    expect(() => core.vault.readSecret('conn-2')).toThrow(/integrity|tampered/i)

    const salt = store.readVault()!.salt
    expect(
      await call('vault:change-password', {
        current: 'not the password',
        next: 'a brand new passphrase'
      })
    ).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
    expect(
      await call('vault:change-password', { current: password, next: 'a brand new passphrase' })
    ).toMatchObject({ ok: true })
    expect(store.readVault()!.salt).not.toEqual(salt)
    await call('vault:lock')
    expect(await call('vault:unlock', { password })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' }
    })
    expect(await call('vault:unlock', { password: 'a brand new passphrase' })).toMatchObject({
      ok: true
    })
    expect(core.vault.readSecret('conn-1').reveal()).toBe('hub-master-key-1')
  })

  it('refuses a vault whose stored KDF parameters were weakened, with a clear message', async () => {
    const { call, store } = setup()
    await call('vault:create', { password })
    await call('vault:lock')
    const params = JSON.parse(store.raw.vault!.kdfParams)
    store.raw.vault = {
      ...store.raw.vault!,
      kdfParams: JSON.stringify({ ...params, memoryKiB: 1024 })
    }
    const result = await call('vault:unlock', { password })
    expect(result).toMatchObject({ ok: false, error: { code: 'TAMPERED' } })
    store.raw.vault = { ...store.raw.vault!, kdfParams: '{not json' }
    expect(await call('vault:unlock', { password })).toMatchObject({
      ok: false,
      error: { code: 'TAMPERED' }
    })
  })

  it('refuses a row whose KDF parameters were raised past the caps, before running Argon2', async () => {
    let derived = 0
    const real = createArgon2Kdf()
    const kdf: Kdf = { derive: (...args) => ((derived += 1), real.derive(...args)) }
    const store = createMemoryVaultStore()
    const core = createTestCore({ vaultStore: store, kdf })
    const call = (channel: string, payload: unknown = {}) => core.dispatch(channel, payload, ctx)
    await call('vault:create', { password })
    await call('vault:lock')
    derived = 0
    const params = JSON.parse(store.raw.vault!.kdfParams)
    for (const raised of [
      { memoryKiB: 4 * 1024 * 1024 },
      { iterations: 1_000_000 },
      { parallelism: 255 }
    ]) {
      store.raw.vault = {
        ...store.raw.vault!,
        kdfParams: JSON.stringify({ ...params, ...raised })
      }
      expect(await call('vault:unlock', { password })).toEqual({
        ok: false,
        error: {
          code: 'TAMPERED',
          message:
            "The vault's key-derivation settings ask for more than Hubkeys allows (at most 1 GiB of memory, 10 passes and 16 lanes); the vault has been corrupted or tampered with."
        }
      })
      // `hubkeys status` inspects the row without the password and says the same.
      expect(() => inspectVaultRecord(store.raw.vault!)).toThrow(/at most 1 GiB/)
    }
    expect(derived).toBe(0)
    // Tampering is not a wrong password: it does not count towards the back-off.
    expect(store.readThrottle().failures).toBe(0)
  })
})
