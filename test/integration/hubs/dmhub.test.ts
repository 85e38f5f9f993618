// The DM-Hub adapter against the simulated usage API over real HTTP: recorded keys, verification, storage usage, every injected failure.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { HubKey } from '../../../src-main/contract/hubs.contract'
import type { ErrorCode } from '../../../src-main/contract/result'
import { dmhubHub } from '../../../src-main/core/hubs/dmhub'
import { fingerprintOf } from '../../../src-main/core/hubs/fingerprint'
import type { HubAdapter, KeyRef } from '../../../src-main/core/hubs/hub-adapter'
import { createDmhubFake, type DmhubFake, type DmhubFakeKey } from '../../fakes/hubs/dmhub.fake'
import {
  appErrorOf,
  createTestHttp,
  testConnection,
  type TestHttp
} from '../../helpers/hub-test-http'
import { Secret } from '../../../src-main/common/secret'

const day = 86_400_000
let fake: DmhubFake
let http: TestHttp
let quickHttp: TestHttp
/** Connection with the admin key. */
let admin: HubAdapter
let quickAdmin: HubAdapter
/** Connection without a credential: usage read with each key's own value. */
let keyOnly: HubAdapter

const conn = (settings = {}) => testConnection('dmhub', fake.url, settings)
const refFor = (secret: string, current?: HubKey): KeyRef => ({
  hubKeyId: fingerprintOf(secret),
  secret: () => Secret.fromString(secret),
  ...(current ? { current } : {})
})
const userKey = (username: string, test: (key: DmhubFakeKey) => boolean = () => true) => {
  const key = fake.users.find((u) => u.username === username)?.keys.find(test)
  if (!key) throw new Error('the seed has no such key; change the seed')
  return key
}
const allSecrets = () => fake.users.flatMap((u) => u.keys.map((k) => k.value))
const expectNoSecret = (text: string) => {
  for (const secret of allSecrets()) expect(text).not.toContain(secret)
}
const today = () => Date.now() - (Date.now() % day)
const paths = () => fake.requests.map((r) => r.path.replace('/apiBack/dataUsageDaily', ''))

beforeAll(async () => {
  fake = await createDmhubFake({ seed: 3, tenants: 4, keysPerTenant: 4 })
  http = createTestHttp()
  quickHttp = createTestHttp({ timeoutMs: 300, retries: 1 })
  admin = dmhubHub.create({
    connection: conn(),
    credential: Secret.fromString(fake.credential),
    http: http.factory
  })
  quickAdmin = dmhubHub.create({
    connection: conn(),
    credential: Secret.fromString(fake.credential),
    http: quickHttp.factory
  })
  keyOnly = dmhubHub.create({ connection: conn(), credential: undefined, http: http.factory })
})
afterAll(async () => {
  await http.close()
  await quickHttp.close()
  await fake.close()
})
afterEach(() => {
  fake.clearFailures()
  fake.requests.splice(0)
  http.waits.splice(0)
})

describe('DM-Hub adapter', () => {
  it('declares keys recorded in Hubkeys, verified live, with storage usage', async () => {
    expect(admin.capabilities).toEqual({
      list: 'local',
      create: 'local',
      update: { name: true, ips: false, headers: false, role: false, status: true, expiry: true },
      updateTarget: 'local',
      delete: 'local',
      verify: true,
      usage: 'storage',
      rotation: 'guided',
      secretReturned: 'never',
      paging: 'none',
      roles: false,
      expiry: 'per-key'
    })
    const error = await appErrorOf(async () => {
      for await (const page of admin.listKeys()) void page
    })
    expect(error.code).toBe('UNSUPPORTED')
  })

  it('tests the connection as the admin with Bearer auth', async () => {
    const result = await admin.testConnection()
    expect(result).toEqual({
      detail: 'Reached DM-Hub as hubkeys-admin; the admin key was accepted.',
      tenant: 'hubkeys-admin'
    })
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${fake.credential}`)
    expect(fake.requests[0]?.path).toBe('/apiBack/dataUsageDaily/myDataUsage')
  })

  it('tests the connection without a key: the API asks for one', async () => {
    const result = await keyOnly.testConnection()
    expect(result.detail).toMatch(/^Reached DM-Hub; it asks for a key, as it should\./)
    expect(fake.requests[0]?.headers.authorization).toBeUndefined()
  })

  it('accepts a base URL that already includes the API path', async () => {
    const other = dmhubHub.create({
      connection: testConnection('dmhub', `${fake.url}/apiBack/dataUsageDaily/`),
      credential: Secret.fromString(fake.credential),
      http: http.factory
    })
    await other.testConnection()
    expect(fake.requests[0]?.path).toBe('/apiBack/dataUsageDaily/myDataUsage')
  })

  it('records a pasted key and edits name, status and expiry, without calling DM-Hub', async () => {
    const secret = 'dmh_pasted-value-0123456789'
    const created = await admin.createKey({
      name: 'pipeline',
      secret: Secret.fromString(secret),
      expiresAt: Date.now() + day
    })
    expect(created.secret).toBeNull()
    expect(created.key).toMatchObject({
      hubKeyId: fingerprintOf(secret),
      name: 'pipeline',
      status: 'active',
      ipRules: null,
      headers: []
    })
    const revoked = await admin.updateKey(refFor(secret, created.key), {
      status: 'inactive',
      name: 'old'
    })
    expect(revoked).toMatchObject({ status: 'inactive', name: 'old' })
    const expired = await admin.updateKey(refFor(secret, created.key), {
      expiresAt: Date.now() - day
    })
    expect(expired.status).toBe('expired')
    expect(
      (
        await appErrorOf(() =>
          admin.createKey({ name: 'x', secret: Secret.fromString(secret), ips: ['1.2.3.4'] })
        )
      ).code
    ).toBe('UNSUPPORTED')
    expect(
      (
        await appErrorOf(() =>
          admin.updateKey(refFor(secret, created.key), {
            headers: [{ name: 'X-A', value: '1', enabled: true }]
          })
        )
      ).code
    ).toBe('UNSUPPORTED')
    expect((await appErrorOf(() => admin.createKey({ name: 'x' }))).message).toMatch(
      /Paste the key's value: DM-Hub keys are made in your DM-Hub profile page/
    )
    expect(fake.requests).toHaveLength(0)
  })

  it('verifies a key with myDataUsage made with the key itself', async () => {
    const key = userKey('ana')
    const result = await keyOnly.verifyKey(refFor(key.value))
    expect(result.valid).toBe(true)
    expect(result.detail).toMatch(/^DM-Hub accepted this key as ana \(\d+ filesets?\)\.$/)
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${key.value}`)
    // The admin connection verifies with the key too, not with its own credential.
    await admin.verifyKey(refFor(key.value))
    expect(fake.requests[1]?.headers.authorization).toBe(`Bearer ${key.value}`)
  })

  it.each([
    [
      'a revoked key',
      (key: DmhubFakeKey) => {
        key.status = 'revoked'
      },
      /API key has been revoked/
    ],
    [
      'an expired key',
      (key: DmhubFakeKey) => {
        key.expiresAt = Date.now() - day
      },
      /API key has expired/
    ],
    [
      'a deleted key',
      (key: DmhubFakeKey) => {
        key.value = `${key.value}-gone`
      },
      /Invalid API key/
    ]
  ] satisfies Array<[string, (key: DmhubFakeKey) => void, RegExp]>)(
    'reports %s as invalid',
    async (_what, change, reason) => {
      // The user's first key works (the fake makes it so); change it at the hub, then restore it.
      const key = fake.users.find((u) => u.username === 'carla')!.keys[0]!
      const secret = key.value
      const before = { ...key }
      change(key)
      try {
        const result = await keyOnly.verifyKey(refFor(secret))
        expect(result.valid).toBe(false)
        expect(result.detail).toMatch(
          /^DM-Hub refused this key \(401: .+\); it may be revoked, expired or deleted in the profile page\.$/
        )
        expect(result.detail).toMatch(reason)
        expectNoSecret(result.detail)
        Object.assign(key, before)
        expect((await keyOnly.verifyKey(refFor(secret))).valid).toBe(true)
      } finally {
        Object.assign(key, before)
      }
    }
  )

  it('charts storage with the admin key from the time series, summed over the configured filesets', async () => {
    const chosen = fake.filesets.slice(0, 2).map((f) => f.name)
    const scoped = dmhubHub.create({
      connection: conn({ filesets: chosen }),
      credential: Secret.fromString(fake.credential),
      http: http.factory
    })
    const to = today()
    const from = to - 6 * day
    const { points } = await scoped.usage!(refFor(userKey('ana').value), { from, to })
    expect(paths()).toEqual(['/timeseries/filesets'])
    expect(fake.requests[0]?.query.get('startDate')).toBe(new Date(from).toISOString().slice(0, 10))
    expect(fake.requests[0]?.query.get('endDate')).toBe(new Date(to).toISOString().slice(0, 10))
    expect(points).toHaveLength(7)
    const expected = (at: number) =>
      fake.filesets
        .filter((f) => chosen.includes(f.name))
        .reduce(
          (sum, f) => sum + f.members.reduce((s, u) => s + fake.storageOf(u, f.name, at), 0),
          0
        )
    for (const point of points) {
      expect(point).toEqual({ at: point.at, requests: null, bytes: expected(point.at) })
    }
    expect(points[0]!.at).toBe(from)
  })

  it('charts every fileset with the admin key when none are configured, in weeks', async () => {
    const to = today()
    const { points } = await admin.usage!(refFor('unused-by-admin-path'), {
      from: to - 27 * day,
      to,
      interval: 'week'
    })
    expect(points.length).toBeGreaterThanOrEqual(4)
    expect(points.length).toBeLessThanOrEqual(5)
    for (const point of points) expect(new Date(point.at).getUTCDay()).toBe(1)
    // A week shows its last day's level: the newest bucket holds today's total.
    const todayTotal = fake.filesets.reduce(
      (sum, f) => sum + f.members.reduce((s, u) => s + fake.storageOf(u, f.name, to), 0),
      0
    )
    expect(points.at(-1)!.bytes).toBe(todayTotal)
  })

  it("charts a key's own storage from its filesets' history when the connection has no admin key", async () => {
    const key = userKey(
      'bruno',
      (k) => k.status === 'active' && (k.expiresAt ?? Infinity) > Date.now()
    )
    const mine = fake.filesets.filter((f) => f.members.includes('bruno')).map((f) => f.name)
    expect(mine.length).toBeGreaterThan(0)
    const { points } = await keyOnly.usage!(refFor(key.value), { from: today() - 9 * day })
    expect(paths()).toEqual([
      '/myDataUsage',
      ...mine.map((name) => `/users/filesets/historic/${name}`)
    ])
    expect(fake.requests.every((r) => r.headers.authorization === `Bearer ${key.value}`)).toBe(true)
    expect(points).toHaveLength(10)
    for (const point of points) {
      expect(point.bytes).toBe(
        mine.reduce((sum, name) => sum + fake.storageOf('bruno', name, point.at), 0)
      )
    }
  })

  it('needs the admin key or the key value for usage', async () => {
    const error = await appErrorOf(() => keyOnly.usage!({ hubKeyId: 'sha256:000000000000' }, {}))
    expect(error.code).toBe('BAD_REQUEST')
    expect(error.message).toBe(
      "DM-Hub storage needs an admin key on the connection or this key's value in Hubkeys."
    )
  })

  it('maps a time series refused to a plain user to FORBIDDEN with DM-Hub’s reason', async () => {
    const plainUser = fake.users.find((u) => u.role === 'user')!
    const asUser = dmhubHub.create({
      connection: conn(),
      credential: Secret.fromString(plainUser.keys[0]!.value),
      http: http.factory
    })
    const error = await appErrorOf(() => asUser.usage!(refFor('x'), {}))
    expect(error.code).toBe('FORBIDDEN')
    expect(error.message).toBe(
      'DM-Hub answered 403: Only fileset owners and admins may read time series.'
    )
  })

  it('maps a fileset the key cannot see to FORBIDDEN and an unknown one to NOT_FOUND', async () => {
    const key = userKey('ana')
    const hidden = fake.filesets.find((f) => !f.members.includes('bruno'))!
    expect(hidden).toBeDefined()
    const bruno = fake.users.find((u) => u.username === 'bruno')!.keys[0]!
    const scoped = dmhubHub.create({
      connection: conn({ filesets: [hidden.name] }),
      credential: undefined,
      http: http.factory
    })
    const refused = await appErrorOf(() => scoped.usage!(refFor(bruno.value), {}))
    expect(refused.code).toBe('FORBIDDEN')
    expect(refused.message).toBe('DM-Hub answered 403: You are not a member of this fileset.')
    const missing = dmhubHub.create({
      connection: conn({ filesets: ['no such/set'] }),
      credential: undefined,
      http: http.factory
    })
    const error = await appErrorOf(() => missing.usage!(refFor(key.value), {}))
    expect(error.code).toBe('NOT_FOUND')
    expect(fake.requests.at(-1)?.path).toBe(
      '/apiBack/dataUsageDaily/users/filesets/historic/no%20such%2Fset'
    )
  })

  describe('injected failures', () => {
    const cases: Array<[string, Parameters<DmhubFake['fail']>[0], ErrorCode, RegExp]> = [
      [
        '401',
        { kind: 'status', status: 401 },
        'UNAUTHORIZED',
        /^DM-Hub answered 401: Full authentication is required/
      ],
      [
        '403',
        { kind: 'status', status: 403 },
        'FORBIDDEN',
        /^DM-Hub answered 403: Access is denied\.$/
      ],
      ['404', { kind: 'status', status: 404 }, 'NOT_FOUND', /^DM-Hub answered 404/],
      ['409', { kind: 'status', status: 409 }, 'CONFLICT', /^DM-Hub answered 409/],
      ['422', { kind: 'status', status: 422 }, 'BAD_REQUEST', /^DM-Hub answered 422/],
      [
        '429',
        { kind: 'status', status: 429, retryAfter: 1 },
        'RATE_LIMITED',
        /^DM-Hub answered 429/
      ],
      ['500', { kind: 'status', status: 500 }, 'UNAVAILABLE', /^DM-Hub answered 500/],
      ['timeout', { kind: 'timeout' }, 'TIMEOUT', /^DM-Hub: .*did not answer/],
      [
        'malformed',
        { kind: 'malformed' },
        'HUB_ERROR',
        /^DM-Hub sent a response Hubkeys could not read/
      ]
    ]

    it.each(cases)('%s on the test call', async (_name, failure, code, message) => {
      fake.fail(failure, Infinity)
      const target = failure.kind === 'timeout' ? quickAdmin : admin
      const error = await appErrorOf(() => target.testConnection())
      expect(error.code).toBe(code)
      expect(error.message).toMatch(message)
      expectNoSecret(error.message)
      if (code === 'RATE_LIMITED') expect(error.retryAfterSeconds).toBe(1)
    })

    it.each(cases.filter(([name]) => name !== 'timeout'))(
      '%s on a usage read',
      async (_name, failure, code) => {
        fake.fail(failure, Infinity)
        const error = await appErrorOf(() => admin.usage!(refFor('x'), {}))
        expect(error.code).toBe(code)
        expectNoSecret(error.message)
      }
    )

    it('retries a usage read after 429 with Retry-After', async () => {
      fake.fail({ kind: 'status', status: 429, retryAfter: 1 }, 1)
      const { points } = await admin.usage!(refFor('x'), { from: today() - day })
      expect(points).toHaveLength(2)
      expect(http.waits).toEqual([1000])
    })

    it('maps an unreachable hub to UNAVAILABLE', async () => {
      fake.setDown(true)
      try {
        expect((await appErrorOf(() => admin.testConnection())).code).toBe('UNAVAILABLE')
      } finally {
        fake.setDown(false)
      }
    })
  })

  it('never writes a key or the admin key into a log line', async () => {
    await admin.testConnection()
    await keyOnly.verifyKey(refFor(userKey('ana').value))
    await keyOnly.usage!(refFor(userKey('ana').value), {})
    expect(http.logs.length).toBeGreaterThan(0)
    for (const line of http.logs) expectNoSecret(line)
  })
})
