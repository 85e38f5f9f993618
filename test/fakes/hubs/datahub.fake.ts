// Simulated Owl Data Hub export endpoints: raw-key auth, status/expiry/IP-filter checks, records with collection.meta and placeholder headers; tests and demo only.
import { randomBytes } from 'node:crypto'
import { fillDatahubHeader, type CollectionMeta } from '../../../src-main/contract/datahub-rules'
import type { HeaderRule } from '../../../src-main/contract/hubs.contract'
import { parseIpRule, ruleMatches, toDottedMask } from '../../../src-main/contract/ip-rules'
import { createFakeHub, type FakeHub, type FakeRequest, type FakeResponse } from './fake-hub-server'
import { seededRandom } from './seeded-random'

/**
 * Owl publishes no management API, only the consumer call (HUBS.md): `POST <export endpoint>` with
 * `Authorization: <raw key>`, `Content-Type: application/json` and a body `{filter, changes, limit:
 * "offset,count"}`. What the fake adds, as a plausible consumer API would:
 * - Export endpoints at `POST /owl/export/:name`.
 * - Answer: `{collection: {meta: {name, count, limit, offset}, records: [...]}}`; `count` is the
 *   number of records the export holds, `limit`/`offset` echo the request.
 * - The key's enabled response headers, placeholders filled from that `meta`.
 * - Refusals as `{error: {status, code, message}}`: 401 for a missing or unknown key, 403 for an
 *   inactive or expired key or a caller outside the key's IP filters (the caller is taken to be
 *   `callerIp`, 127.0.0.1 unless set: the fake runs on loopback), 400 for a body that is not the
 *   export body, 415 without a JSON content type, 404 for an unknown export.
 * - Keys are instance-wide (any export), as in Owl where a key belongs to the Data Hub.
 */

export type DatahubAccessType = 'api-key' | 'contentserv-token' | 'generic-token'

export interface DatahubFakeKey {
  name: string
  value: string
  accessType: DatahubAccessType
  status: 'active' | 'inactive'
  /** Owl's form: address plus dotted netmask. Empty: no filter. */
  ipFilters: Array<{ address: string; netmask: string }>
  expiresAt: number | null
  headers: HeaderRule[]
  createdAt: number
  lastChangedAt: number
}

export interface DatahubFakeOptions {
  seed?: number
  /** Export endpoints (products, assets, ...). */
  tenants?: number
  keysPerTenant?: number
  latencyMs?: number
  /** Key values to seed first (active, unrestricted), e.g. a known test key. */
  credentials?: string[]
  /** The address the fake pretends each call comes from, for IP filters. */
  callerIp?: string
  now?: () => number
}

export interface DatahubDemoKey {
  name: string
  secret: string
  status: 'active' | 'inactive'
  ipRules: string[] | null
  headers: HeaderRule[]
  expiresAt: number | null
  createdAt: number
}

export interface DatahubFake extends FakeHub {
  /** A working key (first seeded), usable as a connection's test key. */
  credential: string
  credentials: string[]
  keys: DatahubFakeKey[]
  exports: Map<string, Array<Record<string, unknown>>>
  callerIp: string
  /** Path of the first export, for `settings.exportPath`. */
  exportPath: string
  describeForDemo(): {
    kind: 'datahub'
    url: string
    credential: null
    settings: { exportPath: string }
    connections: Array<{
      name: string
      credential: null
      settings: { exportPath: string }
      keys: DatahubDemoKey[]
    }>
  }
}

const day = 86_400_000
const exportNames = ['products', 'assets', 'prices', 'categories', 'suppliers', 'channels']
const statusCodes: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'too_many_requests',
  500: 'internal_error'
}
const defaults: Record<number, string> = {
  401: 'Missing or invalid API key.',
  403: 'This API key may not read this export.',
  404: 'No such export.',
  409: 'Conflict.',
  422: 'The request could not be processed.',
  429: 'Rate limit reached; retry later.',
  500: 'Internal error.'
}

export const createDatahubFake = async (options: DatahubFakeOptions = {}): Promise<DatahubFake> => {
  const random = seededRandom(options.seed ?? 1)
  const now = options.now ?? Date.now
  const tenants = Math.max(1, options.tenants ?? 1)
  const keyCount = Math.max(0, (options.keysPerTenant ?? 5) * tenants)

  const exports = new Map<string, Array<Record<string, unknown>>>()
  for (let t = 0; t < tenants; t += 1) {
    const name = exportNames[t % exportNames.length] + (t >= exportNames.length ? `-${t + 1}` : '')
    exports.set(
      name,
      Array.from({ length: random.int(20, 400) }, (_, i) => ({
        id: `${name.slice(0, 3).toUpperCase()}-${10000 + i}`,
        label: `${name} item ${i + 1}`,
        changed: new Date(now() - random.int(0, 300) * day).toISOString()
      }))
    )
  }

  const headerChoices: HeaderRule[] = [
    { name: 'X-Total-Count', value: '${collection.meta.count}', enabled: true },
    { name: 'X-Collection', value: '${collection.meta.name}', enabled: true },
    { name: 'X-Page-Limit', value: '${collection.meta.limit}', enabled: false },
    { name: 'X-Page-Offset', value: '${collection.meta.offset}', enabled: true },
    { name: 'Cache-Control', value: 'no-store', enabled: true }
  ]
  const seeded = (value: string, index: number): DatahubFakeKey => {
    const createdAt = now() - random.int(10, 800) * day
    const restricted = random.next() < 0.35
    const roll = random.next()
    return {
      name: `${random.keyName()}-${index + 1}`,
      value,
      accessType: random.pick(['api-key', 'contentserv-token', 'generic-token'] as const),
      status: roll < 0.12 ? 'inactive' : 'active',
      ipFilters: restricted
        ? Array.from({ length: random.int(1, 3) }, () => {
            const bits = random.pick([32, 29, 24])
            const parsed = parseIpRule(`${random.publicIp()}/${bits}`)
            return toDottedMask(parsed.ok ? parsed.cidr : '203.0.113.0/24')!
          })
        : [],
      expiresAt:
        roll > 0.85
          ? now() - random.int(1, 60) * day
          : roll > 0.55
            ? now() + random.int(3, 400) * day
            : null,
      headers: headerChoices.filter(() => random.next() < 0.4),
      createdAt,
      lastChangedAt: createdAt + random.int(0, 9) * day
    }
  }
  // Known, plainly working keys first (given, or one generated), so tests and the demo have a key
  // that is accepted; then the seeded population.
  const credentials = options.credentials ?? [`dh_${random.alnum(40)}`]
  const keys: DatahubFakeKey[] = credentials.map((value, index) => ({
    ...seeded(value, index),
    name: index === 0 ? 'hubkeys-test-key' : `hubkeys-test-key-${index + 1}`,
    status: 'active',
    ipFilters: [],
    expiresAt: null,
    headers: [headerChoices[0]!]
  }))
  while (keys.length < keyCount + credentials.length) {
    keys.push(seeded(random.alnum(43), keys.length))
  }

  const failure = (status: number, message = defaults[status] ?? 'Error.'): FakeResponse => ({
    status,
    json: { error: { status, code: statusCodes[status] ?? 'error', message } },
    headers: { 'x-request-id': randomBytes(6).toString('hex') }
  })

  const fake = createFakeHub({
    name: 'datahub',
    latencyMs: options.latencyMs,
    errorBody: (status, injected) => failure(status, injected.detail)
  }) as DatahubFake
  fake.callerIp = options.callerIp ?? '127.0.0.1'

  const keyFor = (request: FakeRequest): { key: DatahubFakeKey } | { refusal: FakeResponse } => {
    const value = request.headers.authorization
    if (!value)
      return { refusal: failure(401, 'Missing API key: send it in the Authorization header.') }
    const key = keys.find((k) => k.value === value)
    if (!key) return { refusal: failure(401, 'Invalid API key.') }
    if (key.status !== 'active') return { refusal: failure(403, 'This API key is inactive.') }
    if (key.expiresAt !== null && key.expiresAt <= now()) {
      const date = new Date(key.expiresAt).toISOString().slice(0, 10)
      return { refusal: failure(403, `This API key expired on ${date}.`) }
    }
    const rules = key.ipFilters.map((f) => `${f.address}/${f.netmask}`)
    if (rules.length > 0 && !ruleMatches(rules, fake.callerIp)) {
      return {
        refusal: failure(403, `Access from ${fake.callerIp} is not allowed for this API key.`)
      }
    }
    return { key }
  }

  fake.route('POST', '/owl/export/:name', (request) => {
    const access = keyFor(request)
    if ('refusal' in access) return access.refusal
    const granted = access.key
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
      return failure(415, 'Send the body as application/json.')
    }
    const body = request.json as Record<string, unknown> | undefined
    const limit = typeof body?.limit === 'string' ? /^(\d+),(\d+)$/.exec(body.limit) : null
    const isObject = (value: unknown) =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
    if (!body || !isObject(body.filter) || !isObject(body.changes) || !limit) {
      return failure(
        400,
        'The body must be {"filter": {}, "changes": {}, "limit": "offset,count"}.'
      )
    }
    const name = request.params.name ?? ''
    const records = exports.get(name)
    if (!records) return failure(404, `There is no export named ${name}.`)
    const offset = Number(limit[1])
    const count = Math.min(Number(limit[2]), 1000)
    const meta: CollectionMeta = { name, count: records.length, limit: count, offset }
    const headers: Record<string, string> = {}
    for (const rule of granted.headers) {
      if (rule.enabled) headers[rule.name.toLowerCase()] = fillDatahubHeader(rule.value, meta)
    }
    return {
      status: 200,
      json: { collection: { meta, records: records.slice(offset, offset + count) } },
      headers
    }
  })

  await fake.start()
  fake.keys = keys
  fake.exports = exports
  fake.credentials = credentials
  fake.credential = credentials[0] ?? ''
  fake.exportPath = `/owl/export/${[...exports.keys()][0]}`
  fake.describeForDemo = () => {
    const settings = { exportPath: fake.exportPath }
    return {
      kind: 'datahub',
      url: fake.url,
      credential: null,
      settings,
      connections: [
        {
          name: 'Owl Data Hub',
          credential: null,
          settings,
          keys: keys.map((k) => ({
            name: k.name,
            secret: k.value,
            status: k.status,
            ipRules:
              k.ipFilters.length === 0
                ? null
                : k.ipFilters.map((f) => {
                    const parsed = parseIpRule(`${f.address}/${f.netmask}`)
                    return parsed.ok ? parsed.cidr : `${f.address}/32`
                  }),
            headers: k.headers,
            expiresAt: k.expiresAt,
            createdAt: k.createdAt
          }))
        }
      ]
    }
  }
  return fake
}
