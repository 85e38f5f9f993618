// The Owl Data Hub adapter against the simulated export endpoint over real HTTP: recorded keys, live verification, every injected failure.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { HubKey } from '../../../src-main/contract/hubs.contract'
import type { ErrorCode } from '../../../src-main/contract/result'
import { datahubHub, generateDatahubToken } from '../../../src-main/core/hubs/datahub'
import { fingerprintOf } from '../../../src-main/core/hubs/fingerprint'
import type { HubAdapter, KeyRef } from '../../../src-main/core/hubs/hub-adapter'
import {
  createDatahubFake,
  type DatahubFake,
  type DatahubFakeKey
} from '../../fakes/hubs/datahub.fake'
import {
  appErrorOf,
  createTestHttp,
  testConnection,
  type TestHttp
} from '../../helpers/hub-test-http'
import { Secret } from '../../../src-main/common/secret'

let fake: DatahubFake
let http: TestHttp
let quickHttp: TestHttp
/** No connection credential: keys are checked with their own value. */
let adapter: HubAdapter
/** A test key stored as the connection's credential. */
let withKey: HubAdapter
let quickWithKey: HubAdapter

const connection = () => testConnection('datahub', fake.url, { exportPath: fake.exportPath })
const refFor = (secret: string, current?: HubKey): KeyRef => ({
  hubKeyId: fingerprintOf(secret),
  secret: () => Secret.fromString(secret),
  ...(current ? { current } : {})
})
const keyWhere = (test: (key: DatahubFakeKey) => boolean) => {
  const key = fake.keys.find(test)
  if (!key) throw new Error('the seed has no such key; change the seed')
  return key
}
const expectNoSecret = (text: string) => {
  for (const key of fake.keys) expect(text).not.toContain(key.value)
}

beforeAll(async () => {
  fake = await createDatahubFake({ seed: 5, tenants: 2, keysPerTenant: 12 })
  http = createTestHttp()
  quickHttp = createTestHttp({ timeoutMs: 300, retries: 1 })
  adapter = datahubHub.create({
    connection: connection(),
    credential: undefined,
    http: http.factory
  })
  withKey = datahubHub.create({
    connection: connection(),
    credential: Secret.fromString(fake.credential),
    http: http.factory
  })
  quickWithKey = datahubHub.create({
    connection: connection(),
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
  fake.callerIp = '127.0.0.1'
})

describe('Data Hub adapter', () => {
  it('declares keys recorded and edited in Hubkeys, verified live', async () => {
    expect(adapter.capabilities).toEqual({
      list: 'local',
      create: 'local',
      update: { name: true, ips: true, headers: true, role: false, status: true, expiry: true },
      updateTarget: 'local',
      delete: 'local',
      verify: true,
      usage: 'none',
      rotation: 'guided',
      secretReturned: 'never',
      paging: 'none',
      roles: false,
      expiry: 'per-key',
      ipList: { emptyList: 'allows-all', families: [4] },
      accessTypes: [
        { id: 'api-key', valueChosen: false },
        { id: 'contentserv-token', valueChosen: false },
        { id: 'generic-token', valueChosen: true }
      ],
      uniqueNames: true
    })
    expect(
      (
        await appErrorOf(async () => {
          for await (const page of adapter.listKeys()) void page
        })
      ).code
    ).toBe('UNSUPPORTED')
  })

  it('needs an export endpoint: a path, a full URL, or a base URL that is the endpoint', () => {
    const check = (baseUrl: string, exportPath?: string) => () =>
      datahubHub.checkConnection(
        testConnection('datahub', baseUrl, exportPath === undefined ? {} : { exportPath }),
        undefined
      )
    expect(check('https://owl.example.com')).toThrow(/export endpoint/)
    expect(check('https://owl.example.com', 'owl/export/x')).toThrow(/path starting with \//)
    expect(check('https://owl.example.com', '/owl/export/x')).not.toThrow()
    expect(check('https://owl.example.com', 'https://other.example.com/export/x')).not.toThrow()
    expect(check('https://owl.example.com/owl/export/x')).not.toThrow()
  })

  it('tests the connection without a key: a guarded endpoint answers 401', async () => {
    const result = await adapter.testConnection()
    expect(result.detail).toBe(
      'Reached the Data Hub export endpoint; it asks for a key, as it should.'
    )
    const sent = fake.requests[0]!
    expect(sent.method).toBe('POST')
    expect(sent.path).toBe(fake.exportPath)
    expect(sent.headers.authorization).toBeUndefined()
    expect(sent.headers['content-type']).toMatch(/^application\/json/)
    expect(sent.json).toEqual({ filter: {}, changes: {}, limit: '0,1' })
  })

  it('tests the connection with a stored test key', async () => {
    const result = await withKey.testConnection()
    expect(result.detail).toBe(
      'Reached the Data Hub export "products"; the stored test key was accepted.'
    )
    expect(fake.requests[0]?.headers.authorization).toBe(fake.credential)
  })

  it('reaches an export given as a full URL', async () => {
    const full = datahubHub.create({
      connection: testConnection('datahub', 'https://unused.example.com', {
        exportPath: `${fake.url}/owl/export/assets`
      }),
      credential: Secret.fromString(fake.credential),
      http: http.factory
    })
    expect((await full.testConnection()).detail).toMatch(/export "assets"/)
  })

  it('says when the export path is wrong', async () => {
    const wrong = datahubHub.create({
      connection: testConnection('datahub', fake.url, { exportPath: '/owl/export/nothing' }),
      credential: Secret.fromString(fake.credential),
      http: http.factory
    })
    const error = await appErrorOf(() => wrong.testConnection())
    expect(error.code).toBe('NOT_FOUND')
    expect(error.message).toBe('Data Hub answered 404: There is no export named nothing.')
  })

  it('records a pasted key with normalised IP filters and checked headers, without calling Owl', async () => {
    const generated = generateDatahubToken()
    const secret = generated.reveal()
    const created = await adapter.createKey({
      name: '  partner-export  ',
      secret: generated,
      ips: ['203.0.113.9/255.255.255.0', '198.51.100.7'],
      headers: [{ name: 'X-Total-Count', value: '${collection.meta.count}', enabled: true }],
      status: 'active',
      expiresAt: Date.now() + 86_400_000
    })
    expect(created.secret).toBeNull()
    expect(created.key).toMatchObject({
      hubKeyId: fingerprintOf(secret),
      fingerprint: fingerprintOf(secret),
      name: 'partner-export',
      status: 'active',
      ipRules: ['203.0.113.0/24', '198.51.100.7/32'],
      headers: [{ name: 'X-Total-Count', value: '${collection.meta.count}', enabled: true }]
    })
    expect(JSON.stringify(created.key)).not.toContain(secret)
    expect(fake.requests).toHaveLength(0)
  })

  it.each([
    [{ ips: ['010.0.0.1'] }, /IP filter 1: .*no leading zeros/],
    [{ ips: ['10.0.0.0/255.0.255.0'] }, /IP filter 1: .*netmask/],
    [{ ips: ['2001:db8::/32'] }, /IP filter 1: .*IPv6/],
    [{ ips: ['10.0.0.0/8', '10.1.2.3/8'] }, /IP filter 2: 10\.0\.0\.0\/8 is already filter 1/],
    [
      { headers: [{ name: 'X-Count', value: 'n=${collection.meta.count}', enabled: true }] },
      /Response header 1: .*fixed text or exactly one of/
    ],
    [
      { headers: [{ name: 'X-Bad', value: '${collection.meta.total}', enabled: false }] },
      /exactly one of/
    ],
    [{ headers: [{ name: 'Bad Name', value: 'x', enabled: true }] }, /not a header name/],
    [
      { headers: [{ name: 'Content-Length', value: '1', enabled: true }] },
      /set by the HTTP answer/
    ],
    [{ secret: undefined }, /Paste the key's value/],
    [{ secret: Secret.fromString(' padded ') }, /space or line break/],
    [{ role: 'admin' }, /does not offer roles/]
  ])('refuses an invalid record: %j', async (fields, message) => {
    const error = await appErrorOf(() =>
      adapter.createKey({ name: 'k', secret: Secret.fromString('value-1234'), ...fields })
    )
    expect(['BAD_REQUEST', 'UNSUPPORTED']).toContain(error.code)
    expect(error.message).toMatch(message)
  })

  it('edits the record: name, IP filters, headers, status and expiry', async () => {
    const secret = 'edit-me-0123456789'
    const { key } = await adapter.createKey({ name: 'a', secret: Secret.fromString(secret) })
    const past = Date.now() - 1000
    const edited = await adapter.updateKey(refFor(secret, key), {
      name: 'b',
      ips: ['192.0.2.0/24'],
      headers: [{ name: 'X-Name', value: '${collection.meta.name}', enabled: false }],
      expiresAt: past
    })
    expect(edited).toMatchObject({
      hubKeyId: key.hubKeyId,
      name: 'b',
      ipRules: ['192.0.2.0/24'],
      status: 'expired',
      expiresAt: past
    })
    const revived = await adapter.updateKey(refFor(secret, edited), { expiresAt: null, ips: [] })
    expect(revived).toMatchObject({ status: 'active', expiresAt: null, ipRules: null })
    const off = await adapter.updateKey(refFor(secret, revived), { status: 'inactive' })
    expect(off.status).toBe('inactive')
    expect((await appErrorOf(() => adapter.updateKey(refFor(secret), { name: 'c' }))).code).toBe(
      'INTERNAL'
    )
    expect(
      (await appErrorOf(() => adapter.updateKey(refFor(secret, key), { ips: ['1.2.3'] }))).code
    ).toBe('BAD_REQUEST')
    expect(fake.requests).toHaveLength(0)
  })

  it('verifies an active key with the consumer call and the raw key', async () => {
    const key = keyWhere((k) => k.value === fake.credential)
    const result = await adapter.verifyKey(refFor(key.value))
    expect(result).toEqual({
      valid: true,
      detail: 'The Data Hub export "products" accepted this key.'
    })
    expect(fake.requests[0]?.headers.authorization).toBe(key.value)
  })

  it('notes where Owl and the record disagree', async () => {
    const key = keyWhere((k) => k.value === fake.credential)
    const { key: record } = await adapter.createKey({
      name: key.name,
      secret: Secret.fromString(key.value),
      headers: [
        ...key.headers,
        { name: 'X-Page-Offset', value: '${collection.meta.offset}', enabled: true }
      ],
      status: 'inactive'
    })
    const result = await adapter.verifyKey(refFor(key.value, record))
    expect(result.valid).toBe(true)
    expect(result.detail).toBe(
      'The Data Hub export "products" accepted this key. Note: Hubkeys records it as inactive; the answer lacked the recorded header X-Page-Offset; check the key in Owl.'
    )
  })

  /** A seeded key put into a known working state, changed "in Owl" by a test, restored after. */
  const withChangedKey = async (
    change: (key: DatahubFakeKey) => void,
    check: (secret: string) => Promise<void>
  ) => {
    const key = fake.keys[1]!
    const before = { ...key }
    Object.assign(key, { status: 'active', ipFilters: [], expiresAt: null })
    change(key)
    try {
      await check(before.value)
    } finally {
      Object.assign(key, before)
    }
  }

  it.each([
    [
      'a deleted key',
      (key: DatahubFakeKey) => {
        key.value = `${key.value}-gone`
      },
      /^The Data Hub refused this key \(401: Invalid API key\)\.$/
    ],
    [
      'an inactive key',
      (key: DatahubFakeKey) => {
        key.status = 'inactive'
      },
      /^The Data Hub refused this key \(403: This API key is inactive\)\.$/
    ],
    [
      'an expired key',
      (key: DatahubFakeKey) => {
        key.expiresAt = Date.now() - 3 * 86_400_000
      },
      /^The Data Hub refused this key \(403: This API key expired on \d{4}-\d\d-\d\d\)\.$/
    ],
    [
      'a key whose IP filters exclude the caller',
      (key: DatahubFakeKey) => {
        key.ipFilters = [{ address: '203.0.113.0', netmask: '255.255.255.0' }]
      },
      /^The Data Hub refused this key \(403: Access from 127\.0\.0\.1 is not allowed for this API key\)\.$/
    ]
  ] satisfies Array<[string, (key: DatahubFakeKey) => void, RegExp]>)(
    'reports %s as invalid',
    async (_what, change, detail) => {
      await withChangedKey(change, async (secret) => {
        const result = await adapter.verifyKey(refFor(secret))
        expect(result.valid).toBe(false)
        expect(result.detail).toMatch(detail)
        expectNoSecret(result.detail)
      })
    }
  )

  it('accepts a filtered key from an allowed address', async () => {
    await withChangedKey(
      (key) => void (key.ipFilters = [{ address: '10.0.0.0', netmask: '255.0.0.0' }]),
      async (secret) => {
        fake.callerIp = '10.20.30.40'
        expect((await adapter.verifyKey(refFor(secret))).valid).toBe(true)
        fake.callerIp = '11.0.0.1'
        expect((await adapter.verifyKey(refFor(secret))).valid).toBe(false)
      }
    )
  })

  it('answers with the key’s headers, placeholders filled from collection.meta', async () => {
    const key = keyWhere((k) => k.value === fake.credential)
    key.headers = [
      { name: 'X-Total-Count', value: '${collection.meta.count}', enabled: true },
      { name: 'X-Collection', value: '${collection.meta.name}', enabled: true },
      { name: 'X-Limit', value: '${collection.meta.limit}', enabled: true },
      { name: 'X-Offset', value: '${collection.meta.offset}', enabled: true },
      { name: 'X-Fixed', value: 'hello', enabled: true },
      { name: 'X-Off', value: 'hidden', enabled: false }
    ]
    const response = await fetch(`${fake.url}${fake.exportPath}`, {
      method: 'POST',
      headers: { authorization: key.value, 'content-type': 'application/json' },
      body: JSON.stringify({ filter: {}, changes: {}, limit: '5,2' })
    })
    const body = (await response.json()) as {
      collection: { meta: Record<string, unknown>; records: unknown[] }
    }
    const total = fake.exports.get('products')!.length
    expect(body.collection.meta).toEqual({ name: 'products', count: total, limit: 2, offset: 5 })
    expect(body.collection.records).toHaveLength(2)
    expect(response.headers.get('x-total-count')).toBe(String(total))
    expect(response.headers.get('x-collection')).toBe('products')
    expect(response.headers.get('x-limit')).toBe('2')
    expect(response.headers.get('x-offset')).toBe('5')
    expect(response.headers.get('x-fixed')).toBe('hello')
    expect(response.headers.get('x-off')).toBeNull()
  })

  it('refuses a body that is not the export body (the fake checks what the adapter sends)', async () => {
    const response = await fetch(`${fake.url}${fake.exportPath}`, {
      method: 'POST',
      headers: { authorization: fake.credential, 'content-type': 'application/json' },
      body: JSON.stringify({ limit: 1 })
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: { status: 400, code: 'bad_request' } })
  })

  it('generates generic tokens: 32 random bytes, base64url', () => {
    const a = generateDatahubToken().reveal()
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(a, 'base64url')).toHaveLength(32)
    expect(generateDatahubToken().reveal()).not.toBe(a)
  })

  describe('injected failures', () => {
    const cases: Array<[string, Parameters<DatahubFake['fail']>[0], ErrorCode, RegExp]> = [
      [
        '401',
        { kind: 'status', status: 401 },
        'UNAUTHORIZED',
        /^Data Hub answered 401: Missing or invalid API key\.$/
      ],
      [
        '403',
        { kind: 'status', status: 403 },
        'FORBIDDEN',
        /^Data Hub answered 403: This API key may not read/
      ],
      [
        '404',
        { kind: 'status', status: 404 },
        'NOT_FOUND',
        /^Data Hub answered 404: No such export\.$/
      ],
      ['409', { kind: 'status', status: 409 }, 'CONFLICT', /^Data Hub answered 409/],
      ['422', { kind: 'status', status: 422 }, 'BAD_REQUEST', /^Data Hub answered 422/],
      [
        '429',
        { kind: 'status', status: 429, retryAfter: 1 },
        'RATE_LIMITED',
        /^Data Hub answered 429/
      ],
      ['500', { kind: 'status', status: 500 }, 'UNAVAILABLE', /^Data Hub answered 500/],
      ['timeout', { kind: 'timeout' }, 'TIMEOUT', /^Data Hub: .*did not answer/],
      [
        'malformed',
        { kind: 'malformed' },
        'HUB_ERROR',
        /^Data Hub sent a response Hubkeys could not read/
      ]
    ]

    it.each(cases)('%s on the test call', async (_name, failure, code, message) => {
      fake.fail(failure, Infinity)
      const target = failure.kind === 'timeout' ? quickWithKey : withKey
      const error = await appErrorOf(() => target.testConnection())
      expect(error.code).toBe(code)
      expect(error.message).toMatch(message)
      expectNoSecret(error.message)
      if (code === 'RATE_LIMITED') expect(error.retryAfterSeconds).toBe(1)
    })

    it.each(cases.filter(([name]) => !['401', '403', 'timeout'].includes(name)))(
      '%s on verify is an error, not a verdict on the key',
      async (_name, failure, code) => {
        fake.fail(failure, Infinity)
        const error = await appErrorOf(() => adapter.verifyKey(refFor(fake.credential)))
        expect(error.code).toBe(code)
        expectNoSecret(error.message)
      }
    )

    it('retries the verification after 429 with Retry-After', async () => {
      fake.fail({ kind: 'status', status: 429, retryAfter: 1 }, 1)
      expect((await adapter.verifyKey(refFor(fake.credential))).valid).toBe(true)
      expect(http.waits).toEqual([1000])
      expect(fake.requests).toHaveLength(2)
    })

    it('maps an unreachable hub to UNAVAILABLE', async () => {
      fake.setDown(true)
      try {
        expect((await appErrorOf(() => adapter.testConnection())).code).toBe('UNAVAILABLE')
      } finally {
        fake.setDown(false)
      }
    })
  })

  it('never writes a key value into a log line', async () => {
    await adapter.verifyKey(refFor(fake.credential))
    await withChangedKey(
      (key) => void (key.status = 'inactive'),
      async (secret) => void (await adapter.verifyKey(refFor(secret)))
    )
    expect(http.logs.length).toBeGreaterThan(0)
    for (const line of http.logs) expectNoSecret(line)
  })
})
