// The DCT adapter against the simulated DCT server over real HTTP with the real HTTP client, every request and answer checked against the OpenAPI extracts.
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../../src-main/adapters/http/http-client'
import type {
  Connection,
  ConnectionSettings,
  HubKey
} from '../../../src-main/contract/hubs.contract'
import { AppError } from '../../../src-main/contract/result'
import { dctHub, idempotencyTagKey, type DctAdapter } from '../../../src-main/core/hubs/dct'
import { fingerprintOf } from '../../../src-main/core/hubs/fingerprint'
import type { HttpClientFactory } from '../../../src-main/core/ports/http.port'
import {
  createDctFake,
  type DctFake,
  type DctFakeOptions,
  type FakeAccount
} from '../../fakes/hubs/dct.fake'
import { checkDctSpecDefinition, createDctSpecValidator } from '../../fakes/hubs/dct-spec.fake'
import { Secret } from '../../../src-main/common/secret'

const fakes: DctFake[] = []
/** Waits the HTTP client asked for; recorded instead of slept, so retries cost no time. */
let waits: number[] = []

const start = async (options: DctFakeOptions = {}): Promise<DctFake> => {
  const fake = await createDctFake({ seed: 11, ...options })
  fakes.push(fake)
  return fake
}

afterEach(async () => {
  // Every request the adapter sent and every answer the fake gave must match the OpenAPI files.
  const violations = fakes.flatMap((fake) => fake.violations)
  await Promise.all(fakes.splice(0).map((fake) => fake.close()))
  waits = []
  expect(violations).toEqual([])
})

const httpFactory =
  (timeoutMs?: number): HttpClientFactory =>
  (config) =>
    createHttpClient(
      { ...config, ...(timeoutMs ? { timeoutMs } : {}) },
      {
        sleep: async (ms) => {
          waits.push(ms)
        },
        random: () => 0.5
      }
    )

const connectionFor = (
  url: string,
  settings: ConnectionSettings = { basePath: '/dct/v3' }
): Connection => ({
  id: 'conn-dct',
  name: 'lab',
  kind: 'dct',
  baseUrl: url,
  settings,
  tls: { allowInvalidCertificate: false },
  environment: 'dev',
  colour: '#3b82f6',
  hasCredential: true,
  createdAt: 0,
  updatedAt: 0
})

const adapterFor = (
  fake: DctFake,
  options: {
    credential?: string
    settings?: ConnectionSettings
    url?: string
    timeoutMs?: number
    server?: number
  } = {}
): DctAdapter => {
  const server = fake.servers[options.server ?? 0]!
  return dctHub.create({
    connection: connectionFor(
      options.url ?? server.url,
      options.settings ?? { basePath: server.basePath }
    ),
    credential: Secret.fromString(options.credential ?? server.credential),
    http: httpFactory(options.timeoutMs)
  })
}

const failureOf = async (promise: Promise<unknown>): Promise<AppError> => {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected the call to fail')
}

const collect = async (adapter: DctAdapter): Promise<{ pages: HubKey[][]; keys: HubKey[] }> => {
  const pages: HubKey[][] = []
  for await (const page of adapter.listKeys()) pages.push(page.keys)
  return { pages, keys: pages.flat() }
}

const countRequests = (fake: DctFake, method: string, path: string) =>
  fake.hub.requests.filter((r) => r.method === method && r.path === path).length

const usable = (
  fake: DctFake,
  predicate: (a: FakeAccount) => boolean = () => true
): FakeAccount => {
  const now = Date.now()
  const found = [...fake.data.accounts.values()].find(
    (a) =>
      a.id !== 1 &&
      a.token &&
      a.enabled &&
      (a.api_key_expiry === undefined || a.api_key_expiry > now) &&
      predicate(a)
  )
  if (!found) throw new Error('seed has no matching account')
  return found
}

/** A message the user may see must never carry a credential or a key. */
const expectNoSecrets = (message: string, ...secrets: string[]) => {
  for (const secret of secrets) {
    expect(message).not.toContain(secret)
    expect(message).not.toContain(secret.split('.')[1] ?? secret)
  }
}

describe('DCT adapter: listing', () => {
  it('reads every page by cursor and normalises accounts into keys', async () => {
    const fake = await start({ keysPerTenant: 230 })
    const { pages, keys } = await collect(adapterFor(fake))
    expect(pages.map((p) => p.length)).toEqual([100, 100, 31])
    expect(new Set(keys.map((k) => k.hubKeyId)).size).toBe(231)

    const listCalls = fake.hub.requests.filter((r) => r.path === '/dct/v3/management/accounts')
    expect(listCalls[0]!.query.get('limit')).toBe('100')
    expect(listCalls[0]!.query.get('sort')).toBe('id')
    expect(listCalls[1]!.query.get('cursor')).toBeTruthy()
    expect(listCalls.every((r) => r.headers.authorization === `apk ${fake.credential}`)).toBe(true)

    const now = Date.now()
    for (const key of keys) {
      const account = fake.data.accounts.get(Number(key.hubKeyId))!
      expect(key.name).toBe(account.username)
      expect(key.tenant).toBe(new URL(fake.url).host)
      const expired = account.api_key_expiry !== undefined && account.api_key_expiry <= now
      expect(key.status).toBe(!account.enabled ? 'inactive' : expired ? 'expired' : 'active')
      expect(key.expiresAt).toBe(account.api_key_expiry ?? null)
      expect(key.createdAt).toBe(account.creation_time ?? null)
      expect(key.scopes).toEqual(account.effective_scopes.map((s) => s.name))
      expect(key.ipRules).toBeNull()
      expect(key.role).toBeNull()
      expect(key.fingerprint).toBeNull()
      expect(key.oddities).toEqual([])
    }
    // The seed covers what the mapping has to handle.
    expect(keys.some((k) => k.status === 'inactive')).toBe(true)
    expect(keys.some((k) => k.status === 'expired')).toBe(true)
    expect(keys.some((k) => k.status === 'active' && k.expiresAt !== null)).toBe(true)
    expect(keys.some((k) => k.createdAt === null)).toBe(true)
    expect(keys.some((k) => k.owner?.includes('@'))).toBe(true)
    expect(keys.some((k) => k.scopes.length > 0)).toBe(true)
  })

  it('reports the server, its account count and the connection account in a connection test', async () => {
    const fake = await start()
    const result = await adapterFor(fake).testConnection()
    expect(result.detail).toBe(
      `Reached DCT 3.17 or newer at ${new URL(fake.url).host}/dct/v3 with 13 accounts as 'admin'.`
    )
    expect(result.tenant).toBe(new URL(fake.url).host)
  })

  it('does not add the base path twice when the base URL already ends with it', async () => {
    const fake = await start()
    const { keys } = await collect(adapterFor(fake, { url: `${fake.url}/dct/v3` }))
    expect(keys).toHaveLength(13)
  })

  it('gives a base-path sentence when nothing lives at the configured path', async () => {
    const fake = await start()
    const error = await failureOf(
      adapterFor(fake, {
        settings: { basePath: '/dct/v3', serverVersion: '3.23.0' },
        url: `${fake.url}/elsewhere`
      }).testConnection()
    )
    expect(error.code).toBe('NOT_FOUND')
    expect(error.message).toContain('check the base path')
  })

  it('tells accounts apart with the getAccount extras (tags, names) and reads one key', async () => {
    const fake = await start()
    const account = usable(fake, (a) => a.tags.length > 0)
    const adapter = adapterFor(fake)
    const details = await adapter.getAccount({ hubKeyId: String(account.id) })
    expect(details.tags).toEqual(account.tags)
    expect((await adapter.getKey({ hubKeyId: String(account.id) })).name).toBe(account.username)
  })
})

describe('DCT adapter: create', () => {
  it('creates an account with a key, returns the secret once and tags the idempotency token', async () => {
    const fake = await start()
    const adapter = adapterFor(fake)
    const created = await adapter.createKey({ name: 'etl-nightly', idempotencyToken: 'hk7f3a' })
    expect(created.secret?.reveal()).toMatch(/^\d+\.[A-Za-z0-9]{64}$/)
    const account = fake.data.accounts.get(Number(created.key.hubKeyId))!
    expect(account.token).toBe(created.secret?.reveal())
    expect(account.username).toBe('etl-nightly-hk7f3a')
    expect(account.tags).toEqual([{ key: idempotencyTagKey, value: 'hk7f3a' }])
    expect(created.key).toMatchObject({
      name: 'etl-nightly-hk7f3a',
      status: 'active',
      fingerprint: fingerprintOf(created.secret!)
    })
    expect(countRequests(fake, 'POST', '/dct/v3/management/accounts')).toBe(1)
    expect(fake.hub.requests.find((r) => r.method === 'POST')!.json).toEqual({
      username: 'etl-nightly-hk7f3a',
      generate_api_key: true,
      tags: [{ key: idempotencyTagKey, value: 'hk7f3a' }]
    })

    const found = await adapter.findByIdempotencyToken('hk7f3a')
    expect(found?.hubKeyId).toBe(created.key.hubKeyId)
    expect(await adapter.findByIdempotencyToken('nothing-here')).toBeNull()
    expect(
      (await adapter.verifyKey({ hubKeyId: created.key.hubKeyId, secret: () => created.secret! }))
        .valid
    ).toBe(true)
  })

  it('reports the expiry the server gives new keys and the global setting behind it', async () => {
    const fake = await start()
    const adapter = adapterFor(fake)
    expect(await adapter.globalKeyExpiry()).toEqual({ seconds: null, reported: true })
    fake.data.properties.api_key_expiry_time = 86_400
    expect(await adapter.globalKeyExpiry()).toEqual({ seconds: 86_400, reported: true })
    const created = await adapter.createKey({ name: 'short-lived' })
    expect(created.key.expiresAt).toBe(
      fake.data.accounts.get(Number(created.key.hubKeyId))!.api_key_expiry
    )
    expect(created.key.expiresAt).not.toBeNull()
  })

  it('can leave a new key disabled', async () => {
    const fake = await start()
    const created = await adapterFor(fake).createKey({ name: 'parked', status: 'inactive' })
    expect(created.key.status).toBe('inactive')
    expect(fake.data.accounts.get(Number(created.key.hubKeyId))!.enabled).toBe(false)
  })

  it('answers a duplicate username with CONFLICT', async () => {
    const fake = await start()
    const taken = usable(fake).username
    const error = await failureOf(adapterFor(fake).createKey({ name: taken }))
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toContain('already exists')
  })

  it('refuses what DCT keys cannot have before calling the hub', async () => {
    const fake = await start()
    const adapter = adapterFor(fake)
    const before = fake.hub.requests.length
    for (const input of [
      { name: 'x', ips: ['203.0.113.0/24'] },
      { name: 'x', headers: [{ name: 'X-Count', value: '1', enabled: true }] },
      { name: 'x', expiresAt: Date.now() + 1000 }
    ]) {
      expect((await failureOf(adapter.createKey(input))).code).toBe('UNSUPPORTED')
    }
    expect((await failureOf(adapter.createKey({ name: '  ' }))).code).toBe('BAD_REQUEST')
    expect(fake.hub.requests.length).toBe(before)
    // Unrestricted IPs are what DCT keys have anyway.
    await expect(adapter.createKey({ name: 'open', ips: null })).resolves.toBeTruthy()
  })

  it.each([
    ['a 500', { kind: 'status', status: 500 } as const, 'UNAVAILABLE'],
    [
      'a 429 with Retry-After',
      { kind: 'status', status: 429, retryAfter: 1 } as const,
      'RATE_LIMITED'
    ],
    ['a dropped connection', { kind: 'reset' } as const, 'UNAVAILABLE']
  ])('never repeats a create after %s', async (_label, failure, code) => {
    const fake = await start()
    fake.hub.fail(failure, 5, /^POST \/dct\/v3\/management\/accounts$/)
    const error = await failureOf(adapterFor(fake).createKey({ name: 'once-only' }))
    expect(error.code).toBe(code)
    expect(countRequests(fake, 'POST', '/dct/v3/management/accounts')).toBe(1)
    expect(waits).toEqual([])
    if (failure.kind === 'status' && failure.status === 429) expect(error.retryAfterSeconds).toBe(1)
    if (failure.kind === 'reset') expect(error.message).toContain('may have been created')
    expectNoSecrets(error.message, fake.credential)
  })
})

describe('DCT adapter: update, delete, verify', () => {
  it('renames an account and keeps its other profile fields', async () => {
    const fake = await start()
    const account = usable(fake, (a) => !!a.first_name)
    const { first_name, last_name, email } = account
    const key = await adapterFor(fake).updateKey(
      { hubKeyId: String(account.id) },
      { name: 'renamed-bot' }
    )
    expect(key.name).toBe('renamed-bot')
    expect(fake.data.accounts.get(account.id)).toMatchObject({
      username: 'renamed-bot',
      first_name,
      last_name,
      email
    })
  })

  it('disables and enables an account', async () => {
    const fake = await start()
    const account = usable(fake)
    const adapter = adapterFor(fake)
    const off = await adapter.updateKey({ hubKeyId: String(account.id) }, { status: 'inactive' })
    expect(off.status).toBe('inactive')
    expect(account.enabled).toBe(false)
    const on = await adapter.updateKey(
      { hubKeyId: String(account.id) },
      { status: 'active', ips: null, headers: [] }
    )
    expect(on.status).toBe('active')
    expect(account.enabled).toBe(true)
  })

  it('refuses role, IP, header and expiry changes without calling the hub', async () => {
    const fake = await start()
    const adapter = adapterFor(fake)
    const before = fake.hub.requests.length
    const ref = { hubKeyId: String(usable(fake).id) }
    for (const patch of [
      { role: 'admin' },
      { ips: ['10.0.0.0/8'] },
      { expiresAt: 5 },
      { headers: [{ name: 'a', value: 'b', enabled: true }] }
    ]) {
      expect((await failureOf(adapter.updateKey(ref, patch))).code).toBe('UNSUPPORTED')
    }
    expect((await failureOf(adapter.updateKey({ hubKeyId: 'abc' }, { name: 'x' }))).code).toBe(
      'BAD_REQUEST'
    )
    expect(fake.hub.requests.length).toBe(before)
  })

  it('deletes only the key: the account stays and the old key stops working', async () => {
    const fake = await start()
    const account = usable(fake)
    const secret = account.token!
    const adapter = adapterFor(fake)
    await adapter.deleteKey({ hubKeyId: String(account.id) })
    expect(
      countRequests(fake, 'DELETE', `/dct/v3/management/accounts/${account.id}/api-key-delete`)
    ).toBe(1)
    expect(
      fake.hub.requests.some(
        (r) => r.method === 'DELETE' && r.path === `/dct/v3/management/accounts/${account.id}`
      )
    ).toBe(false)
    expect(fake.data.accounts.get(account.id)?.token).toBeNull()
    const verdict = await adapter.verifyKey({
      hubKeyId: String(account.id),
      secret: () => Secret.fromString(secret)
    })
    expect(verdict.valid).toBe(false)
    expectNoSecrets(verdict.detail, secret)
  })

  it('verifies keys live with token-info, authenticated by the key itself', async () => {
    const fake = await start()
    const adapter = adapterFor(fake)
    const good = usable(fake)
    const verdict = await adapter.verifyKey({
      hubKeyId: String(good.id),
      secret: () => Secret.fromString(good.token!)
    })
    expect(verdict).toEqual({ valid: true, detail: expect.stringContaining(`'${good.username}'`) })
    const call = fake.hub.requests.at(-1)!
    expect(call.path).toBe('/dct/v3/token-info')
    expect(call.headers.authorization).toBe(`apk ${good.token}`)

    const disabled = [...fake.data.accounts.values()].find((a) => !a.enabled && a.token)!
    expect(
      (
        await adapter.verifyKey({
          hubKeyId: String(disabled.id),
          secret: () => Secret.fromString(disabled.token!)
        })
      ).valid
    ).toBe(false)
    const expired = [...fake.data.accounts.values()].find(
      (a) => a.enabled && a.token && a.api_key_expiry! < Date.now()
    )!
    const expiredVerdict = await adapter.verifyKey({
      hubKeyId: String(expired.id),
      secret: () => Secret.fromString(expired.token!)
    })
    expect(expiredVerdict).toEqual({
      valid: false,
      detail: 'DCT refused the key: The API key has expired.'
    })
    const other = usable(fake, (a) => a.id !== good.id)
    const mismatch = await adapter.verifyKey({
      hubKeyId: String(good.id),
      secret: () => Secret.fromString(other.token!)
    })
    expect(mismatch).toEqual({
      valid: false,
      detail: `The stored secret belongs to DCT account ${other.id}, not account ${good.id}.`
    })
    const expiring = usable(fake, (a) => a.api_key_expiry !== undefined)
    expect(
      (
        await adapter.verifyKey({
          hubKeyId: String(expiring.id),
          secret: () => Secret.fromString(expiring.token!)
        })
      ).detail
    ).toMatch(/expires (in \d+ days?|within a day)/)
    expect((await failureOf(adapter.verifyKey({ hubKeyId: String(good.id) }))).code).toBe(
      'BAD_REQUEST'
    )
  })
})

describe('DCT adapter: reset and regenerate', () => {
  it('resets a key as a hard cut-over: new secret works, old one is refused', async () => {
    const fake = await start()
    const account = usable(fake)
    const old = account.token!
    const adapter = adapterFor(fake)
    expect(adapter.capabilities.rotation).toBe('reset-cutover')
    const reset = await adapter.resetKey({ hubKeyId: String(account.id) })
    expect(reset.secret?.reveal()).not.toBe(old)
    expect(reset.key).toMatchObject({
      hubKeyId: String(account.id),
      name: account.username,
      fingerprint: fingerprintOf(reset.secret!)
    })
    expect(
      (await adapter.verifyKey({ hubKeyId: String(account.id), secret: () => reset.secret! })).valid
    ).toBe(true)
    expect(
      (
        await adapter.verifyKey({
          hubKeyId: String(account.id),
          secret: () => Secret.fromString(old)
        })
      ).valid
    ).toBe(false)
  })

  it('never repeats a reset whose answer failed', async () => {
    const fake = await start()
    const account = usable(fake)
    const path = `/dct/v3/management/accounts/${account.id}/api-key-reset`
    fake.hub.fail({ kind: 'status', status: 503 }, 5, new RegExp(`^POST ${path}$`))
    const error = await failureOf(adapterFor(fake).resetKey({ hubKeyId: String(account.id) }))
    expect(error.code).toBe('UNAVAILABLE')
    expect(countRequests(fake, 'POST', path)).toBe(1)
  })

  it("regenerates the connection's own key and keeps working with the new one", async () => {
    const fake = await start()
    const old = fake.credential
    const adapter = adapterFor(fake)
    const renewed = await adapter.regenerateOwnKey()
    expect(renewed.secret.reveal()).not.toBe(old)
    expect(renewed).toMatchObject({ accountId: '1', fingerprint: fingerprintOf(renewed.secret) })
    expect(fake.data.accounts.get(1)!.token).toBe(renewed.secret.reveal())
    const regenerate = fake.hub.requests.find((r) => r.path.endsWith('/api-key-regenerate'))!
    expect(regenerate.json).toEqual({ token: old })
    // The adapter switched over; a connection still holding the old key is refused.
    await expect(adapter.testConnection()).resolves.toBeTruthy()
    expect(fake.hub.requests.at(-1)!.headers.authorization).toBe(`apk ${renewed.secret.reveal()}`)
    const stale = await failureOf(adapterFor(fake, { credential: old }).testConnection())
    expect(stale.code).toBe('UNAUTHORIZED')
  })

  it("names the account behind the connection's own key, and answers null once DCT refuses that key", async () => {
    const fake = await start()
    const old = fake.credential
    await expect(adapterFor(fake).ownAccount()).resolves.toEqual({
      accountId: '1',
      username: 'admin'
    })
    await adapterFor(fake).regenerateOwnKey()
    // The stored key is dead: token-info's 401 is an answer about the key, not a failure.
    await expect(adapterFor(fake, { credential: old }).ownAccount()).resolves.toBeNull()
    fake.hub.fail({ kind: 'status', status: 503 }, 5, /token-info/)
    const down = await failureOf(adapterFor(fake).ownAccount())
    expect(down.code).not.toBe('UNAUTHORIZED')
  })
})

describe('DCT adapter: version gates', () => {
  it('refuses reset, delete and regenerate on a 3.0-3.16 server (/v3) without calling it', async () => {
    const fake = await start({ versions: ['3.16.0'] })
    const adapter = adapterFor(fake, { settings: { basePath: '/v3' } })
    expect(adapter.capabilities).toMatchObject({ delete: 'none', rotation: 'manual', verify: true })
    const { keys } = await collect(adapter)
    expect(keys).toHaveLength(13)
    const before = fake.hub.requests.length
    const ref = { hubKeyId: keys[1]!.hubKeyId }
    for (const call of [
      adapter.resetKey(ref),
      adapter.deleteKey(ref),
      adapter.regenerateOwnKey()
    ]) {
      const error = await failureOf(call)
      expect(error.code).toBe('UNSUPPORTED')
      expect(error.message).toMatch(
        /DCT 3\.0 to 3\.16 \(base path \/v3\), which cannot .+ \(DCT 3\.1[78] or newer can\)/
      )
    }
    expect(fake.hub.requests.length).toBe(before)
  })

  it("tries regenerate on /dct/v3 and turns a 3.17 server's 404 into UNSUPPORTED", async () => {
    const fake = await start({ versions: ['3.17.0'] })
    const adapter = adapterFor(fake)
    const error = await failureOf(adapter.regenerateOwnKey())
    expect(error.code).toBe('UNSUPPORTED')
    expect(error.message).toContain('DCT 3.18 or newer can')
    expect(fake.data.accounts.get(1)!.token).toBe(fake.credential)
    // Reset exists from 3.17.
    await expect(adapter.resetKey({ hubKeyId: String(usable(fake).id) })).resolves.toBeTruthy()
  })

  it('trusts an explicit server version over the base path', async () => {
    const fake = await start()
    const adapter = adapterFor(fake, { settings: { basePath: '/dct/v3', serverVersion: '3.17.2' } })
    const before = fake.hub.requests.length
    const error = await failureOf(adapter.regenerateOwnKey())
    expect(error.code).toBe('UNSUPPORTED')
    expect(error.message).toContain('update the server version')
    expect(fake.hub.requests.length).toBe(before)
    // Known without a call, so a rotation can refuse before it writes anything.
    expect(adapter.regenerateRefusal()).toBe(error.message)
    expect(adapterFor(fake).regenerateRefusal()).toBeUndefined()
  })

  it('checks connection settings and the credential before use', () => {
    const connection = connectionFor('https://dct.example')
    expect(() => dctHub.checkConnection(connection, Secret.fromString('1.abc'))).not.toThrow()
    expect(() => dctHub.checkConnection(connection, Secret.fromString('apk 1.abc'))).not.toThrow()
    const bad = (settings: ConnectionSettings, credential?: string) => {
      try {
        dctHub.checkConnection(
          connectionFor('https://dct.example', settings),
          credential === undefined ? undefined : Secret.fromString(credential)
        )
      } catch (error) {
        return (error as AppError).code
      }
      return 'accepted'
    }
    expect(bad({ basePath: '/v2', serverVersion: '3.20.0' }, '1.abc')).toBe('BAD_REQUEST')
    expect(bad({ basePath: '/api' }, '1.abc')).toBe('BAD_REQUEST')
    expect(bad({ basePath: '/api', serverVersion: '3.23.0' }, '1.abc')).toBe('accepted')
    expect(bad({ basePath: '/dct/v3' }, undefined)).toBe('BAD_REQUEST')
    expect(bad({ basePath: '/dct/v3' }, 'apk ')).toBe('BAD_REQUEST')
    expect(bad({ basePath: '/dct/v3' }, '1.abc def')).toBe('BAD_REQUEST')
    expect(bad({}, '1.abc')).toBe('accepted')
  })
})

describe('DCT adapter: legacy 2.x API clients (/v2)', () => {
  it('lists, creates, renames and verifies API clients; refuses what 2.x lacks', async () => {
    const fake = await start({ versions: ['2.0.0'], keysPerTenant: 150 })
    const adapter = adapterFor(fake, { settings: { basePath: '/v2' } })
    expect(adapter.capabilities).toMatchObject({
      delete: 'none',
      rotation: 'manual',
      expiry: 'none',
      update: { name: true, status: false }
    })
    const { pages, keys } = await collect(adapter)
    expect(pages.map((p) => p.length)).toEqual([100, 51])
    expect(keys.every((k) => k.status === 'unknown')).toBe(true)

    const created = await adapter.createKey({ name: 'legacy-sync' })
    expect(created.secret?.reveal()).toMatch(/^\d+\.[A-Za-z0-9]{64}$/)
    expect(created.key).toMatchObject({ name: 'legacy-sync', status: 'active' })
    expect(fake.data.apiClients.get(Number(created.key.hubKeyId))!.token).toBe(
      created.secret?.reveal()
    )
    expect(fake.hub.requests.find((r) => r.method === 'POST')!.path).toBe(
      '/v2/management/api-clients'
    )

    const renamed = await adapter.updateKey(
      { hubKeyId: created.key.hubKeyId },
      { name: 'legacy-sync-2' }
    )
    expect(renamed.name).toBe('legacy-sync-2')
    expect(fake.data.apiClients.get(Number(created.key.hubKeyId))!.name).toBe('legacy-sync-2')

    expect(
      (await adapter.verifyKey({ hubKeyId: created.key.hubKeyId, secret: () => created.secret! }))
        .valid
    ).toBe(true)
    expect(
      (
        await adapter.verifyKey({
          hubKeyId: created.key.hubKeyId,
          secret: () => Secret.fromString('9.nope')
        })
      ).valid
    ).toBe(false)

    const ref = { hubKeyId: created.key.hubKeyId }
    for (const call of [
      adapter.deleteKey(ref),
      adapter.resetKey(ref),
      adapter.regenerateOwnKey(),
      adapter.globalKeyExpiry(),
      adapter.updateKey(ref, { status: 'inactive' })
    ]) {
      expect((await failureOf(call)).code).toBe('UNSUPPORTED')
    }
    expect(fake.data.apiClients.has(Number(created.key.hubKeyId))).toBe(true)
    expect((await adapter.testConnection()).detail).toContain('with 152 API clients')
  })
})

describe('DCT adapter: hub errors', () => {
  it('maps a refused credential to UNAUTHORIZED without echoing it', async () => {
    const fake = await start()
    const wrong = `1.${'x'.repeat(64)}`
    const error = await failureOf(adapterFor(fake, { credential: wrong }).testConnection())
    expect(error.code).toBe('UNAUTHORIZED')
    expect(error.message).toBe("DCT 'lab' answered 401: The API key is not valid.")
    expectNoSecrets(error.message, wrong, fake.credential)
  })

  it('maps a non-admin key to FORBIDDEN, and names a missing permission when DCT does', async () => {
    const fake = await start()
    const worker = fake.servers[0]!.nonAdminCredential()
    const error = await failureOf(collect(adapterFor(fake, { credential: worker })))
    expect(error.code).toBe('FORBIDDEN')
    expect(error.message).toContain('is not allowed to manage accounts')
    expectNoSecrets(error.message, worker)

    fake.hub.fail({ kind: 'status', status: 403, capability: 'ACCOUNT_UPDATE' }, 1)
    const named = await failureOf(
      adapterFor(fake).updateKey({ hubKeyId: String(usable(fake).id) }, { status: 'inactive' })
    )
    expect(named.code).toBe('FORBIDDEN')
    expect(named.message).toContain("lacks the 'ACCOUNT_UPDATE' permission")
  })

  it('maps an unknown account to NOT_FOUND', async () => {
    const fake = await start()
    const error = await failureOf(adapterFor(fake).getKey({ hubKeyId: '987654' }))
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      message: "DCT 'lab' answered 404: Account 987654 was not found."
    })
  })

  it('maps 422 to BAD_REQUEST with the hub sentence', async () => {
    const fake = await start()
    fake.hub.fail(
      { kind: 'status', status: 422, detail: 'username must not contain spaces.' },
      1,
      /^PUT /
    )
    const error = await failureOf(
      adapterFor(fake).updateKey({ hubKeyId: String(usable(fake).id) }, { name: 'a b' })
    )
    expect(error).toMatchObject({
      code: 'BAD_REQUEST',
      message: "DCT 'lab' answered 422: username must not contain spaces."
    })
  })

  it('retries a read after 429, honouring Retry-After', async () => {
    const fake = await start()
    fake.hub.fail({ kind: 'status', status: 429, retryAfter: 1 }, 2, /^GET /)
    const { keys } = await collect(adapterFor(fake))
    expect(keys).toHaveLength(13)
    expect(waits).toEqual([1000, 1000])
    expect(countRequests(fake, 'GET', '/dct/v3/management/accounts')).toBe(3)
  })

  it('gives RATE_LIMITED with the wait when 429 persists', async () => {
    const fake = await start()
    fake.hub.fail({ kind: 'status', status: 429, retryAfter: 1 }, 10, /^GET /)
    const error = await failureOf(collect(adapterFor(fake)))
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 })
  })

  it('retries reads after a 500 or a dropped connection, and reports a lasting 500', async () => {
    const fake = await start()
    fake.hub.fail({ kind: 'status', status: 500 }, 1, /^GET /)
    fake.hub.fail({ kind: 'reset' }, 1, /^GET /)
    expect((await collect(adapterFor(fake))).keys).toHaveLength(13)
    expect(countRequests(fake, 'GET', '/dct/v3/management/accounts')).toBe(3)

    fake.hub.fail({ kind: 'status', status: 500 }, 10, /^GET /)
    const error = await failureOf(collect(adapterFor(fake)))
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.message).toBe("DCT 'lab' answered 500: An internal error occurred.")
  })

  it('reports a hub that does not answer in time as TIMEOUT', async () => {
    const fake = await start()
    fake.hub.fail({ kind: 'timeout' }, 10, /^GET /)
    const error = await failureOf(collect(adapterFor(fake, { timeoutMs: 150 })))
    expect(error.code).toBe('TIMEOUT')
    expectNoSecrets(error.message, fake.credential)
  })

  it('reports an unreadable body as HUB_ERROR', async () => {
    const fake = await start()
    fake.hub.fail({ kind: 'malformed' }, 1, /^GET /)
    const error = await failureOf(collect(adapterFor(fake)))
    expect(error.code).toBe('HUB_ERROR')
    expect(error.message).toBe(
      "DCT 'lab' sent a response Hubkeys could not read (the account list was not {items, response_metadata})."
    )
  })
})

describe('simulated DCT: OpenAPI checks bite', () => {
  it('answers a request outside the spec with 400 and records it', async () => {
    const fake = await start()
    const response = await fetch(`${fake.url}/dct/v3/management/accounts`, {
      method: 'POST',
      headers: { authorization: `apk ${fake.credential}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'x',
        generate_api_key: true,
        api_key_expiry_time: '2030-01-01T00:00:00Z'
      })
    })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: string }).error).toBe('bad_request')
    expect(fake.servers[0]!.violations).toEqual([
      'create_account request: /requestBody must NOT have additional properties'
    ])
    fake.servers[0]!.violations.length = 0
  })

  it('refuses to send an answer outside the spec', async () => {
    const fake = await start()
    // /logout is in the spec with a body-less 200; a handler that sends a body breaks it.
    fake.hub.route('POST', '/dct/v3/logout', () => ({ status: 200, json: { bye: true } }))
    const response = await fetch(`${fake.url}/dct/v3/logout`, {
      method: 'POST',
      headers: { authorization: `apk ${fake.credential}` }
    })
    expect(response.status).toBe(500)
    expect(fake.servers[0]!.violations).toEqual([
      'account_logout 200: the spec documents no body, yet one was sent'
    ])
    fake.servers[0]!.violations.length = 0
  })

  it('rejects accounts with invented fields or bad dates, and checks legacy answers against 2.0.0', async () => {
    // The prepared documents (closed objects, `$ref` siblings dropped) are still valid OpenAPI.
    await checkDctSpecDefinition('3.23.0')
    await checkDctSpecDefinition('2.0.0')
    const v3 = await createDctSpecValidator('3.23.0', '/dct/v3')
    const list = {
      method: 'GET',
      path: '/dct/v3/management/accounts',
      headers: {},
      query: new URLSearchParams(),
      json: undefined
    }
    expect(
      v3.checkResponse(list, 200, { items: [{ id: 1, username: 'a', enabled: true }] })
    ).toEqual([])
    expect(v3.checkResponse(list, 200, { items: [{ id: 1, role: 'admin' }] })).not.toEqual([])
    expect(
      v3.checkResponse(list, 200, { items: [{ id: 1, creation_time: 'yesterday' }] })
    ).not.toEqual([])
    expect(
      v3.checkResponse(list, 200, { items: [{ id: 1, api_key_expiry_time: null }] })
    ).not.toEqual([])
    expect(v3.checkResponse(list, 201, { items: [] })).toEqual([
      'get_accounts: status 201 is not documented'
    ])
    const v2 = await createDctSpecValidator('2.0.0', '/v2')
    const create = {
      method: 'POST',
      path: '/v2/management/api-clients',
      headers: {},
      query: new URLSearchParams(),
      json: { name: 'n' }
    }
    expect(v2.checkRequest(create)).toEqual([])
    expect(v2.checkResponse(create, 201, { token: '1.a', api_client_entity_id: 2 })).toEqual([])
    expect(v2.checkResponse(create, 201, { token: '1.a', id: 2 })).not.toEqual([])
  })
})
