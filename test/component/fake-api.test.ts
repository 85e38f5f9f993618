// @vitest-environment happy-dom
// Tests of the fake window.api itself: it reaches the real core, speaks JSON like the wire and forwards events.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCoreApi, createFakeApi, type CoreApi } from '../helpers/fake-api'

let backend: CoreApi

beforeEach(async () => {
  backend = await createCoreApi()
})

afterEach(async () => {
  await backend.close()
})

describe('fake window.api', () => {
  it('runs the real dispatch: answers, validates and refuses like the core', async () => {
    expect(await backend.api.invoke('app:ping', { nonce: 'x' })).toMatchObject({
      ok: true,
      value: { pong: true, nonce: 'x' }
    })
    const bad = await backend.api.invoke('app:ping', { nonce: 'x', extra: 1 } as never)
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    const unknown = await backend.api.invoke('app:explode' as never, {} as never)
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
    // The vault gate is live too: inventory-style channels need an unlocked vault.
    const status = await backend.api.invoke('vault:status', {})
    expect(status).toMatchObject({ ok: true, value: { state: 'absent' } })
  })

  it('sends payloads through JSON, as the web bridge does', async () => {
    const seen: unknown[] = []
    const api = createFakeApi({
      dispatch: async (_channel, payload) => {
        seen.push(payload)
        return { ok: true, value: { when: new Date(0) } }
      }
    })
    const answer = await api.invoke('app:ping', { nonce: 'n', dropped: undefined } as never)
    expect(seen).toEqual([{ nonce: 'n' }])
    // A Date does not survive JSON; the renderer sees the string, as it would over the socket.
    expect(answer).toEqual({ ok: true, value: { when: '1970-01-01T00:00:00.000Z' } })
    expect(api.calls).toEqual([{ channel: 'app:ping', payload: { nonce: 'n' } }])
  })

  it('forwards only the subscribed event, until unsubscribed', async () => {
    const heard: unknown[] = []
    const stop = backend.api.subscribe('prefs:changed', (prefs) => heard.push(prefs.theme))
    await backend.api.invoke('prefs:set', { theme: 'dark' })
    stop()
    await backend.api.invoke('prefs:set', { theme: 'light' })
    expect(heard).toEqual(['dark'])
  })

  it('lets a test override one channel and then restore the core', async () => {
    backend.api.override('app:ping', () => ({
      ok: false,
      error: { code: 'TIMEOUT', message: 'Slow.' }
    }))
    expect(await backend.api.invoke('app:ping', {})).toMatchObject({ ok: false })
    backend.api.override('app:ping', undefined)
    expect(await backend.api.invoke('app:ping', {})).toMatchObject({ ok: true })
  })
})
