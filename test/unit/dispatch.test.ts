// Unit tests for the transport-agnostic dispatcher: unknown channels, bad payloads, gates and thrown errors.
import { describe, expect, it } from 'vitest'
import { createDispatch, type Handlers } from '../../src-main/core/dispatch'
import { createAppHandlers } from '../../src-main/core/app/app.handlers'
import { channelNames } from '../../src-main/contract/names'
import { AppError } from '../../src-main/contract/result'
import type { Logger } from '../../src-main/core/ports/logger.port'

const facts = {
  name: 'Hubkeys',
  version: '9.9.9',
  mode: 'web' as const,
  dataDir: '/tmp/x',
  platform: 'linux'
}
/** Every channel answers something trivial; these tests exercise dispatch, not the handlers. */
const unused = Object.fromEntries(
  channelNames.map((channel) => [
    channel,
    () => {
      throw new AppError('UNSUPPORTED', `${channel} is not used by this test.`)
    }
  ])
) as unknown as Handlers
const handlers = (): Handlers => ({ ...unused, ...createAppHandlers(facts, () => 42) })
const ctx = { transport: 'test' as const }

describe('dispatch', () => {
  it('answers a known channel with an ok envelope', async () => {
    const dispatch = createDispatch(handlers())
    expect(await dispatch('app:info', {}, ctx)).toEqual({ ok: true, value: facts })
    expect(await dispatch('app:ping', { nonce: 'n1' }, ctx)).toEqual({
      ok: true,
      value: { pong: true, at: 42, nonce: 'n1' }
    })
  })

  it('treats a missing payload as an empty object', async () => {
    const dispatch = createDispatch(handlers())
    expect((await dispatch('app:info', undefined, ctx)).ok).toBe(true)
  })

  it.each([['nope:never'], ['__proto__'], ['constructor'], ['toString'], [42], [null], [{}]])(
    'refuses unknown channel %j with UNKNOWN_CHANNEL',
    async (channel) => {
      const result = await createDispatch(handlers())(channel, {}, ctx)
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
    }
  )

  it.each([[{ extra: 1 }], [{ nonce: 5 }], [{ nonce: 'x'.repeat(65) }], [[]], ['string'], [null]])(
    'refuses payload %j with BAD_REQUEST',
    async (payload) => {
      const result = await createDispatch(handlers())('app:ping', payload, ctx)
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    }
  )

  it('does not echo payload values in the BAD_REQUEST message', async () => {
    const secret = 'sk_live_DO_NOT_ECHO_0123456789'
    const result = await createDispatch(handlers())('app:ping', { nonce: 1, secret }, ctx)
    expect(result.ok).toBe(false)
    expect(JSON.stringify(result)).not.toContain(secret)
  })

  it('answers LOCKED when the gate refuses, before the handler runs', async () => {
    let ran = false
    const dispatch = createDispatch(
      { ...handlers(), 'app:ping': () => ((ran = true), { pong: true, at: 1 }) },
      { gate: (channel) => (channel === 'app:ping' ? 'The vault is locked.' : undefined) }
    )
    expect(await dispatch('app:ping', {}, ctx)).toEqual({
      ok: false,
      error: { code: 'LOCKED', message: 'The vault is locked.' }
    })
    expect(ran).toBe(false)
    expect((await dispatch('app:info', {}, ctx)).ok).toBe(true)
  })

  it('maps an AppError to its code and message', async () => {
    const dispatch = createDispatch({
      ...handlers(),
      'app:ping': () => {
        throw new AppError('RATE_LIMITED', 'Slow down.', 3)
      }
    })
    expect(await dispatch('app:ping', {}, ctx)).toEqual({
      ok: false,
      error: { code: 'RATE_LIMITED', message: 'Slow down.', retryAfterSeconds: 3 }
    })
  })

  it('turns any other throw into INTERNAL without leaking its message', async () => {
    const logged: unknown[] = []
    const logger: Logger = { log: (...args) => logged.push(args) }
    const dispatch = createDispatch(
      {
        ...handlers(),
        'app:ping': async () => {
          throw new Error('password=hunter2 at /home/admin/secret')
        }
      },
      { logger }
    )
    const result = await dispatch('app:ping', {}, ctx)
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(result)).not.toContain('hunter2')
    expect(JSON.stringify(logged)).not.toContain('hunter2')
  })

  it('refuses a handler answer outside the response schema (an extra field)', async () => {
    const dispatch = createDispatch({
      ...handlers(),
      'app:info': () => ({ ...facts, secret: 'leak' }) as never
    })
    const result = await dispatch('app:info', {}, ctx)
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(result)).not.toContain('leak')
  })
})
