// Unit tests for the tolerant DCT parsers and version rules: odd, partial and extra data, read without throwing.
import { describe, expect, it } from 'vitest'
import { hubKeySchema } from '../../../src-main/contract/hubs.contract'
import {
  parseAccount,
  parseApiClient,
  parseCreatedToken,
  parseErrorCode,
  parseErrorDetail,
  parseGlobalKeyExpiry,
  parsePage,
  parseTokenInfo,
  readDate
} from '../../../src-main/core/hubs/dct/dct.parse'
import { capabilitiesFor, dctCapabilities } from '../../../src-main/core/hubs/dct/dct.capabilities'
import {
  featureSupport,
  resolveDctProfile,
  unsupportedSentence
} from '../../../src-main/core/hubs/dct/dct.version'

const now = Date.parse('2026-05-01T12:00:00Z')
const read = (raw: unknown) => parseAccount(raw, 'dct.example', now)

describe('parseAccount', () => {
  it('maps a complete account', () => {
    const account = read({
      id: 42,
      username: 'etl-bot',
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@corp.example',
      api_client_id: 'client-1',
      creation_time: '2025-01-02T03:04:05.000Z',
      last_access_time: '2026-04-30T00:00:00Z',
      api_key_expiry_time: '2026-06-01T00:00:00Z',
      effective_scopes: [{ id: '2', name: 'Dev VDBs' }, { id: '9' }],
      tags: [{ key: 'team', value: 'etl' }],
      enabled: true
    })!
    expect(account.key).toEqual({
      hubKeyId: '42',
      tenant: 'dct.example',
      name: 'etl-bot',
      status: 'active',
      role: null,
      scopes: ['Dev VDBs', '9'],
      ipRules: null,
      headers: [],
      createdAt: Date.parse('2025-01-02T03:04:05.000Z'),
      expiresAt: Date.parse('2026-06-01T00:00:00Z'),
      lastUsedAt: Date.parse('2026-04-30T00:00:00Z'),
      owner: 'Ada Lovelace <ada@corp.example>',
      fingerprint: null,
      oddities: []
    })
    expect(account.tags).toEqual([{ key: 'team', value: 'etl' }])
    expect(account.apiClientId).toBe('client-1')
    // What the parser makes always fits the contract.
    expect(hubKeySchema.safeParse(account.key).success).toBe(true)
  })

  it('reads status from enabled and expiry', () => {
    expect(
      read({ id: 1, enabled: false, api_key_expiry_time: '2020-01-01T00:00:00Z' })!.key.status
    ).toBe('inactive')
    expect(
      read({ id: 1, enabled: true, api_key_expiry_time: '2026-05-01T11:59:59Z' })!.key.status
    ).toBe('expired')
    expect(read({ id: 1, enabled: true, api_key_expiry_time: null })!.key).toMatchObject({
      status: 'active',
      expiresAt: null
    })
    expect(read({ id: 1, enabled: true })!.key).toMatchObject({ status: 'active', expiresAt: null })
  })

  it('tolerates missing fields, nulls, zero dates, odd types and extra fields, noting what was odd', () => {
    const account = read({
      id: '7',
      username: null,
      creation_time: '0001-01-01T00:00:00Z',
      last_access_time: 'last tuesday',
      api_key_expiry_time: 1_800_000_000,
      effective_scopes: [null, 'Reporting', { name: '' }],
      tags: [{ key: 'a' }, { key: 'b', value: 3 }],
      enabled: 'maybe',
      is_admin: true,
      some_future_field: { nested: [1, 2] }
    })!
    expect(account.key).toMatchObject({
      hubKeyId: '7',
      name: 'account 7',
      status: 'unknown',
      createdAt: null,
      lastUsedAt: null,
      expiresAt: 1_800_000_000_000,
      scopes: ['Reporting'],
      owner: null
    })
    expect(account.tags).toEqual([{ key: 'b', value: '3' }])
    expect(account.key.oddities).toEqual([
      'id was a string, not a number',
      'username was missing',
      'creation_time held the zero date 0001-01-01T00:00:00Z',
      'last_access_time was not a readable date',
      'api_key_expiry_time was a number, not a date-time string',
      'enabled had an unknown value',
      'an effective scope could not be read',
      'a tag could not be read'
    ])
    expect(hubKeySchema.safeParse(account.key).success).toBe(true)
  })

  it('notes an absent enabled flag and string booleans', () => {
    expect(read({ id: 3 })!.key).toMatchObject({
      status: 'unknown',
      oddities: ['username was missing', 'enabled was not reported']
    })
    expect(read({ id: 3, username: 'u', enabled: 'false' })!.key).toMatchObject({
      status: 'inactive',
      oddities: ['enabled was a string, not a boolean']
    })
  })

  it('notes lists that are not lists', () => {
    const account = read({
      id: 5,
      username: 'u',
      enabled: true,
      effective_scopes: 'all',
      tags: {}
    })!
    expect(account.key.oddities).toEqual(['effective_scopes was not a list', 'tags was not a list'])
  })

  it('drops entries that cannot be addressed', () => {
    for (const raw of [
      null,
      'x',
      [],
      {},
      { id: -1 },
      { id: 1.5 },
      { id: 'abc' },
      { username: 'no-id' }
    ]) {
      expect(read(raw)).toBeNull()
    }
  })

  it('uses the email alone as owner when there is no name', () => {
    expect(read({ id: 1, email: 'ops@corp.example', enabled: true })!.key.owner).toBe(
      'ops@corp.example'
    )
    expect(read({ id: 1, first_name: 'Ken', enabled: true })!.key.owner).toBe('Ken')
  })

  it('keeps over-long values within the contract', () => {
    const account = read({
      id: 1,
      username: 'u'.repeat(1024),
      enabled: true,
      effective_scopes: [{ name: 's'.repeat(999) }]
    })!
    expect(hubKeySchema.safeParse(account.key).success).toBe(true)
  })
})

describe('readDate', () => {
  it('reads ISO dates, Go zero times, numbers and junk', () => {
    expect(readDate('2026-01-01T00:00:00+02:00', 'f')).toEqual({
      at: Date.parse('2026-01-01T00:00:00+02:00')
    })
    expect(readDate(undefined, 'f')).toEqual({ at: null })
    expect(readDate('', 'f')).toEqual({ at: null })
    expect(readDate('0001-01-01T00:00:00.000+00:00', 'f').at).toBeNull()
    expect(readDate(1_700_000_000_000, 'f').at).toBe(1_700_000_000_000)
    expect(readDate(true, 'f')).toEqual({ at: null, odd: 'f was not a date' })
    expect(readDate(-5, 'f')).toEqual({ at: null, odd: 'f was not a date' })
  })
})

describe('parseApiClient (2.x)', () => {
  it('maps a legacy API client with unknown status', () => {
    expect(parseApiClient({ id: 3, api_client_id: 'c-3', name: 'sync' }, 't')).toMatchObject({
      hubKeyId: '3',
      name: 'sync',
      status: 'unknown',
      oddities: []
    })
    expect(parseApiClient({ id: 4, api_client_id: 'c-4' }, 't')!.name).toBe('c-4')
    expect(parseApiClient({ id: 5 }, 't')).toMatchObject({
      name: 'API client 5',
      oddities: ['name was missing']
    })
    expect(parseApiClient({ name: 'x' }, 't')).toBeNull()
  })
})

describe('parsePage', () => {
  it('reads items, the next cursor and the total, skipping unreadable items', () => {
    const page = parsePage(
      {
        items: [{ id: 1, enabled: true }, { nope: true }],
        response_metadata: { next_cursor: 'abc', prev_cursor: 'z', total: 2 }
      },
      (item) => read(item)?.key ?? null
    )!
    expect(page.items.map((k) => k.hubKeyId)).toEqual(['1'])
    expect(page).toMatchObject({ skipped: 1, nextCursor: 'abc', total: 2 })
  })

  it('treats absent, null or empty cursors as the last page', () => {
    for (const metadata of [
      undefined,
      {},
      { next_cursor: null },
      { next_cursor: '  ' },
      'garbage'
    ]) {
      expect(parsePage({ items: [], response_metadata: metadata }, () => null)).toMatchObject({
        nextCursor: null,
        total: null
      })
    }
  })

  it('follows the cursor whatever else in response_metadata is odd, and says what was odd', () => {
    const page = (metadata: unknown) =>
      parsePage({ items: [], response_metadata: metadata }, () => null)
    expect(page({ next_cursor: 'c2', total: '52' })).toMatchObject({
      nextCursor: 'c2',
      cursorUnreadable: false,
      total: 52,
      oddities: ['response_metadata.total was a string, not a number']
    })
    expect(page({ next_cursor: 'c2', total: { n: 1 }, prev_cursor: 7 })).toMatchObject({
      nextCursor: 'c2',
      total: null,
      oddities: ['response_metadata.total could not be read']
    })
    expect(page({ next_cursor: 1234 })).toMatchObject({
      nextCursor: '1234',
      oddities: ['response_metadata.next_cursor was a number, not a string']
    })
    expect(page({ next_cursor: 'c2', total: 3 })?.oddities).toEqual([])
  })

  it('marks a cursor it cannot follow, so the listing is not taken as complete', () => {
    expect(
      parsePage({ items: [], response_metadata: { next_cursor: { at: 5 } } }, () => null)
    ).toMatchObject({
      nextCursor: null,
      cursorUnreadable: true,
      oddities: ['response_metadata.next_cursor could not be read']
    })
  })

  it('refuses answers that are not pages', () => {
    for (const raw of [undefined, null, [], { data: [] }, { items: 'x' }])
      expect(parsePage(raw, () => null)).toBeNull()
  })
})

describe('parseCreatedToken', () => {
  it('reads create, reset and legacy answers', () => {
    expect(parseCreatedToken({ token: '12.abc', id: 12, username: 'u' })).toEqual({
      token: '12.abc',
      id: '12',
      oddities: []
    })
    expect(parseCreatedToken({ token: '3.abc', api_client_entity_id: 3 })).toEqual({
      token: '3.abc',
      id: '3',
      oddities: []
    })
  })

  it('keeps a token whose id is missing, reading the id from its prefix when it can', () => {
    expect(parseCreatedToken({ token: ' 77.abc ' })).toEqual({
      token: '77.abc',
      id: '77',
      oddities: ['the account id was missing; it was read from the token prefix']
    })
    expect(parseCreatedToken({ token: 'opaque', id: 'x' })).toEqual({
      token: 'opaque',
      id: null,
      oddities: ['the account id was missing']
    })
  })

  it('returns null without a token', () => {
    for (const raw of [null, {}, { token: '' }, { token: 5, id: 1 }, ['token']])
      expect(parseCreatedToken(raw)).toBeNull()
  })
})

describe('parseTokenInfo, parseGlobalKeyExpiry', () => {
  it('reads token-info loosely', () => {
    expect(
      parseTokenInfo({ active: true, account_id: 9, username: 'u', exp: 400, extra: 1 })
    ).toEqual({
      active: true,
      accountId: '9',
      username: 'u',
      expiresInSeconds: 400
    })
    expect(parseTokenInfo({ active: 'yes', exp: 'soon' })).toEqual({
      active: null,
      accountId: null,
      username: null,
      expiresInSeconds: null
    })
    expect(parseTokenInfo('x')).toBeNull()
  })

  it('reads the global expiry: seconds, -1 as never, absent as not reported', () => {
    expect(parseGlobalKeyExpiry({ api_key_expiry_time: 86_400 })).toBe(86_400)
    expect(parseGlobalKeyExpiry({ api_key_expiry_time: -1 })).toBeNull()
    expect(parseGlobalKeyExpiry({ token_expiry_time: 5 })).toBeUndefined()
    expect(parseGlobalKeyExpiry({ api_key_expiry_time: '86400' })).toBeUndefined()
    expect(parseGlobalKeyExpiry(null)).toBeUndefined()
  })
})

describe('parseErrorDetail', () => {
  it('reads ErrorResponse, Errors lists and plain messages; undefined otherwise', () => {
    expect(parseErrorDetail({ error: 'invalid-token', error_description: 'Token expired.' })).toBe(
      'Token expired.'
    )
    expect(parseErrorDetail({ error: 'forbidden' })).toBe('forbidden')
    expect(
      parseErrorDetail([{ message: 'Name taken.', object_name: 'Account' }, { message: ' ' }])
    ).toBe('Name taken.')
    expect(parseErrorDetail({ errors: [{ message: 'a' }, { message: 'b' }] })).toBe('a; b')
    expect(parseErrorDetail({ message: 'Oops' })).toBe('Oops')
    for (const raw of [undefined, null, 'text', 42, {}, [], { errors: [{}] }])
      expect(parseErrorDetail(raw)).toBeUndefined()
    expect(parseErrorCode({ error: 'invalid-token' })).toBe('invalid-token')
    expect(parseErrorCode([{ error: 'x' }])).toBeUndefined()
  })
})

describe('DCT versions and capabilities', () => {
  it('infers the API from the base path and gates key operations', () => {
    const modern = resolveDctProfile({})
    expect(modern).toMatchObject({ basePath: '/dct/v3', family: 'accounts', source: 'base-path' })
    expect(featureSupport(modern, 'api-key-reset')).toBe('yes')
    expect(featureSupport(modern, 'api-key-regenerate')).toBe('maybe')
    expect(capabilitiesFor(modern)).toEqual(dctCapabilities)

    const old = resolveDctProfile({ basePath: 'v3/' })
    expect(old.basePath).toBe('/v3')
    expect(featureSupport(old, 'api-key-delete')).toBe('no')
    expect(capabilitiesFor(old)).toMatchObject({
      delete: 'none',
      rotation: 'manual',
      update: { status: true }
    })
    expect(unsupportedSentence("DCT 'x'", old, 'api-key-delete')).toBe(
      "DCT 'x' is DCT 3.0 to 3.16 (base path /v3), which cannot delete an API key (DCT 3.17 or newer can); if the server is newer, set the connection's base path to /dct/v3 or enter its version."
    )

    const legacy = resolveDctProfile({ basePath: '/v2' })
    expect(legacy.family).toBe('api-clients')
    expect(featureSupport(legacy, 'api-key-reset')).toBe('no')
    expect(capabilitiesFor(legacy)).toMatchObject({
      delete: 'none',
      expiry: 'none',
      update: { name: true, status: false }
    })
  })

  it('lets an explicit version decide, and refuses contradictions', () => {
    const exact = resolveDctProfile({ basePath: '/proxy/dct', serverVersion: '3.18.1' })
    expect(exact).toMatchObject({ family: 'accounts', source: 'setting', label: '3.18.1' })
    expect(featureSupport(exact, 'api-key-regenerate')).toBe('yes')
    expect(
      featureSupport(resolveDctProfile({ serverVersion: '3.17.0' }), 'api-key-regenerate')
    ).toBe('no')
    expect(resolveDctProfile({ basePath: '/v2', serverVersion: '2.1' }).family).toBe('api-clients')
    expect(() => resolveDctProfile({ basePath: '/v2', serverVersion: '3.23.0' })).toThrow(
      /correct one of them/
    )
    expect(() => resolveDctProfile({ basePath: '/dct/v3', serverVersion: '2.0.0' })).toThrow(
      /correct one of them/
    )
    expect(() => resolveDctProfile({ basePath: '/api' })).toThrow(/cannot tell the DCT version/)
    expect(() => resolveDctProfile({ basePath: '/a b' })).toThrow(/base path may contain only/)
    expect(() => resolveDctProfile({ serverVersion: '1.9' })).toThrow(/2.0 and newer/)
  })
})
