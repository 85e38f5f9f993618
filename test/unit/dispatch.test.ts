// Unit tests for the transport-agnostic dispatcher: unknown channels, bad payloads, gates and thrown errors.
import { describe, expect, it } from 'vitest'
import { createDispatch, type Handlers } from '../../src-main/core/dispatch'
import { createAppHandlers } from '../../src-main/core/app/app.handlers'
import { channelNames } from '../../src-main/contract/names'
import { channels } from '../../src-main/contract/channels'
import { preferencesSchema } from '../../src-main/contract/preferences.contract'
import { AppError } from '../../src-main/contract/result'
import { unsafeDisplayTextMessage } from '../../src-main/contract/display-text'
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

  it('answers LOCKED for a channel whose facts need the vault open, before the handler runs', async () => {
    let ran = false
    const dispatch = createDispatch(
      {
        ...handlers(),
        'filters:list': () => ((ran = true), []),
        'prefs:get': () => ((ran = true), preferencesSchema.parse({}))
      },
      { locked: () => 'The vault is locked.' }
    )
    expect(channels['filters:list'].facts.whileLocked).toBe(false)
    expect(await dispatch('filters:list', {}, ctx)).toEqual({
      ok: false,
      error: { code: 'LOCKED', message: 'The vault is locked.' }
    })
    expect(ran).toBe(false)
    // `prefs:get` says it answers while locked, so the lock is not consulted.
    expect((await dispatch('prefs:get', {}, ctx)).ok).toBe(true)
    expect(ran).toBe(true)
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

  it('logs the request of a channel that carries no secret, never of one that does', async () => {
    const logged: unknown[] = []
    const logger: Logger = { log: (...args) => logged.push(args) }
    const dispatch = createDispatch(handlers(), { logger })
    const password = 'correct horse battery staple'
    expect(channels['vault:unlock'].facts.carriesSecret).toBe('request')
    await dispatch('vault:unlock', { password }, ctx)
    await dispatch('app:ping', { nonce: 'visible-nonce' }, ctx)
    expect(JSON.stringify(logged)).not.toContain(password)
    expect(JSON.stringify(logged)).toContain('withheld')
    expect(JSON.stringify(logged)).toContain('visible-nonce')
  })
})

describe('validation failures read as one sentence naming the field and its limit', () => {
  const refusal = async (channel: string, payload: unknown): Promise<string> => {
    const result = await createDispatch(handlers())(channel, payload, ctx)
    if (result.ok) throw new Error(`${channel} accepted ${JSON.stringify(payload)}`)
    expect(result.error.code).toBe('BAD_REQUEST')
    return result.error.message
  }
  const cycle = { kind: 'cycle', baseUrl: 'https://api.cycle.io' }

  it.each([
    [
      'app:ping',
      { nonce: 'x'.repeat(65) },
      'Invalid request for app:ping: the field "nonce" must be at most 64 characters.'
    ],
    [
      'connections:add',
      { ...cycle, name: 'n'.repeat(81) },
      'Invalid request for connections:add: the field "name" must be at most 80 characters.'
    ],
    [
      'connections:add',
      { name: 'prod', kind: 'nope', baseUrl: 'https://x' },
      'Invalid request for connections:add: the field "kind" must be one of "cycle", "dct", "optidash", "datahub", "dmhub".'
    ],
    [
      'connections:add',
      {},
      'Invalid request for connections:add: the field "name" is required (and 2 more problems).'
    ],
    ['app:ping', { nonce: 5 }, 'Invalid request for app:ping: the field "nonce" must be text.'],
    ['app:ping', [], 'Invalid request for app:ping: the request must be an object.'],
    [
      'app:ping',
      { extra: 1 },
      'Invalid request for app:ping: the request has a field it does not accept ("extra").'
    ],
    [
      'hygiene:summary',
      { maxAgeDays: 0 },
      'Invalid request for hygiene:summary: the field "maxAgeDays" must be at least 1.'
    ],
    [
      'keys:query',
      { filter: { tags: ['ok', ''] } },
      'Invalid request for keys:query: the field "filter.tags[1]" must not be empty.'
    ],
    [
      'vault:create',
      { password: 'short' },
      'Invalid request for vault:create: the field "password": The master password needs at least 12 characters.'
    ]
  ])('%s %j', async (channel, payload, message) => {
    expect(await refusal(channel, payload)).toBe(message)
  })

  it('never shows zod internals, whatever the payload', async () => {
    const payloads: Array<[string, unknown]> = [
      ['connections:add', { name: 1, kind: [], baseUrl: null, tls: 'x', settings: { hubId: 7 } }],
      ['connections:test', { id: 1, input: {} }],
      ['keys:query', { limit: 1e9, sort: { field: 'nope' }, cursor: '' }],
      ['filters:save', { name: ' ', query: { search: 'x'.repeat(300) } }],
      ['sync:start', { connectionIds: [] }],
      ['prefs:set', { idleMinutes: 1.5 }]
    ]
    for (const [channel, payload] of payloads) {
      const message = await refusal(channel, payload)
      expect(message).toMatch(/^Invalid request for [a-z]+:[a-z-]+: [^\n]+\.$/)
      expect(message).not.toMatch(/ZodError|Too big|Too small|Invalid input|expected|received/)
    }
  })

  it('does not name a stray field that does not look like a field name (it may be a secret)', async () => {
    const message = await refusal('app:ping', { sk_live_0123456789abcdef0123456789abcdef01234: 1 })
    expect(message).toBe('Invalid request for app:ping: the request has fields it does not accept.')
  })

  it('refuses names with control or bidi characters, naming the field', async () => {
    for (const name of ['evil\u001b[2Jname', 'txt.\u202eexe', 'a\u2066b', 'a\u0085b']) {
      const message = await refusal('connections:add', { ...cycle, name })
      expect(message).toBe(
        `Invalid request for connections:add: the field "name": ${unsafeDisplayTextMessage}`
      )
    }
    const tag = await refusal('keys:query', { filter: { tags: ['a\u202eb'] } })
    expect(tag).toContain('"filter.tags[0]"')
    expect(await refusal('filters:save', { name: 'x\u200fy', query: {} })).toContain('"name"')
  })
})

describe('dispatch and the audit log', () => {
  const audited = (): Handlers => ({
    ...handlers(),
    'connections:remove': ({ id }) => {
      if (id === 'missing') throw new AppError('NOT_FOUND', 'No such connection.')
      return {}
    }
  })

  it('hands over every finished call of an audited channel, and none of the others', async () => {
    const calls: unknown[] = []
    const dispatch = createDispatch(audited(), { audit: (call) => calls.push(call) })
    await dispatch('app:ping', {}, ctx)
    await dispatch('nope:never', {}, ctx)
    await dispatch('connections:remove', { id: 'c-1' }, { transport: 'cli' })
    await dispatch('connections:remove', { id: 'missing' }, ctx)
    await dispatch('connections:remove', { id: '' }, ctx)
    expect(calls).toEqual([
      {
        channel: 'connections:remove',
        fact: 'connection-remove',
        transport: 'cli',
        request: { id: 'c-1' },
        response: {},
        outcome: 'ok'
      },
      {
        channel: 'connections:remove',
        fact: 'connection-remove',
        transport: 'test',
        request: { id: 'missing' },
        response: undefined,
        outcome: 'NOT_FOUND'
      },
      {
        channel: 'connections:remove',
        fact: 'connection-remove',
        transport: 'test',
        request: undefined,
        response: undefined,
        outcome: 'BAD_REQUEST'
      }
    ])
  })

  it('keeps the answer when the audit write throws, and logs the failure by name', async () => {
    const logged: unknown[][] = []
    const logger: Logger = { log: (...entry) => logged.push(entry) }
    const dispatch = createDispatch(audited(), {
      logger,
      audit: () => {
        throw new TypeError('disk full')
      }
    })
    expect(await dispatch('connections:remove', { id: 'c-1' }, ctx)).toEqual({
      ok: true,
      value: {}
    })
    expect(logged).toContainEqual([
      'error',
      'audit entry could not be written',
      { channel: 'connections:remove', error: 'TypeError' }
    ])
  })
})
