// The Optidash adapter against the simulated Optidash over real HTTP: create, rename, verify, usage and every injected failure.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorCode } from '../../../src-main/contract/result'
import { fingerprintOf } from '../../../src-main/core/hubs/fingerprint'
import type { HubAdapter, KeyRef } from '../../../src-main/core/hubs/hub-adapter'
import { optidashHub } from '../../../src-main/core/hubs/optidash'
import { redactUrl } from '../../../src-main/common/redact'
import { createOptidashFake, type OptidashFake } from '../../fakes/hubs/optidash.fake'
import {
  appErrorOf,
  createTestHttp,
  testConnection,
  type TestHttp
} from '../../helpers/hub-test-http'
import { Secret } from '../../../src-main/common/secret'

let fake: OptidashFake
let http: TestHttp
let adapter: HubAdapter
/** Same connection with a short timeout, for the injected timeouts. */
let quickHttp: TestHttp
let quick: HubAdapter

const refFor = (secret: string): KeyRef => ({
  hubKeyId: fingerprintOf(secret),
  secret: () => Secret.fromString(secret)
})
const existing = () => [...(fake.accounts[0]?.keys.values() ?? [])][0]!
/** Every credential the fake knows, so no message or log line may contain any of them. */
const allSecrets = () => [
  ...fake.credentials,
  ...fake.accounts.flatMap((account) => [...account.keys.keys()])
]
const expectNoSecret = (text: string) => {
  for (const secret of allSecrets()) expect(text).not.toContain(secret)
}
const posts = () => fake.requests.filter((r) => r.method === 'POST').length

beforeAll(async () => {
  fake = await createOptidashFake({ seed: 11, tenants: 2, keysPerTenant: 4 })
  http = createTestHttp()
  adapter = optidashHub.create({
    connection: testConnection('optidash', fake.url),
    credential: Secret.fromString(fake.credential),
    http: http.factory
  })
  quickHttp = createTestHttp({ timeoutMs: 300, retries: 1 })
  quick = optidashHub.create({
    connection: testConnection('optidash', fake.url),
    credential: Secret.fromString(fake.credential),
    http: quickHttp.factory
  })
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
  quickHttp.waits.splice(0)
})

describe('Optidash adapter', () => {
  it('declares what Optidash offers and refuses to pretend it can list keys', async () => {
    expect(adapter.capabilities).toMatchObject({
      list: 'local',
      create: 'hub',
      updateTarget: 'hub',
      delete: 'local',
      usage: 'requests',
      rotation: 'create-verify-retire',
      secretReturned: 'once',
      paging: 'none',
      expiry: 'none',
      uniqueNames: true
    })
    expect(adapter.capabilities.update).toEqual({
      name: true,
      ips: false,
      headers: false,
      role: false,
      status: false,
      expiry: false
    })
    const error = await appErrorOf(async () => {
      for await (const page of adapter.listKeys()) void page
    })
    expect(error.code).toBe('UNSUPPORTED')
    expect(fake.requests).toHaveLength(0)
  })

  it('requires the master key', () => {
    expect(() =>
      optidashHub.checkConnection(testConnection('optidash', fake.url), undefined)
    ).toThrow(/master key/)
  })

  it('tests the connection with the account call and Basic auth (master key, empty password)', async () => {
    const result = await adapter.testConnection()
    expect(result.tenant).toBe(fake.accounts[0]?.company)
    expect(result.detail).toMatch(
      /^Reached Optidash account ".+" on the .+ plan, \d+ of \d+ requests used this month\.$/
    )
    const auth = fake.requests[0]?.headers.authorization ?? ''
    expect(auth).toBe(`Basic ${Buffer.from(`${fake.credential}:`).toString('base64')}`)
    expect(fake.requests[0]?.path).toBe('/1.0/account')
  })

  it('accepts a base URL that already ends in /1.0', async () => {
    const other = optidashHub.create({
      connection: testConnection('optidash', `${fake.url}/1.0`),
      credential: Secret.fromString(fake.credential),
      http: http.factory
    })
    await other.testConnection()
    expect(fake.requests[0]?.path).toBe('/1.0/account')
  })

  it('creates a key once, returns its value once and identifies it by fingerprint, never by value', async () => {
    const created = await adapter.createKey({ name: 'grafana-readonly-new' })
    expect(created.secret).toBeTruthy()
    const secret = created.secret!.reveal()
    expect(fake.accounts[0]?.keys.get(secret)?.name).toBe('grafana-readonly-new')
    expect(created.key.hubKeyId).toBe(fingerprintOf(secret))
    expect(created.key.fingerprint).toBe(fingerprintOf(secret))
    expect(JSON.stringify(created.key)).not.toContain(secret)
    expect(created.key).toMatchObject({
      name: 'grafana-readonly-new',
      status: 'active',
      ipRules: null
    })
    expect(created.key.oddities).toEqual([])
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /1.0/keys'])
    expect(fake.requests[0]?.json).toEqual({ name: 'grafana-readonly-new' })
  })

  it('refuses what Optidash keys cannot have before calling the hub', async () => {
    for (const input of [
      { name: 'x', ips: ['203.0.113.0/24'] },
      { name: 'x', role: 'admin' },
      { name: 'x', expiresAt: Date.now() + 1000 },
      { name: 'x', status: 'inactive' as const }
    ]) {
      expect((await appErrorOf(() => adapter.createKey(input))).code).toBe('UNSUPPORTED')
    }
    expect((await appErrorOf(() => adapter.createKey({ name: '  ' }))).code).toBe('BAD_REQUEST')
    expect(fake.requests).toHaveLength(0)
  })

  it('maps a duplicate name to CONFLICT with a clear sentence', async () => {
    const error = await appErrorOf(() => adapter.createKey({ name: existing().name }))
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toBe('Optidash answered 409: A key with this name already exists.')
  })

  it.each([
    ['a 500', { kind: 'status', status: 500 } as const, 'UNAVAILABLE'],
    ['a 429', { kind: 'status', status: 429, retryAfter: 1 } as const, 'RATE_LIMITED'],
    ['a dropped connection', { kind: 'reset' } as const, 'UNAVAILABLE'],
    ['a timeout', { kind: 'timeout' } as const, 'TIMEOUT']
  ])(
    'never repeats a create after %s',
    async (_what, failure, code) => {
      const before = fake.accounts[0]!.keys.size
      fake.fail(failure, 5, /^POST /)
      const target = failure.kind === 'timeout' ? quick : adapter
      const error = await appErrorOf(() => target.createKey({ name: 'billing-writer-99' }))
      expect(error.code).toBe(code)
      expect(posts()).toBe(1)
      expect([...http.waits, ...quickHttp.waits]).toEqual([])
      expect(fake.accounts[0]!.keys.size).toBe(before)
    },
    20_000
  )

  it('says a key may exist when the create answer cannot be read', async () => {
    fake.fail({ kind: 'malformed' }, 1, /^POST /)
    const error = await appErrorOf(() => adapter.createKey({ name: 'etl-import-42' }))
    expect(error.code).toBe('HUB_ERROR')
    expect(error.message).toMatch(/could not read .*"etl-import-42" may now exist at Optidash/)
    expect(posts()).toBe(1)
  })

  it('renames a key addressed by its value, and refuses other edits', async () => {
    const key = existing()
    const updated = await adapter.updateKey(refFor(key.key), { name: 'renamed-key' })
    expect(updated).toMatchObject({ name: 'renamed-key', hubKeyId: fingerprintOf(key.key) })
    expect(key.name).toBe('renamed-key')
    expect(fake.requests[0]?.method).toBe('PUT')
    expect(fake.requests[0]?.path).toBe(`/1.0/keys/${encodeURIComponent(key.key)}`)
    expect((await appErrorOf(() => adapter.updateKey(refFor(key.key), { ips: null }))).code).toBe(
      'UNSUPPORTED'
    )
    // Renaming to the name it already has is not a conflict.
    await adapter.updateKey(refFor(key.key), { name: 'renamed-key' })
  })

  it('maps a rename to a taken name to CONFLICT', async () => {
    const [first, second] = [...fake.accounts[0]!.keys.values()]
    const error = await appErrorOf(() =>
      adapter.updateKey(refFor(first!.key), { name: second!.name })
    )
    expect(error.code).toBe('CONFLICT')
  })

  it('never sends a key whose stored value does not match its fingerprint', async () => {
    const ref: KeyRef = {
      hubKeyId: fingerprintOf('something-else'),
      secret: () => Secret.fromString(existing().key)
    }
    expect((await appErrorOf(() => adapter.updateKey(ref, { name: 'n' }))).code).toBe('BAD_REQUEST')
    expect(
      (await appErrorOf(() => adapter.verifyKey({ hubKeyId: 'sha256:000000000000' }))).code
    ).toBe('BAD_REQUEST')
    expect(fake.requests).toHaveLength(0)
  })

  it('keeps an unknown key out of the error even when Optidash echoes it', async () => {
    const ghost = 'ghostkey0123456789abcdefghij'
    const error = await appErrorOf(() => adapter.updateKey(refFor(ghost), { name: 'n' }))
    expect(error.code).toBe('NOT_FOUND')
    expect(error.message).not.toContain(ghost)
    expect(error.message).toMatch(/^Optidash answered 404: Key \[redacted\] does not exist\.$/)
  })

  it('verifies a key with the documented usage call (master key, one-day window)', async () => {
    const key = existing()
    const result = await adapter.verifyKey(refFor(key.key))
    expect(result.valid).toBe(true)
    expect(result.detail).toMatch(
      /^Optidash knows this key; it served \d+ requests? in the last day\.$/
    )
    const sent = fake.requests[0]!
    expect(sent.path).toBe(`/1.0/keys/${key.key}`)
    expect(sent.query.get('interval')).toBe('day')
    const span = Date.parse(sent.query.get('to')!) - Date.parse(sent.query.get('from')!)
    expect(span).toBe(86_400_000)
    expect(sent.headers.authorization).toBe(
      `Basic ${Buffer.from(`${fake.credential}:`).toString('base64')}`
    )

    const gone = await adapter.verifyKey(refFor('notakey9876543210zyxwvutsrq'))
    expect(gone).toEqual({
      valid: false,
      detail: 'Optidash does not know this key in this account; it may have been removed.'
    })
  })

  it('does not find a key of another account', async () => {
    const foreign = [...fake.accounts[1]!.keys.keys()][0]!
    expect((await adapter.verifyKey(refFor(foreign))).valid).toBe(false)
  })

  it('reads daily usage by default and maps count to requests and volume to bytes', async () => {
    const key = existing()
    const { points } = await adapter.usage!(refFor(key.key), {})
    expect(fake.requests[0]?.query.get('interval')).toBe('day')
    expect(fake.requests[0]?.query.has('from')).toBe(false)
    expect(points.length).toBeGreaterThanOrEqual(90)
    expect(points.length).toBeLessThanOrEqual(91)
    for (const point of points) {
      expect(point.requests).toEqual(expect.any(Number))
      expect(point.bytes).toEqual(expect.any(Number))
    }
    expect(points.some((point) => (point.requests ?? 0) > 0)).toBe(true)
  })

  it.each([
    ['hour', 3_600_000],
    ['week', 7 * 86_400_000]
  ] as const)('reads %s buckets within a range', async (interval, step) => {
    const to = Date.UTC(2026, 0, 29)
    const from = Date.UTC(2026, 0, 1)
    const { points } = await adapter.usage!(refFor(existing().key), { from, to, interval })
    expect(points[1]!.at - points[0]!.at).toBe(step)
    expect(fake.requests[0]?.query.get('from')).toBe('2026-01-01T00:00:00.000Z')
    expect(fake.requests[0]?.query.get('to')).toBe('2026-01-29T00:00:00.000Z')
  })

  it('reads months', async () => {
    const { points } = await adapter.usage!(refFor(existing().key), {
      from: Date.UTC(2025, 0, 1),
      to: Date.UTC(2026, 0, 1),
      interval: 'month'
    })
    expect(points.map((point) => new Date(point.at).getUTCDate())).toEqual(Array(12).fill(1))
  })

  it('reads 90 days at minute granularity in full', async () => {
    const to = Date.UTC(2026, 2, 1)
    const { points } = await adapter.usage!(refFor(existing().key), {
      from: to - 90 * 86_400_000,
      to,
      interval: 'minute'
    })
    expect(points).toHaveLength(90 * 1440)
    expect(points.at(-1)!.at - points[0]!.at).toBe((90 * 1440 - 1) * 60_000)
  })

  it('refuses a usage range that ends before it starts', async () => {
    const error = await appErrorOf(() => adapter.usage!(refFor(existing().key), { from: 2, to: 1 }))
    expect(error.code).toBe('BAD_REQUEST')
    expect(fake.requests).toHaveLength(0)
  })

  describe('injected failures', () => {
    const cases: Array<[string, Parameters<OptidashFake['fail']>[0], ErrorCode, RegExp]> = [
      [
        '401',
        { kind: 'status', status: 401 },
        'UNAUTHORIZED',
        /^Optidash answered 401: Unauthorized/
      ],
      ['403', { kind: 'status', status: 403 }, 'FORBIDDEN', /^Optidash answered 403: .*master key/],
      ['404', { kind: 'status', status: 404 }, 'NOT_FOUND', /^Optidash answered 404/],
      ['409', { kind: 'status', status: 409 }, 'CONFLICT', /^Optidash answered 409/],
      ['422', { kind: 'status', status: 422 }, 'BAD_REQUEST', /^Optidash answered 422/],
      [
        '429',
        { kind: 'status', status: 429, retryAfter: 1 },
        'RATE_LIMITED',
        /^Optidash answered 429/
      ],
      ['500', { kind: 'status', status: 500 }, 'UNAVAILABLE', /^Optidash answered 500/],
      ['timeout', { kind: 'timeout' }, 'TIMEOUT', /did not answer/],
      ['malformed', { kind: 'malformed' }, 'HUB_ERROR', /could not read/]
    ]

    it.each(cases)(
      '%s on a read',
      async (_name, failure, code, message) => {
        fake.fail(failure, Infinity)
        const key = existing()
        const target = failure.kind === 'timeout' ? quick : adapter
        const error = await appErrorOf(() => target.usage!(refFor(key.key), {}))
        expect(error.code).toBe(code)
        expect(error.message).toMatch(message)
        expect(error.message.split('. ').length).toBeLessThanOrEqual(2)
        expectNoSecret(error.message)
        if (code === 'RATE_LIMITED') expect(error.retryAfterSeconds).toBe(1)
      },
      20_000
    )

    it('retries a read after 429 with Retry-After, waiting as told', async () => {
      fake.fail({ kind: 'status', status: 429, retryAfter: 1 }, 1)
      const result = await adapter.testConnection()
      expect(result.detail).toMatch(/^Reached/)
      expect(http.waits).toEqual([1000])
      expect(fake.requests).toHaveLength(2)
    })

    it('retries a read after a 500', async () => {
      fake.fail({ kind: 'status', status: 500 }, 1)
      expect((await adapter.verifyKey(refFor(existing().key))).valid).toBe(true)
      expect(fake.requests).toHaveLength(2)
    })

    it('maps a wrong master key to UNAUTHORIZED and an ordinary key to FORBIDDEN', async () => {
      const wrong = optidashHub.create({
        connection: testConnection('optidash', fake.url),
        credential: Secret.fromString('not-the-master-key-at-all'),
        http: http.factory
      })
      const unauthorised = await appErrorOf(() => wrong.testConnection())
      expect(unauthorised.code).toBe('UNAUTHORIZED')
      expect(unauthorised.message).not.toContain('not-the-master-key-at-all')
      const ordinary = optidashHub.create({
        connection: testConnection('optidash', fake.url),
        credential: Secret.fromString(existing().key),
        http: http.factory
      })
      const forbidden = await appErrorOf(() => ordinary.createKey({ name: 'sneaky' }))
      expect(forbidden.code).toBe('FORBIDDEN')
      expect(forbidden.message).toBe(
        'Optidash answered 403: Forbidden: provisioning calls must use the master key.'
      )
    })

    it('maps an unreachable hub to UNAVAILABLE', async () => {
      fake.setDown(true)
      try {
        const error = await appErrorOf(() => adapter.testConnection())
        expect(error.code).toBe('UNAVAILABLE')
        expect(error.message).toMatch(/^Optidash: /)
      } finally {
        fake.setDown(false)
      }
    })
  })

  it('never writes a key or the master key into a log line, and the key-bearing URL redacts', async () => {
    const key = existing()
    await adapter.verifyKey(refFor(key.key))
    fake.fail({ kind: 'status', status: 500 }, 1)
    await adapter.usage!(refFor(key.key), {})
    expect(http.logs.length).toBeGreaterThan(0)
    for (const line of http.logs) expectNoSecret(line)
    // Redaction masks whatever follows /keys/, even a short all-letter key.
    expect(redactUrl(`${fake.url}/1.0/keys/abcdef?from=x`)).toBe(
      `${fake.url}/1.0/keys/[redacted]?[redacted]`
    )
  })
})
