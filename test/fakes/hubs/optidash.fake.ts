// Simulated Optidash API (HUBS.md): create, rename, per-key usage and account, master-key auth, Optidash's error shape; tests and demo only.
import { randomBytes } from 'node:crypto'
import { createFakeHub, type FakeHub, type FakeRequest, type FakeResponse } from './fake-hub-server'
import { seededRandom } from './seeded-random'

/**
 * The fake follows HUBS.md and fills its gaps as follows (documented here because the tests and
 * the demo rely on them):
 * - Auth: HTTP Basic with the key as user and an EMPTY password, or `Bearer <key>`. Only an
 *   account's master key may call these endpoints; one of its ordinary keys gets 403.
 * - Every answer has `success`, `code` and a request `id`; failures add `message`. Messages may
 *   echo the key from the path, as real services sometimes do, so adapters must scrub them.
 * - Renaming a key to its own current name succeeds (uniqueness is among the other keys).
 * - Usage is generated on the fly from the key's seed, so a 90-day minute series costs no memory.
 *   Buckets start at the aligned `from` (minute, hour, UTC day, ISO week from Monday, UTC month)
 *   and run while the bucket start is before `to`.
 */

export interface OptidashFakeKey {
  key: string
  name: string
  createdAt: number
  /** Drives the generated usage of this key. */
  seed: number
}

export interface OptidashFakeAccount {
  master: string
  company: string
  plan: string
  period: string
  quotaTotal: number
  /** Keys by value (the API addresses them so). */
  keys: Map<string, OptidashFakeKey>
}

export interface OptidashFakeOptions {
  seed?: number
  /** Accounts, each with its own master key. */
  tenants?: number
  keysPerTenant?: number
  latencyMs?: number
  /** Master keys to use instead of generated ones (first = first account). */
  credentials?: string[]
  now?: () => number
}

export interface OptidashDemoConnection {
  name: string
  credential: string
  settings: Record<string, never>
  /** Keys the demo records in Hubkeys' inventory (Optidash cannot list them). */
  keys: Array<{ name: string; secret: string; createdAt: number }>
}

export interface OptidashFake extends FakeHub {
  /** The first account's master key. */
  credential: string
  credentials: string[]
  accounts: OptidashFakeAccount[]
  describeForDemo(): {
    kind: 'optidash'
    url: string
    credential: string
    settings: Record<string, never>
    connections: OptidashDemoConnection[]
  }
}

const day = 86_400_000
const intervals = ['minute', 'hour', 'day', 'week', 'month'] as const
type Interval = (typeof intervals)[number]

const reasons: Record<number, string> = {
  400: 'Bad request.',
  401: 'Unauthorized: invalid or missing API key.',
  403: 'Forbidden: provisioning calls must use the master key.',
  404: 'Not found.',
  409: 'A key with this name already exists.',
  422: 'Unprocessable request.',
  429: 'Too many requests, slow down.',
  500: 'Internal server error.'
}

/** Start of the bucket that holds `at`. */
export const alignBucket = (at: number, interval: Interval): number => {
  const d = new Date(at)
  switch (interval) {
    case 'minute':
      return at - (at % 60_000)
    case 'hour':
      return at - (at % 3_600_000)
    case 'day':
      return at - (at % day)
    case 'week': {
      const midnight = at - (at % day)
      const sinceMonday = (new Date(midnight).getUTCDay() + 6) % 7
      return midnight - sinceMonday * day
    }
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
  }
}

const nextBucket = (start: number, interval: Interval): number => {
  if (interval === 'month') {
    const d = new Date(start)
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
  }
  return start + { minute: 60_000, hour: 3_600_000, day, week: 7 * day }[interval]
}

const pad2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'))

/**
 * ISO text of a minute-aligned time. `Date#toISOString` 131,487 times is most of the cost of a
 * 90-day minute series, so the date part is computed once per day.
 */
const isoMinuteWriter = () => {
  let cachedDay = Number.NaN
  let prefix = ''
  return (at: number): string => {
    const dayIndex = Math.floor(at / day)
    if (dayIndex !== cachedDay) {
      cachedDay = dayIndex
      prefix = new Date(dayIndex * day).toISOString().slice(0, 11)
    }
    const minute = Math.floor((at - dayIndex * day) / 60_000)
    return `${prefix}${pad2[Math.floor(minute / 60)]}:${pad2[minute % 60]}:00.000Z`
  }
}

/** Cheap integer hash (per bucket), so usage is deterministic without storing it. */
const mix = (a: number, b: number): number => {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b, 0xc2b2ae35)
  h ^= h >>> 15
  h = Math.imul(h, 0x27d4eb2d)
  h ^= h >>> 13
  return (h >>> 0) / 4294967296
}

/**
 * Requests and input bytes of a key in one bucket: a daily rhythm (busy in European office hours)
 * plus noise; days are summed from the same per-minute rate so the intervals agree roughly.
 */
const bucketUsage = (
  key: OptidashFakeKey,
  start: number,
  end: number
): { count: number; volume: number } => {
  const minutes = Math.max(1, Math.round((end - start) / 60_000))
  const hour = Math.floor(((((start + (end - start) / 2) % day) + day) % day) / 3_600_000)
  const rhythm =
    minutes >= 1440 ? 0.6 : 0.25 + 0.75 * Math.max(0, Math.sin(((hour - 5) / 24) * 2 * Math.PI))
  const rate = 0.2 + (key.seed % 97) / 20
  const noise = 0.5 + mix(key.seed, Math.floor(start / 60_000))
  const count = Math.round(rate * rhythm * minutes * noise)
  // Image sizes vary per bucket, so bytes do not simply trace requests (a chart would hide one line).
  const size = (20_000 + (key.seed % 13) * 15_000) * (0.6 + 0.8 * mix(key.seed + 1, start / 60_000))
  const volume = Math.round(count * size)
  return { count, volume }
}

export const createOptidashFake = async (
  options: OptidashFakeOptions = {}
): Promise<OptidashFake> => {
  const random = seededRandom(options.seed ?? 1)
  const now = options.now ?? Date.now
  const tenants = Math.max(1, options.tenants ?? 1)
  const perTenant = Math.max(0, options.keysPerTenant ?? 5)
  const companies = [
    'Acme Images',
    'Northwind Media',
    'Globex Retail',
    'Initech Labs',
    'Umbrella Travel'
  ]
  const plans = ['Starter', 'Growth', 'Business', 'Enterprise']
  const keyValue = () => random.alnum(40)

  const accounts: OptidashFakeAccount[] = Array.from({ length: tenants }, (_, t) => {
    const keys = new Map<string, OptidashFakeKey>()
    const names = new Set<string>()
    for (let k = 0; k < perTenant; k += 1) {
      let name = random.keyName()
      while (names.has(name)) name = `${random.keyName()}-${random.int(100, 999)}`
      names.add(name)
      const key = keyValue()
      keys.set(key, {
        key,
        name,
        createdAt: now() - random.int(1, 700) * day,
        seed: random.int(1, 1_000_000)
      })
    }
    return {
      master: options.credentials?.[t] ?? `master_${random.alnum(40)}`,
      company: companies[t % companies.length] + (t >= companies.length ? ` ${t + 1}` : ''),
      plan: random.pick(plans),
      period: 'month',
      quotaTotal: random.pick([100_000, 500_000, 2_000_000]),
      keys
    }
  })

  const requestId = () => randomBytes(8).toString('hex')
  const answer = (status: number, body: Record<string, unknown>): FakeResponse => {
    const id = requestId()
    return {
      status,
      json: { success: true, code: status, id, ...body },
      headers: { 'x-request-id': id }
    }
  }
  const failure = (status: number, message = reasons[status] ?? 'Error.'): FakeResponse => {
    const id = requestId()
    return {
      status,
      json: { success: false, code: status, id, message },
      headers: { 'x-request-id': id }
    }
  }

  /** The caller's key from Basic (`key:` with an empty password) or Bearer. */
  const callerKey = (request: FakeRequest): string | undefined => {
    const header = request.headers.authorization ?? ''
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)
    if (bearer) return bearer[1]
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header)
    if (!basic) return undefined
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 1 || decoded.slice(colon + 1) !== '') return undefined
    return decoded.slice(0, colon)
  }

  const accountOf = new WeakMap<FakeRequest, OptidashFakeAccount>()

  const hub = createFakeHub({
    name: 'optidash',
    latencyMs: options.latencyMs,
    errorBody: (status, injected) => failure(status, injected.detail),
    before(request) {
      const key = callerKey(request)
      if (!key) return failure(401)
      const account = accounts.find((a) => a.master === key)
      if (!account) {
        return accounts.some((a) => a.keys.has(key)) ? failure(403) : failure(401)
      }
      accountOf.set(request, account)
      return undefined
    }
  })
  const account = (request: FakeRequest) => accountOf.get(request) as OptidashFakeAccount

  const nameOf = (request: FakeRequest): string | FakeResponse => {
    const body = request.json as { name?: unknown } | undefined
    if (!body || typeof body !== 'object') return failure(400, 'Send a JSON body with a name.')
    if (typeof body.name !== 'string' || body.name.trim() === '')
      return failure(400, 'name is required.')
    if (body.name.length > 200) return failure(422, 'name must be at most 200 characters.')
    return body.name
  }

  hub.route('POST', '/1.0/keys', (request) => {
    const name = nameOf(request)
    if (typeof name !== 'string') return name
    const { keys } = account(request)
    if ([...keys.values()].some((k) => k.name === name)) return failure(409)
    const key = keyValue()
    keys.set(key, { key, name, createdAt: now(), seed: random.int(1, 1_000_000) })
    return answer(200, { name, key })
  })

  hub.route('PUT', '/1.0/keys/:key', (request) => {
    const name = nameOf(request)
    if (typeof name !== 'string') return name
    const { keys } = account(request)
    const entry = keys.get(request.params.key ?? '')
    if (!entry) return failure(404, `Key ${request.params.key} does not exist.`)
    if ([...keys.values()].some((k) => k !== entry && k.name === name)) return failure(409)
    entry.name = name
    return answer(200, { name, key: entry.key })
  })

  hub.route('GET', '/1.0/keys/:key', (request) => {
    const entry = account(request).keys.get(request.params.key ?? '')
    if (!entry) return failure(404, `Key ${request.params.key} does not exist.`)
    const interval = (request.query.get('interval') ?? 'day') as Interval
    if (!intervals.includes(interval)) {
      return failure(400, 'interval must be one of minute, hour, day, week, month.')
    }
    const toText = request.query.get('to')
    const fromText = request.query.get('from')
    const to = toText ? Date.parse(toText) : now()
    const from = fromText ? Date.parse(fromText) : to - 90 * day
    if (Number.isNaN(to) || Number.isNaN(from))
      return failure(400, 'from and to must be ISO-8601 times.')
    if (from > to) return failure(400, 'from must be before to.')
    // Written as text: a 90-day minute series is 131,487 buckets, and JSON.stringify of objects is slower.
    const parts: string[] = []
    const iso = isoMinuteWriter()
    for (let start = alignBucket(from, interval); start < to;) {
      const end = nextBucket(start, interval)
      const { count, volume } = bucketUsage(entry, start, end)
      parts.push(`{"bucket":"${iso(start)}","volume":${volume},"count":${count}}`)
      start = end
    }
    const id = requestId()
    return {
      status: 200,
      text: `{"success":true,"code":200,"id":"${id}","results":[${parts.join(',')}]}`,
      headers: { 'content-type': 'application/json', 'x-request-id': id }
    }
  })

  hub.route('GET', '/1.0/account', (request) => {
    const a = account(request)
    const used = Math.min(a.quotaTotal, Math.round(a.quotaTotal * 0.37))
    return answer(200, {
      company: a.company,
      subscription: { name: a.plan, period: a.period },
      quota: { total: a.quotaTotal, used, remaining: a.quotaTotal - used }
    })
  })

  await hub.start()
  const fake = hub as OptidashFake
  fake.accounts = accounts
  fake.credentials = accounts.map((a) => a.master)
  fake.credential = accounts[0]?.master ?? ''
  fake.describeForDemo = () => {
    const connections = accounts.map((a) => ({
      name: `Optidash ${a.company}`,
      credential: a.master,
      settings: {} as Record<string, never>,
      keys: [...a.keys.values()].map((k) => ({
        name: k.name,
        secret: k.key,
        createdAt: k.createdAt
      }))
    }))
    return {
      kind: 'optidash',
      url: hub.url,
      credential: fake.credential,
      settings: {},
      connections
    }
  }
  return fake
}
