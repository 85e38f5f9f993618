// @vitest-environment happy-dom
// Tests of the renderer's typed client: envelopes pass through; a missing, throwing or garbled window.api becomes UNAVAILABLE.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { HubkeysApi } from '../../src-main/contract/api'
import { client, createClient } from '../../src-renderer/src/api/client'
import { createCoreApi } from '../helpers/fake-api'

const apiWith = (invoke: (...args: unknown[]) => unknown): HubkeysApi =>
  ({ invoke, subscribe: () => () => undefined }) as unknown as HubkeysApi

afterEach(() => {
  delete window.api
})

describe('client', () => {
  it('answers UNAVAILABLE when window.api is missing', async () => {
    expect(window.api).toBeUndefined()
    const result = await client.call('app:info', {})
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('UNAVAILABLE')
      expect(result.error.message).toMatch(/not connected/)
    }
    // Subscribing without a bridge is harmless and returns an unsubscribe that works.
    const stop = client.on('prefs:changed', () => undefined)
    expect(stop()).toBeUndefined()
  })

  it('answers UNAVAILABLE when invoke throws or rejects', async () => {
    const throwing = createClient(() =>
      apiWith(() => {
        throw new Error('bridge exploded with /home/admin/secret-path')
      })
    )
    const rejecting = createClient(() => apiWith(() => Promise.reject(new Error('socket gone'))))
    for (const broken of [throwing, rejecting]) {
      const result = await broken.call('app:ping', {})
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'UNAVAILABLE',
          message: 'Hubkeys did not answer; reload the window to reconnect.'
        }
      })
    }
  })

  it('answers UNAVAILABLE when the bridge answers something that is not an envelope', async () => {
    for (const garbage of [
      undefined,
      null,
      'ok',
      { ok: true },
      { ok: false },
      { ok: false, error: {} }
    ]) {
      const result = await createClient(() => apiWith(async () => garbage)).call('app:ping', {})
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('UNAVAILABLE')
    }
  })

  it('passes envelopes through unchanged, including error envelopes', async () => {
    const failure = { ok: false, error: { code: 'LOCKED', message: 'The vault is locked.' } }
    const invoke = vi.fn(async () => failure)
    const result = await createClient(() => apiWith(invoke)).call('app:ping', { nonce: 'n1' })
    expect(result).toEqual(failure)
    expect(invoke).toHaveBeenCalledWith('app:ping', { nonce: 'n1' })
  })

  it('reads window.api at call time, so a bridge defined later is used', async () => {
    const backend = await createCoreApi()
    try {
      expect((await client.call('app:ping', { nonce: 'late' })).ok).toBe(false)
      window.api = backend.api
      const result = await client.call('app:ping', { nonce: 'late' })
      expect(result).toMatchObject({ ok: true, value: { pong: true, nonce: 'late' } })
    } finally {
      await backend.close()
    }
  })

  it('returns a no-op unsubscribe when subscribe throws', () => {
    const api = {
      invoke: async () => ({ ok: true, value: {} }),
      subscribe: () => {
        throw new Error('no events today')
      }
    } as unknown as HubkeysApi
    const stop = createClient(() => api).on('prefs:changed', () => undefined)
    expect(typeof stop).toBe('function')
    expect(stop()).toBeUndefined()
  })
})
