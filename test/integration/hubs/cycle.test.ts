// The Cycle adapter against the simulated Cycle hub over real HTTP: paging, CRUD, verify, roles, every injected failure, and spec-valid traffic throughout.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { HubKey } from '../../../src-main/contract/hubs.contract'
import { parseIpRule } from '../../../src-main/contract/ip-rules'
import type { ErrorCode } from '../../../src-main/contract/result'
import { cycleHub } from '../../../src-main/core/hubs/cycle'
import { fingerprintOf } from '../../../src-main/core/hubs/fingerprint'
import type { HubAdapter } from '../../../src-main/core/hubs/hub-adapter'
import type { InjectedFailure } from '../../fakes/hubs/fake-hub-server'
import { createCycleFake, type CycleFake, type CycleFakeKey } from '../../fakes/hubs/cycle.fake'
import { createCycleSpecValidator } from '../../fakes/hubs/cycle-openapi.validator'
import {
  appErrorOf,
  createTestHttp,
  testConnection,
  type TestHttp
} from '../../helpers/hub-test-http'
import { Secret } from '../../../src-main/common/secret'

let fake: CycleFake
let http: TestHttp
let adapter: HubAdapter
/** Same hub with a short timeout, for the injected timeouts. */
let quickHttp: TestHttp
let quick: HubAdapter

const connection = (hubId = fake.hubId) => testConnection('cycle', fake.url, { hubId })
const adapterFor = (credential: string, hubId = fake.hubId, client: TestHttp = http) =>
  cycleHub.create({
    connection: connection(hubId),
    credential: Secret.fromString(credential),
    http: client.factory
  })
const label = 'Cycle (cycle test)'

const listAll = async (target: HubAdapter = adapter): Promise<HubKey[]> => {
  const keys: HubKey[] = []
  for await (const page of target.listKeys()) keys.push(...page.keys)
  return keys
}
const hubOf = (index: number) => fake.hubs[index]!
const roleId = (identifier: string, index = 0) =>
  hubOf(index).roles.find((r) => r.identifier === identifier)!.id
const keyRecord = (id: string, index = 0) => hubOf(index).keys.find((k) => k.id === id)!
const liveKey = (where: (k: CycleFakeKey) => boolean, index = 0) =>
  hubOf(index).keys.find((k) => k.state === 'live' && where(k))!
const requests = (method: string, pathPart = '/api-keys') =>
  fake.requests.filter((r) => r.method === method && r.path.includes(pathPart))
const allSecrets = () => fake.hubs.flatMap((h) => h.keys.map((k) => k.secret))
const expectClean = (message: string) => {
  for (const secret of allSecrets()) expect(message).not.toContain(secret)
  expect(message).toMatch(/\.$/)
}
const keysOnly = /^(GET|POST) \/v1\/hubs\/current\/api-keys$/
const listOnly = /^GET \/v1\/hubs\/current\/api-keys$/

beforeAll(async () => {
  fake = await createCycleFake({ seed: 5, tenants: 3, keysPerTenant: 230, deleteSettleMs: 60_000 })
  http = createTestHttp()
  adapter = adapterFor(fake.credential)
  quickHttp = createTestHttp({ timeoutMs: 300, retries: 1 })
  quick = adapterFor(fake.credential, fake.hubId, quickHttp)
})
afterAll(async () => {
  await http.close()
  await quickHttp.close()
  await fake.close()
})
afterEach(() => {
  const violations = fake.specViolations()
  fake.clearSpecViolations()
  fake.clearFailures()
  fake.setAuthErrorStyle('envelope')
  fake.requests.splice(0)
  http.waits.splice(0)
  quickHttp.waits.splice(0)
  // Every request the adapter sent and every answer the fake gave followed the OpenAPI file.
  expect(violations).toEqual([])
})

describe('Cycle connection', () => {
  it('declares what Cycle offers', () => {
    expect(adapter.capabilities).toEqual({
      list: 'hub',
      create: 'hub',
      update: { name: true, ips: true, headers: false, role: true, status: false, expiry: false },
      updateTarget: 'hub',
      delete: 'hub',
      verify: true,
      usage: 'none',
      rotation: 'create-verify-delete',
      secretReturned: 'once',
      paging: 'page-number',
      roles: true,
      expiry: 'none',
      ipList: { emptyList: 'denies-all', families: [4, 6] }
    })
    expect(cycleHub.capabilities).toBe(adapter.capabilities)
    expect(adapter.usage).toBeUndefined()
  })

  it('refuses a connection without a usable hub id or key, with one clear sentence and no request', async () => {
    const refused = (settings: { hubId?: string }, credential: string | undefined) =>
      appErrorOf(async () =>
        cycleHub.checkConnection(
          testConnection('cycle', fake.url, settings),
          credential === undefined ? undefined : Secret.fromString(credential)
        )
      )
    const noHub = await refused({}, fake.credential)
    expect(noHub.code).toBe('BAD_REQUEST')
    expect(noHub.message).toBe(
      'A Cycle connection needs the hub id, which every call sends as X-Hub-Id; copy it from the hub settings in the Cycle portal.'
    )
    expect((await refused({ hubId: '   ' }, fake.credential)).message).toMatch(/needs the hub id/)
    expect((await refused({ hubId: 'abc\r\nX-Evil: 1' }, fake.credential)).message).toMatch(
      /only letters, digits/
    )
    expect((await refused({ hubId: fake.hubId }, '  ')).message).toMatch(/Enter the Cycle API key/)
    const spaced = await refused({ hubId: fake.hubId }, 'abc def')
    expect(spaced.message).toBe(
      'The Cycle API key must be one line without spaces; paste it again.'
    )
    expect(() => cycleHub.checkConnection(connection(), undefined)).not.toThrow()
    const noKey = await appErrorOf(async () =>
      cycleHub.create({ connection: connection(), credential: undefined, http: http.factory })
    )
    expect(noKey.message).toMatch(/has no API key stored/)
    expect(fake.requests).toHaveLength(0)
  })

  it('tests the connection with Bearer and X-Hub-Id on every call', async () => {
    const result = await adapter.testConnection()
    expect(result).toEqual({
      tenant: fake.hubId,
      detail: `Reached Cycle hub ${fake.hubId}: this API key can manage API keys and sees 5 roles to give new keys.`
    })
    expect(fake.requests.length).toBeGreaterThanOrEqual(2)
    for (const request of fake.requests) {
      expect(request.headers.authorization).toBe(`Bearer ${fake.credential}`)
      expect(request.headers['x-hub-id']).toBe(fake.hubId)
    }
  })
})

describe('listing', () => {
  it('pages until a page comes back empty and returns what the hub holds, normalised', async () => {
    const pages: { tenant: string; count: number }[] = []
    const keys: HubKey[] = []
    for await (const page of adapter.listKeys()) {
      pages.push({ tenant: page.tenant, count: page.keys.length })
      keys.push(...page.keys)
    }
    const expected = hubOf(0).keys.filter((k) => k.state !== 'deleted')
    expect(expected.length).toBeGreaterThan(200)
    expect(keys.map((k) => k.hubKeyId)).toEqual(expected.map((k) => k.id))
    expect(pages).toEqual([
      { tenant: fake.hubId, count: 100 },
      { tenant: fake.hubId, count: 100 },
      { tenant: fake.hubId, count: expected.length - 200 }
    ])
    const listed = requests('GET').map((r) => [
      r.query.get('page[number]'),
      r.query.get('page[size]')
    ])
    // A short page is not the end: only the empty page 4 says the list is complete.
    expect(listed).toEqual([
      ['1', '100'],
      ['2', '100'],
      ['3', '100'],
      ['4', '100']
    ])

    for (const key of keys) {
      const record = keyRecord(key.hubKeyId)
      expect(key.name).toBe(record.name)
      expect(key.tenant).toBe(fake.hubId)
      expect(key.role).toBe(record.roleId)
      expect(key.status).toBe(record.state === 'live' ? 'active' : 'inactive')
      expect(key.createdAt).toBe(Date.parse(record.created))
      expect(key.fingerprint).toBeNull()
      expect(key.oddities).toEqual([])
      if (record.ips === null) expect(key.ipRules).toBeNull()
      else {
        expect(key.ipRules).toEqual(
          record.ips.map((ip) => (parseIpRule(ip) as { cidr: string }).cidr)
        )
      }
    }
    // Realistic variety: unrestricted keys, single hosts, ranges, allow-all and IPv6 rules.
    const rules = keys.flatMap((k) => k.ipRules ?? [])
    expect(keys.some((k) => k.ipRules === null)).toBe(true)
    expect(rules.some((r) => r.endsWith('/32'))).toBe(true)
    expect(rules.some((r) => r.endsWith('/24'))).toBe(true)
    expect(rules).toContain('0.0.0.0/0')
    expect(rules.some((r) => r.includes(':'))).toBe(true)
    // Scopes come from the key's role; the admin role's include api-keys-manage.
    const admin = keys.find((k) => k.name === 'hubkeys-admin')!
    expect(admin.scopes).toContain('api-keys-manage')
    // No secret, not even the masked copies Cycle sends after create.
    const text = JSON.stringify(keys)
    expect(text).not.toContain('********')
    for (const secret of allSecrets()) expect(text).not.toContain(secret)
  })

  it('asks for one more page when the list ends on a full page', async () => {
    const hub = hubOf(2)
    const admin = hub.keys.find((k) => k.secret === hub.adminSecret)!
    const others = hub.keys.filter((k) => k !== admin && k.state !== 'deleted')
    const keep = [admin, ...others].slice(0, 200)
    hub.keys.splice(0, hub.keys.length, ...keep)
    const keys = await listAll(adapterFor(hub.adminSecret, hub.id))
    expect(keys).toHaveLength(200)
    expect(requests('GET').map((r) => r.query.get('page[number]'))).toEqual(['1', '2', '3'])
  })

  it('asks for the next page before handing out the one it has, and for none after the empty page', async () => {
    const asked = () => requests('GET').map((r) => r.query.get('page[number]'))
    const listing = adapter.listKeys()[Symbol.asyncIterator]()
    const first = await listing.next()
    expect(first.value?.keys).toHaveLength(100)
    // Page 2 is on its way while page 1 is read (the fake logs a request when it arrives).
    await vi.waitFor(() => expect(asked()).toEqual(['1', '2']))
    while (!(await listing.next()).done);
    expect(asked()).toEqual(['1', '2', '3', '4'])
  })

  it('asks for the roles and the first page of keys together, and reads keys once the roles are in', async () => {
    const arrivals = () =>
      fake.requests
        .filter((r) => r.method === 'GET')
        .map((r) => `${r.path.split('/').at(-1)} ${r.query.get('page[number]')}`)
    // With a latency, a request sent only after another's answer arrives after it in the log.
    fake.setLatency(30)
    try {
      const keys = await listAll()
      expect(keys.length).toBeGreaterThan(200)
      // Scopes come from the roles, so every key was read with them.
      expect(keys.some((k) => k.scopes.length > 0)).toBe(true)
    } finally {
      fake.setLatency(0)
    }
    const log = arrivals()
    // Both listings start at once: key page 1 is not waiting behind the roles' closing empty page.
    expect(log.slice(0, 2).sort()).toEqual(['api-keys 1', 'roles 1'])
    expect(log.indexOf('api-keys 1')).toBeLessThan(log.indexOf('roles 2'))
    expect(log.filter((entry) => entry.startsWith('roles'))).toEqual(['roles 1', 'roles 2'])
  })

  it('stops the listing before any page when the roles cannot be reached or read, and reports a failing key list over pending roles', async () => {
    fake.fail({ kind: 'reset' }, Infinity, /^GET \/v1\/hubs\/current\/roles$/)
    const pages: number[] = []
    const failed = await appErrorOf(async () => {
      for await (const page of quick.listKeys()) pages.push(page.keys.length)
    })
    expect(failed.code).toBe('UNAVAILABLE')
    expect(pages).toEqual([])
    fake.clearFailures()
    // Roles it cannot read stop it too: listed without them, every key would lose its scopes.
    fake.fail({ kind: 'malformed' }, Infinity, /^GET \/v1\/hubs\/current\/roles$/)
    const unreadable = await appErrorOf(async () => {
      for await (const page of quick.listKeys()) pages.push(page.keys.length)
    })
    expect(unreadable.code).toBe('HUB_ERROR')
    expect(unreadable.message).toMatch(/roles/)
    expect(pages).toEqual([])
    fake.clearFailures()
    // The key list fails while the roles are still on their way: its error is the one reported,
    // and the roles' later answer is dropped without an unhandled rejection (vitest reports those).
    fake.fail({ kind: 'reset' }, Infinity, listOnly)
    fake.fail({ kind: 'timeout' }, Infinity, /^GET \/v1\/hubs\/current\/roles$/)
    const keysFailed = await appErrorOf(() => listAll(quick))
    expect(keysFailed.code).toBe('UNAVAILABLE')
    expect(keysFailed.message).not.toMatch(/time/i)
  })

  it('keeps each hub apart: the hub id picks the key space', async () => {
    const second = hubOf(1)
    const keys = await listAll(adapterFor(second.adminSecret, second.id))
    expect(new Set(keys.map((k) => k.hubKeyId))).toEqual(
      new Set(second.keys.filter((k) => k.state !== 'deleted').map((k) => k.id))
    )
    expect(keys.every((k) => k.tenant === second.id)).toBe(true)
    expect(fake.requests.every((r) => r.headers['x-hub-id'] === second.id)).toBe(true)
  })

  it('lists without scopes when the key may manage keys but not read roles', async () => {
    const hub = hubOf(0)
    hub.roles.push({
      id: 'aaaaaaaaaaaaaaaaaaaaaaaa',
      name: 'Key manager',
      identifier: 'key-manager',
      rank: 4,
      root: false,
      defaultOf: null,
      all: false,
      specific: ['api-keys-manage'],
      created: '2024-01-01T00:00:00Z'
    })
    const manager = liveKey((k) => k.name !== 'hubkeys-admin' && k.ips === null)
    const before = manager.roleId
    manager.roleId = 'aaaaaaaaaaaaaaaaaaaaaaaa'
    try {
      const limited = adapterFor(manager.secret)
      const keys = await listAll(limited)
      expect(keys.length).toBeGreaterThan(200)
      expect(keys.every((k) => k.scopes.length === 0)).toBe(true)
      expect((await limited.testConnection()).detail).toBe(
        `Reached Cycle hub ${fake.hubId}: this API key can manage API keys and cannot read roles (it lacks \`hubs-roles-manage\`), so new keys need a role id typed in.`
      )
    } finally {
      manager.roleId = before
      hub.roles.pop()
    }
  })

  it('lists roles with their names and what each grants', async () => {
    const roles = await adapter.listRoles!()
    expect(roles).toEqual(
      hubOf(0).roles.map((r) => ({
        id: r.id,
        name: r.name,
        allCapabilities: r.all,
        capabilities: r.all ? [] : r.specific
      }))
    )
    expect(roles.some((role) => role.allCapabilities)).toBe(true)
    expect(roles.find((role) => !role.allCapabilities)?.capabilities.length).toBeGreaterThan(0)
    expect(requests('GET', '/roles')[0]?.query.get('page[size]')).toBe('100')
  })
})

describe('changing keys', () => {
  it('creates a key once with its role and IPs and returns the secret only then', async () => {
    const created = await adapter.createKey({
      name: 'billing-export-new',
      role: roleId('viewer'),
      ips: ['203.0.113.7', '198.51.100.9/24', '2001:db8::/48', '203.0.113.7/32']
    })
    const posts = requests('POST')
    expect(posts).toHaveLength(1)
    expect(posts[0]?.json).toEqual({
      name: 'billing-export-new',
      role_id: roleId('viewer'),
      ips: ['203.0.113.7', '198.51.100.0/24', '2001:db8::/48']
    })
    const record = keyRecord(created.key.hubKeyId)
    expect(created.secret?.reveal()).toBe(record.secret)
    expect(created.key).toMatchObject({
      name: 'billing-export-new',
      status: 'active',
      role: roleId('viewer'),
      ipRules: ['203.0.113.7/32', '198.51.100.0/24', '2001:db8::/48'],
      fingerprint: fingerprintOf(record.secret),
      tenant: fake.hubId,
      oddities: []
    })
    expect(JSON.stringify(created.key)).not.toContain(record.secret)

    // Later reads carry only a masked copy, which the adapter ignores.
    const fresh = await adapter.getKey!({ hubKeyId: created.key.hubKeyId })
    expect(fresh.fingerprint).toBeNull()
    expect(fresh.scopes).toEqual(hubOf(0).roles.find((r) => r.identifier === 'viewer')!.specific)
    expect(requests('GET').at(-1)?.query.get('include')).toBe('roles')
    expect(JSON.stringify(fresh)).not.toContain(record.secret)
  })

  it('puts the rotation token into the new key name, once', async () => {
    const created = await adapter.createKey({
      name: 'deploy-bot',
      role: roleId('developer'),
      idempotencyToken: 'rot-7f3a'
    })
    expect(created.key.name).toBe('deploy-bot [rot-7f3a]')
    expect(requests('POST')[0]?.json).toEqual({
      name: 'deploy-bot [rot-7f3a]',
      role_id: roleId('developer')
    })
    const again = await adapter.createKey({
      name: 'deploy-bot-2 [rot-8e]',
      role: roleId('developer'),
      idempotencyToken: 'rot-8e'
    })
    expect(again.key.name).toBe('deploy-bot-2 [rot-8e]')
  })

  it('refuses what Cycle cannot do or would refuse before sending anything', async () => {
    const cases: [Promise<unknown>, ErrorCode, RegExp][] = [
      [adapter.createKey({ name: 'x' }), 'BAD_REQUEST', /Choose a role/],
      [adapter.createKey({ name: 'x', role: 'viewer' }), 'BAD_REQUEST', /not a Cycle role id/],
      [
        adapter.createKey({ name: '  ', role: roleId('viewer') }),
        'BAD_REQUEST',
        /Give the Cycle API key a name/
      ],
      [
        adapter.createKey({ name: 'x', role: roleId('viewer'), ips: ['10.0.0.999'] }),
        'BAD_REQUEST',
        /not an IPv4/
      ],
      [
        adapter.createKey({ name: 'x', role: roleId('viewer'), expiresAt: 1 }),
        'UNSUPPORTED',
        /expiry/
      ],
      [
        adapter.createKey({ name: 'x', role: roleId('viewer'), status: 'inactive' }),
        'UNSUPPORTED',
        /off/
      ],
      [
        adapter.createKey({
          name: 'x',
          role: roleId('viewer'),
          secret: Secret.fromString('s3cret-value')
        }),
        'UNSUPPORTED',
        /secret/
      ],
      [
        adapter.createKey({
          name: 'x',
          role: roleId('viewer'),
          headers: [{ name: 'A', value: 'b', enabled: true }]
        }),
        'UNSUPPORTED',
        /headers/
      ],
      [
        adapter.createKey({ name: 'x', role: roleId('viewer'), idempotencyToken: 'bad token!' }),
        'BAD_REQUEST',
        /token/
      ],
      [adapter.updateKey({ hubKeyId: 'x' }, { expiresAt: 5 }), 'UNSUPPORTED', /expiry/],
      [adapter.updateKey({ hubKeyId: 'x' }, { role: 'nope' }), 'BAD_REQUEST', /role id/],
      [adapter.verifyKey({ hubKeyId: 'x' }), 'BAD_REQUEST', /holds no secret/]
    ]
    for (const [work, code, message] of cases) {
      const error = await appErrorOf(() => work)
      expect(error.code).toBe(code)
      expect(error.message).toMatch(message)
    }
    expect(fake.requests).toHaveLength(0)
  })

  it('updates name, role and IPs; ips replaces the whole list and null lifts it', async () => {
    const { key } = await adapter.createKey({
      name: 'etl-sync-new',
      role: roleId('viewer'),
      ips: ['203.0.113.1']
    })
    const ref = { hubKeyId: key.hubKeyId }
    const renamed = await adapter.updateKey(ref, {
      name: 'etl-sync-renamed',
      role: roleId('developer')
    })
    expect(renamed).toMatchObject({
      name: 'etl-sync-renamed',
      role: roleId('developer'),
      ipRules: ['203.0.113.1/32']
    })
    const narrowed = await adapter.updateKey(ref, { ips: ['198.51.100.0/25', '192.0.2.4'] })
    expect(narrowed.ipRules).toEqual(['198.51.100.0/25', '192.0.2.4/32'])
    expect(keyRecord(key.hubKeyId).ips).toEqual(['198.51.100.0/25', '192.0.2.4'])
    const open = await adapter.updateKey(ref, { ips: null })
    expect(open.ipRules).toBeNull()
    expect(keyRecord(key.hubKeyId).ips).toBeNull()
    const closed = await adapter.updateKey(ref, { ips: [] })
    expect(closed.ipRules).toEqual([])
    expect(requests('PATCH').map((r) => r.json)).toEqual([
      { name: 'etl-sync-renamed', role_id: roleId('developer') },
      { ips: ['198.51.100.0/25', '192.0.2.4'] },
      { ips: null },
      { ips: [] }
    ])
  })

  it('reads the key fresh for an empty patch', async () => {
    const target = liveKey(() => true)
    const key = await adapter.updateKey({ hubKeyId: target.id }, {})
    expect(key.name).toBe(target.name)
    expect(requests('PATCH')).toHaveLength(0)
    expect(requests('GET')).toHaveLength(1)
  })

  it('deletes softly: deleting at once, gone from the next list and deleted after it', async () => {
    const { key } = await adapter.createKey({ name: 'legacy-delete-me', role: roleId('viewer') })
    await adapter.deleteKey({ hubKeyId: key.hubKeyId })
    expect(requests('DELETE')).toHaveLength(1)
    expect(keyRecord(key.hubKeyId).state).toBe('deleting')
    expect((await adapter.getKey!({ hubKeyId: key.hubKeyId })).status).toBe('deleting')
    await adapter.deleteKey({ hubKeyId: key.hubKeyId })
    const listed = await listAll()
    expect(listed.some((k) => k.hubKeyId === key.hubKeyId)).toBe(false)
    expect((await adapter.getKey!({ hubKeyId: key.hubKeyId })).status).toBe('deleted')
    const error = await appErrorOf(() =>
      adapter.updateKey({ hubKeyId: key.hubKeyId }, { name: 'again' })
    )
    expect(error.code).toBe('FORBIDDEN')
    expect(error.message).toBe(`${label} answered 403: Invalid state: The API key is deleted.`)
  })
})

describe('verifying keys', () => {
  const verify = (secret: string, hubKeyId = 'k') =>
    adapter.verifyKey({ hubKeyId, secret: () => Secret.fromString(secret) })

  it('calls Cycle as the key itself, with the hub id', async () => {
    const created = await adapter.createKey({ name: 'verify-me', role: roleId('viewer') })
    const { key } = created
    const secret = created.secret?.reveal()
    fake.requests.splice(0)
    const result = await adapter.verifyKey({
      hubKeyId: key.hubKeyId,
      secret: () => created.secret!
    })
    // What `ref.secret()` hands the adapter is the adapter's: zeroed after the call.
    expect(created.secret?.disposed).toBe(true)
    expect(result).toEqual({
      valid: true,
      detail:
        'Cycle accepted the key; its role lacks the `api-keys-manage` capability, which only key management needs.'
    })
    expect(fake.requests).toHaveLength(1)
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${secret}`)
    expect(fake.requests[0]?.headers['x-hub-id']).toBe(fake.hubId)
  })

  it('tells a key that can manage keys, a rejected one, an IP-restricted one and another hub apart', async () => {
    expect(await verify(fake.credential)).toEqual({
      valid: true,
      detail: 'Cycle accepted the key; its role can also manage API keys.'
    })
    const wrong = await verify('not-a-cycle-key-0123456789')
    expect(wrong).toEqual({
      valid: false,
      detail: 'Cycle rejected the key (Invalid authentication: The API key is not valid).'
    })
    fake.setAuthErrorStyle('oauth')
    expect((await verify('not-a-cycle-key-0123456789')).detail).toBe(
      'Cycle rejected the key (The API key is not valid).'
    )
    fake.setAuthErrorStyle('envelope')
    const inactive = hubOf(0).keys.find((k) => k.state === 'inactive')!
    expect(await verify(inactive.secret)).toEqual({
      valid: false,
      detail: 'Cycle rejected the key (Invalid authentication: The API key is inactive).'
    })
    const restricted = liveKey(
      (k) => k.ips !== null && k.ips.length > 0 && !k.ips.includes('0.0.0.0/0')
    )
    expect(await verify(restricted.secret)).toEqual({
      valid: true,
      detail:
        "Cycle recognised the key but refuses it from this computer's IP address, as the key's IP list says."
    })
    expect(await verify(hubOf(1).adminSecret)).toEqual({
      valid: false,
      detail: `Cycle recognised the key, but it belongs to another hub than ${fake.hubId}.`
    })
  })

  it('reports hub trouble during a check as an error, not as an invalid key', async () => {
    fake.fail({ kind: 'status', status: 500 }, Infinity, listOnly)
    const error = await appErrorOf(() => verify(fake.limitedCredential))
    expect(error.code).toBe('UNAVAILABLE')
    expectClean(error.message)
    expect(error.message).not.toContain(fake.limitedCredential)
  })
})

describe('hub errors', () => {
  it('names the capability a key lacks (a real 403.permissions)', async () => {
    const error = await appErrorOf(() => listAll(adapterFor(fake.limitedCredential)))
    expect(error.code).toBe('FORBIDDEN')
    expect(error.message).toBe(
      `${label} refused: this API key lacks the \`api-keys-manage\` capability; add it to the key's role in the Cycle portal.`
    )
  })

  it('reads both auth error shapes as UNAUTHORIZED without echoing the key', async () => {
    const bogus = 'bogus-key-0123456789abcdef'
    for (const style of ['envelope', 'oauth'] as const) {
      fake.setAuthErrorStyle(style)
      const error = await appErrorOf(() => adapterFor(bogus).testConnection())
      expect(error.code).toBe('UNAUTHORIZED')
      expect(error.message).toMatch(/check or replace the API key stored for this connection\.$/)
      expect(error.message).not.toContain(bogus)
      expectClean(error.message)
    }
  })

  it('explains a wrong or unknown hub id and an IP-restricted master key', async () => {
    const unknown = await appErrorOf(() =>
      adapterFor(fake.credential, 'ffffffffffffffffffffffff').testConnection()
    )
    expect(unknown.code).toBe('NOT_FOUND')
    expect(unknown.message).toBe(
      `${label} knows no hub ffffffffffffffffffffffff; check the hub id of this connection.`
    )
    const other = await appErrorOf(() => adapterFor(fake.credential, hubOf(1).id).testConnection())
    expect(other.code).toBe('FORBIDDEN')
    expect(other.message).toBe(
      `${label} refused: this API key belongs to another hub than ${hubOf(1).id}; check the hub id of this connection.`
    )
    const admin = hubOf(0).keys.find((k) => k.secret === fake.credential)!
    admin.ips = ['203.0.113.0/24']
    try {
      const ip = await appErrorOf(() => adapter.testConnection())
      expect(ip.code).toBe('FORBIDDEN')
      expect(ip.message).toMatch(/may not be used from this computer's IP address/)
    } finally {
      admin.ips = null
    }
  })

  it("answers a real duplicate, unknown key, unknown role and bad argument with the hub's reason", async () => {
    const existing = liveKey((k) => k.name !== 'hubkeys-admin')
    const duplicate = await appErrorOf(() =>
      adapter.createKey({ name: existing.name, role: roleId('viewer') })
    )
    expect(duplicate.code).toBe('CONFLICT')
    expect(duplicate.message).toBe(
      `${label} answered 409: Duplicate found: An API key named "${existing.name}" already exists.`
    )
    const missing = await appErrorOf(() =>
      adapter.deleteKey({ hubKeyId: '000000000000000000000000' })
    )
    expect(missing.code).toBe('NOT_FOUND')
    expect(missing.message).toBe(
      `${label} has no API key 000000000000000000000000; it may have been deleted.`
    )
    const role = await appErrorOf(() =>
      adapter.createKey({ name: 'x-role', role: '111111111111111111111111' })
    )
    expect(role.code).toBe('NOT_FOUND')
    expect(role.message).toBe(
      `${label} answered 404: Role not found: No role with that id in this hub (at /role_id).`
    )
  })
})

describe('injected failures', () => {
  const cases: {
    name: string
    failure: InjectedFailure
    match: RegExp
    run: () => Promise<unknown>
    code: ErrorCode
    message?: RegExp
    /** How many requests reached the matching endpoint (creates must be 1). */
    attempts?: number
  }[] = [
    {
      name: '401 on list',
      failure: { kind: 'status', status: 401 },
      match: listOnly,
      run: () => listAll(),
      code: 'UNAUTHORIZED',
      message:
        /answered 401: Invalid authentication; check or replace the API key stored for this connection\.$/
    },
    {
      name: '403 naming the missing capability',
      failure: { kind: 'status', status: 403, capability: 'api-keys-manage' },
      match: keysOnly,
      run: () => adapter.createKey({ name: 'x-403', role: roleId('viewer') }),
      code: 'FORBIDDEN',
      message: /this API key lacks the `api-keys-manage` capability/,
      attempts: 1
    },
    {
      name: '404 on get',
      failure: { kind: 'status', status: 404 },
      match: /^GET \/v1\/hubs\/current\/api-keys\//,
      run: () => adapter.getKey!({ hubKeyId: '0123456789abcdef01234567' }),
      code: 'NOT_FOUND',
      message: /has no API key 0123456789abcdef01234567; it may have been deleted\.$/
    },
    {
      name: '409 on create',
      failure: { kind: 'status', status: 409, detail: 'Name taken.' },
      match: keysOnly,
      run: () => adapter.createKey({ name: 'x-409', role: roleId('viewer') }),
      code: 'CONFLICT',
      message: /answered 409: Duplicate found: Name taken\.$/,
      attempts: 1
    },
    {
      name: '422 on update',
      failure: { kind: 'status', status: 422, detail: 'ips[0] is not valid.' },
      match: /^PATCH /,
      run: () => adapter.updateKey({ hubKeyId: liveKey(() => true).id }, { name: 'x-422' }),
      code: 'BAD_REQUEST',
      message: /answered 422: Invalid argument: ips\[0\] is not valid\.$/
    },
    {
      name: '429 on create is not retried',
      failure: { kind: 'status', status: 429, retryAfter: 1 },
      match: keysOnly,
      run: () => adapter.createKey({ name: 'x-429', role: roleId('viewer') }),
      code: 'RATE_LIMITED',
      message: /answered 429: Rate limit exceeded\.$/,
      attempts: 1
    },
    {
      name: '500 on create is not retried',
      failure: { kind: 'status', status: 500 },
      match: keysOnly,
      run: () => adapter.createKey({ name: 'x-500', role: roleId('viewer') }),
      code: 'UNAVAILABLE',
      attempts: 1
    },
    {
      name: 'a reset create is not retried',
      failure: { kind: 'reset' },
      match: keysOnly,
      run: () => adapter.createKey({ name: 'x-reset', role: roleId('viewer') }),
      code: 'UNAVAILABLE',
      attempts: 1
    },
    {
      name: 'a create that times out is not retried',
      failure: { kind: 'timeout' },
      match: keysOnly,
      run: () => quick.createKey({ name: 'x-timeout', role: roleId('viewer') }),
      code: 'TIMEOUT',
      attempts: 1
    },
    {
      name: 'a list that keeps timing out',
      failure: { kind: 'timeout' },
      match: listOnly,
      run: () => listAll(quick),
      code: 'TIMEOUT',
      attempts: 2
    },
    {
      name: 'a malformed list page',
      failure: { kind: 'malformed' },
      match: listOnly,
      run: () => listAll(),
      code: 'HUB_ERROR',
      message: /could not read \(page 1 of API keys is not a list\)\.$/
    },
    {
      name: 'a malformed create answer',
      failure: { kind: 'malformed' },
      match: keysOnly,
      run: () => adapter.createKey({ name: 'x-malformed', role: roleId('viewer') }),
      code: 'HUB_ERROR',
      message:
        /the key "x-malformed" may exist without a stored secret; check the hub and delete it there if so\.$/,
      attempts: 1
    }
  ]

  for (const item of cases) {
    it(`${item.name} -> ${item.code}`, async () => {
      fake.fail(item.failure, Infinity, item.match)
      const error = await appErrorOf(item.run)
      expect(error.code).toBe(item.code)
      if (item.message) expect(error.message).toMatch(item.message)
      expect(error.message.startsWith(label)).toBe(true)
      expectClean(error.message)
      if (item.attempts !== undefined) {
        const hits = fake.requests.filter((r) => item.match.test(`${r.method} ${r.path}`))
        expect(hits).toHaveLength(item.attempts)
      }
    })
  }

  it('retries a read after 429, waiting what Retry-After says', async () => {
    fake.fail({ kind: 'status', status: 429, retryAfter: 1 }, 1, listOnly)
    const keys = await listAll()
    expect(keys.length).toBeGreaterThan(200)
    expect(http.waits).toEqual([1000])
  })

  it('gives up on a read that stays rate limited, saying when to retry', async () => {
    fake.fail({ kind: 'status', status: 429, retryAfter: 1 }, Infinity, listOnly)
    const error = await appErrorOf(() => listAll())
    expect(error.code).toBe('RATE_LIMITED')
    expect(error.retryAfterSeconds).toBe(1)
    expect(requests('GET').filter((r) => r.path.endsWith('/api-keys'))).toHaveLength(3)
  })

  it('retries a read after a 500 and after a reset', async () => {
    fake.fail({ kind: 'status', status: 500 }, 1, listOnly)
    fake.fail({ kind: 'reset' }, 1, /^GET \/v1\/hubs\/current\/roles$/)
    expect((await listAll()).length).toBeGreaterThan(200)
    expect(http.waits).toHaveLength(2)
  })

  it('reports a hub that stays down', async () => {
    fake.fail({ kind: 'status', status: 503 }, Infinity)
    const error = await appErrorOf(() => adapter.testConnection())
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.message).toBe(`${label} answered 503: Service not ready.`)
  })
})

describe('the OpenAPI file', () => {
  it('holds for the public and role endpoints, sorting, filters and error answers too', async () => {
    const call = (path: string, headers: Record<string, string> = {}, init: RequestInit = {}) =>
      fetch(`${fake.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${fake.credential}`, 'x-hub-id': fake.hubId, ...headers }
      })
    const capabilities = await call('/v1/hubs/capabilities', { authorization: '' })
    expect(capabilities.status).toBe(200)
    expect(((await capabilities.json()) as { data: string[] }).data).toContain('api-keys-manage')
    expect((await call('/v1/hubs/current/roles/defaults')).status).toBe(200)
    expect((await call(`/v1/hubs/current/roles/${roleId('viewer')}?meta=counts`)).status).toBe(200)
    expect((await call('/v1/hubs/current/roles?meta=counts&page[size]=2')).status).toBe(200)
    const sorted = await call(
      '/v1/hubs/current/api-keys?sort=-name&filter[state]=deleted,inactive&page[size]=5'
    )
    const body = (await sorted.json()) as { data: { name: string; state: { current: string } }[] }
    expect(body.data.map((k) => k.name)).toEqual([...body.data.map((k) => k.name)].sort().reverse())
    expect(body.data.every((k) => ['deleted', 'inactive'].includes(k.state.current))).toBe(true)
    expect((await call('/v1/hubs/current/api-keys?page[size]=101')).status).toBe(422)
    expect((await call('/v1/hubs/current/api-keys', { authorization: '' })).status).toBe(401)
    expect((await call('/v1/hubs/current/api-keys', { 'x-hub-id': '' })).status).toBe(422)
    expect((await call('/v1/hubs/current/api-keys/zzz?include=roles')).status).toBe(404)
    fake.setAuthErrorStyle('oauth')
    const oauth = await call('/v1/hubs/current/api-keys', {
      authorization: 'Bearer nope-nope-nope'
    })
    expect(oauth.status).toBe(401)
    expect(await oauth.json()).toEqual({
      error: 'invalid_token',
      error_description: 'The API key is not valid.'
    })
    for (const status of [400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504]) {
      fake.setAuthErrorStyle(status === 401 ? 'oauth' : 'envelope')
      fake.fail(
        { kind: 'status', status, capability: status === 403 ? 'hubs-roles-manage' : undefined },
        1
      )
      expect((await call('/v1/hubs/current/api-keys')).status).toBe(status)
    }
    expect(fake.specViolations()).toEqual([])
  })

  it('refuses a request that breaks the spec with 400 and records it', async () => {
    const response = await fetch(`${fake.url}/v1/hubs/current/api-keys`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${fake.credential}`,
        'x-hub-id': fake.hubId,
        'content-type': 'application/json'
      },
      body: JSON.stringify({ name: 'x', role_id: roleId('viewer'), role: 'viewer' })
    })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      '400.invalid-syntax'
    )
    const violations = fake.specViolations()
    expect(violations).toHaveLength(1)
    expect(violations[0]).toMatch(
      /^request POST \/v1\/hubs\/current\/api-keys: \/requestBody must NOT have additional properties/
    )
    fake.clearSpecViolations()
  })

  it('fails loudly when the fake itself would answer off-spec', async () => {
    const target = liveKey(() => true)
    const created = target.created
    target.created = 'last tuesday'
    try {
      const error = await appErrorOf(() => listAll())
      expect(error.code).toBe('UNAVAILABLE')
      expect(
        fake
          .specViolations()
          .some((v) => v.includes('/events/created must match format "date-time"'))
      ).toBe(true)
    } finally {
      target.created = created
      fake.clearSpecViolations()
    }
  })

  it('catches drift in answers: missing, extra and mistyped fields', async () => {
    const validator = await createCycleSpecValidator()
    const [sample] = (
      (await (
        await fetch(`${fake.url}/v1/hubs/current/api-keys?page[size]=1`, {
          headers: { authorization: `Bearer ${fake.credential}`, 'x-hub-id': fake.hubId }
        })
      ).json()) as { data: Record<string, unknown>[] }
    ).data
    expect(validator.checkResponse('getApiKeys', 200, { data: [sample] })).toEqual([])
    const { secret: _secret, ...withoutSecret } = sample!
    expect(validator.checkResponse('getApiKeys', 200, { data: [withoutSecret] })).not.toEqual([])
    expect(
      validator.checkResponse('getApiKeys', 200, { data: [{ ...sample, last_used: null }] })
    ).not.toEqual([])
    expect(
      validator.checkResponse('getApiKeys', 200, { data: [{ ...sample, id: 'short' }] })
    ).not.toEqual([])
    expect(
      validator.checkResponse('getApiKeys', 200, {
        data: [{ ...sample, state: { current: 'paused', changed: '2024-01-01T00:00:00Z' } }]
      })
    ).not.toEqual([])
    expect(validator.checkResponse('createApiKey', 200, { data: sample })).toEqual([
      'createApiKey does not document a 200 answer (documented: 201, default)'
    ])
    expect(validator.checkResponse('getApiKeys', 403, { error: 'invalid_token' })).toEqual([
      'an OAuth-shaped error body outside a 401'
    ])
  })
})
