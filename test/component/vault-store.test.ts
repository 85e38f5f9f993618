// Tests of the renderer's vault store on its own (no React): one action at a time, the unlock wait, lock notices.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClient } from '../../src-renderer/src/api/client'
import { createVaultStore, lockNoticeFor } from '../../src-renderer/src/features/vault/vault.store'
import { createCoreApi, type CoreApi } from '../helpers/fake-api'
import { callsTo, createTestClock, passwords } from './vault-test-kit'

let backend: CoreApi

beforeEach(async () => {
  backend = await createCoreApi()
})

afterEach(async () => {
  await backend.close()
})

const storeOver = (clock = createTestClock()) =>
  createVaultStore(
    createClient(() => backend.api),
    { now: clock.now }
  )

describe('vault store', () => {
  it('runs one action at a time: a second one while the first derives its key is ignored', async () => {
    const store = storeOver()
    await store.getState().load()
    const first = store.getState().create(passwords.first)
    const second = store.getState().create(passwords.second)
    expect(store.getState().busy).toBe('create')
    expect(await second).toEqual({ done: false })
    expect(await first).toEqual({ done: true })
    expect(callsTo(backend, 'vault:create')).toBe(1)
    expect(store.getState().busy).toBeUndefined()
    expect(store.getState().status?.state).toBe('unlocked')
  })

  it('sends no unlock while a wait applies, and sends again once it is over', async () => {
    await backend.api.invoke('vault:create', { password: passwords.first })
    await backend.api.invoke('vault:lock', {})
    const clock = createTestClock()
    const store = storeOver(clock)
    await store.getState().load()
    backend.api.override('vault:unlock', () => ({
      ok: false,
      error: { code: 'RATE_LIMITED', message: 'Wait.', retryAfterSeconds: 10 }
    }))
    const refused = await store.getState().unlock(passwords.first)
    expect(refused).toMatchObject({ done: false, error: { code: 'RATE_LIMITED' } })
    expect(store.getState().retryAt).toBe(clock.now() + 10_000)

    clock.advance(9_999)
    expect(await store.getState().unlock(passwords.first)).toEqual({ done: false })
    expect(callsTo(backend, 'vault:unlock')).toBe(1)

    backend.api.override('vault:unlock', undefined)
    clock.advance(1)
    expect(await store.getState().unlock(passwords.first)).toEqual({ done: true })
    expect(store.getState().status?.state).toBe('unlocked')
    expect(store.getState().retryAt).toBeUndefined()
  })

  it('moves to locked at once on lock, and starts a new session', async () => {
    await backend.api.invoke('vault:create', { password: passwords.first })
    const store = storeOver()
    await store.getState().load()
    const before = store.getState().session
    const locking = store.getState().lock()
    // Before main has even answered, the screen no longer shows unlocked content.
    expect(store.getState().status?.state).toBe('locked')
    expect(store.getState().session).toBe(before + 1)
    expect(await locking).toEqual({ done: true })
    expect(store.getState().session).toBe(before + 1)
  })

  it('writes one sentence per lock reason', () => {
    expect(lockNoticeFor('idle', 15)).toBe('Locked after 15 idle minutes.')
    expect(lockNoticeFor('idle', 1)).toBe('Locked after 1 idle minute.')
    expect(lockNoticeFor('idle')).toBe('Locked after a period of inactivity.')
    expect(lockNoticeFor('suspend')).toBe('Locked because the computer went to sleep.')
    expect(lockNoticeFor('screen-lock')).toBe('Locked because the screen was locked.')
    expect(lockNoticeFor('quit')).toBe('Locked because Hubkeys was closing.')
    expect(lockNoticeFor('manual')).toBeUndefined()
  })
})
