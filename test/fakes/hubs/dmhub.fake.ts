// Simulated BSC DM-Hub usage API (read-only, Bearer keys made in the profile page), with the response schema HUBS.md leaves open; tests and demo only.
import { createFakeHub, type FakeHub, type FakeRequest, type FakeResponse } from './fake-hub-server'
import { seededRandom } from './seeded-random'

/**
 * HUBS.md lists DM-Hub's read-only usage endpoints and `Authorization: Bearer <key>`, and says no
 * response schema is published. This fake defines one (adapters must tolerate deviations from it):
 *
 * All under `/apiBack/dataUsageDaily`; dates are `YYYY-MM-DD` (UTC); sizes in bytes.
 * - `GET /myDataUsage` -> `{username, date, totalBytes, filesets: [{fileset, bytes, files}],
 *   generatedAt}`: the caller's own storage today.
 * - `GET /general/filesets/{filesetName}` -> `{fileset, date, bytes, files, users}`: the fileset's
 *   total today (members, its owner and admins).
 * - `GET /users/filesets/latest/{filesetName}` -> `{fileset, date, users: [{username, bytes,
 *   files}]}`: per user today; a member sees only themselves, the owner and admins everyone.
 * - `GET /users/filesets/historic/{filesetName}` -> `{fileset, users: [{username, history:
 *   [{date, bytes, files}]}]}`: per user, each of the last 90 days; same visibility.
 * - `GET /timeseries/filesets?startDate=YYYY-MM-DD&endDate=YYYY-MM-DD` -> `{startDate, endDate,
 *   filesets: [{fileset, series: [{date, bytes, files}]}]}`: owners (their filesets) and admins
 *   (all) only; others get 403; missing or reversed dates 400.
 * - Errors in Spring Boot's shape: `{timestamp, status, error, message, path}`. A missing, unknown,
 *   revoked or expired key gets 401; a fileset the caller may not see 403; an unknown one 404.
 * Extra fields (`generatedAt`, `files`) are there on purpose: real answers carry more than is read.
 */

export interface DmhubFakeKey {
  name: string
  value: string
  status: 'active' | 'revoked'
  expiresAt: number | null
  createdAt: number
}

export interface DmhubFakeUser {
  username: string
  role: 'admin' | 'owner' | 'user'
  keys: DmhubFakeKey[]
}

export interface DmhubFakeFileset {
  name: string
  owner: string
  members: string[]
  /** Drives the generated storage history. */
  seed: number
}

export interface DmhubFakeOptions {
  seed?: number
  /** Users with profiles (besides the admin). */
  tenants?: number
  keysPerTenant?: number
  latencyMs?: number
  /** The admin's key value (first); generated when absent. */
  credentials?: string[]
  now?: () => number
}

export interface DmhubDemoKey {
  name: string
  secret: string
  status: 'active' | 'inactive'
  expiresAt: number | null
  createdAt: number
  owner: string
}

export interface DmhubFake extends FakeHub {
  /** The admin's key: reads every fileset's time series. */
  credential: string
  credentials: string[]
  users: DmhubFakeUser[]
  filesets: DmhubFakeFileset[]
  /** Bytes a user holds in a fileset on a UTC day (epoch ms of its midnight). */
  storageOf(username: string, fileset: string, dayStart: number): number
  describeForDemo(): {
    kind: 'dmhub'
    url: string
    credential: string
    settings: { filesets: string[] }
    connections: Array<{
      name: string
      credential: string
      settings: { filesets: string[] }
      keys: DmhubDemoKey[]
    }>
  }
}

const day = 86_400_000
const base = '/apiBack/dataUsageDaily'
const reasons: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error'
}
const defaults: Record<number, string> = {
  401: 'Full authentication is required to access this resource',
  403: 'Access is denied',
  404: 'No such resource',
  409: 'Conflict',
  422: 'The request could not be processed',
  429: 'Too many requests; retry later',
  500: 'Unexpected error'
}
const filesetNames = [
  'genomes-2024',
  'climate-runs',
  'imaging-raw',
  'ml-checkpoints',
  'shared-refs'
]
const people = [
  'ana',
  'bruno',
  'carla',
  'david',
  'elena',
  'ferran',
  'gemma',
  'hugo',
  'irene',
  'jordi'
]

const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10)

export const createDmhubFake = async (options: DmhubFakeOptions = {}): Promise<DmhubFake> => {
  const random = seededRandom(options.seed ?? 1)
  const now = options.now ?? Date.now
  const tenants = Math.max(1, options.tenants ?? 3)
  const perTenant = Math.max(1, options.keysPerTenant ?? 2)
  const keyValue = () => `dmh_${random.alnum(48)}`

  const makeKey = (name: string, value = keyValue()): DmhubFakeKey => {
    const roll = random.next()
    return {
      name,
      value,
      status: roll < 0.15 ? 'revoked' : 'active',
      expiresAt: roll > 0.85 ? now() - random.int(1, 30) * day : now() + random.int(10, 365) * day,
      createdAt: now() - random.int(5, 500) * day
    }
  }
  const adminKey = options.credentials?.[0] ?? keyValue()
  const users: DmhubFakeUser[] = [
    {
      username: 'hubkeys-admin',
      role: 'admin',
      keys: [{ ...makeKey('admin-usage'), value: adminKey, status: 'active', expiresAt: null }]
    }
  ]
  for (let t = 0; t < tenants; t += 1) {
    const username = people[t % people.length] + (t >= people.length ? String(t + 1) : '')
    const keys = Array.from({ length: perTenant }, (_, k) =>
      makeKey(`${username}-${random.keyName()}-${k + 1}`)
    )
    // Each user's first key works, so every user can be shown verifying and charting.
    keys[0] = { ...keys[0]!, status: 'active', expiresAt: now() + 90 * day }
    users.push({ username, role: t === 0 ? 'owner' : 'user', keys })
  }
  const plain = users.slice(1).map((u) => u.username)
  const filesets: DmhubFakeFileset[] = filesetNames
    .slice(0, Math.max(2, Math.min(5, tenants + 1)))
    .map((name, i) => ({
      name,
      owner: plain[0]!,
      members: plain.filter((_, u) => u === 0 || (u + i) % 2 === 1),
      seed: random.int(1, 1_000_000)
    }))

  /** A steady growth per user and fileset, with small daily noise; zero for non-members. */
  const storageOf = (username: string, name: string, dayStart: number): number => {
    const fileset = filesets.find((f) => f.name === name)
    if (!fileset || !fileset.members.includes(username)) return 0
    const userSeed =
      [...username].reduce((sum, c) => sum * 31 + c.charCodeAt(0), fileset.seed) >>> 0
    const index = Math.floor(dayStart / day)
    const baseBytes = (userSeed % 200) * 1_000_000_000
    const growth = ((userSeed >>> 8) % 50) * 20_000_000
    const noise = ((Math.imul(userSeed ^ index, 2654435761) >>> 0) % 1000) * 100_000
    return baseBytes + growth * (index % 3650) + noise
  }
  const filesOf = (bytes: number) => Math.round(bytes / 48_000_000)

  const failure = (
    status: number,
    path: string,
    message = defaults[status] ?? ''
  ): FakeResponse => ({
    status,
    json: {
      timestamp: new Date(now()).toISOString(),
      status,
      error: reasons[status] ?? 'Error',
      message,
      path
    }
  })

  const callers = new WeakMap<FakeRequest, DmhubFakeUser>()
  const fake = createFakeHub({
    name: 'dmhub',
    latencyMs: options.latencyMs,
    errorBody: (status, injected) => failure(status, base, injected.detail),
    before(request) {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')
      if (!match) return failure(401, request.path)
      for (const user of users) {
        const key = user.keys.find((k) => k.value === match[1])
        if (!key) continue
        if (key.status === 'revoked') return failure(401, request.path, 'API key has been revoked')
        if (key.expiresAt !== null && key.expiresAt <= now()) {
          return failure(401, request.path, 'API key has expired')
        }
        callers.set(request, user)
        return undefined
      }
      return failure(401, request.path, 'Invalid API key')
    }
  }) as DmhubFake
  const caller = (request: FakeRequest) => callers.get(request) as DmhubFakeUser
  const today = () => now() - (now() % day)

  /** The fileset and whether the caller sees everyone in it, or a refusal. */
  const visible = (
    request: FakeRequest
  ): { fileset: DmhubFakeFileset; everyone: boolean } | { refusal: FakeResponse } => {
    const fileset = filesets.find((f) => f.name === request.params.filesetName)
    if (!fileset)
      return {
        refusal: failure(404, request.path, `Fileset ${request.params.filesetName} not found`)
      }
    const user = caller(request)
    const everyone = user.role === 'admin' || fileset.owner === user.username
    if (!everyone && !fileset.members.includes(user.username)) {
      return { refusal: failure(403, request.path, 'You are not a member of this fileset') }
    }
    return { fileset, everyone }
  }
  const usersIn = (fileset: DmhubFakeFileset, everyone: boolean, request: FakeRequest) =>
    everyone ? fileset.members : [caller(request).username]

  fake.route('GET', `${base}/myDataUsage`, (request) => {
    const user = caller(request)
    const at = today()
    const mine = filesets
      .filter((f) => f.members.includes(user.username))
      .map((f) => {
        const bytes = storageOf(user.username, f.name, at)
        return { fileset: f.name, bytes, files: filesOf(bytes) }
      })
    return {
      status: 200,
      json: {
        username: user.username,
        date: isoDay(at),
        totalBytes: mine.reduce((sum, f) => sum + f.bytes, 0),
        filesets: mine,
        generatedAt: new Date(now()).toISOString()
      }
    }
  })

  fake.route('GET', `${base}/general/filesets/:filesetName`, (request) => {
    const seen = visible(request)
    if ('refusal' in seen) return seen.refusal
    const at = today()
    const bytes = seen.fileset.members.reduce(
      (sum, u) => sum + storageOf(u, seen.fileset.name, at),
      0
    )
    return {
      status: 200,
      json: {
        fileset: seen.fileset.name,
        date: isoDay(at),
        bytes,
        files: filesOf(bytes),
        users: seen.fileset.members.length
      }
    }
  })

  fake.route('GET', `${base}/users/filesets/latest/:filesetName`, (request) => {
    const seen = visible(request)
    if ('refusal' in seen) return seen.refusal
    const at = today()
    return {
      status: 200,
      json: {
        fileset: seen.fileset.name,
        date: isoDay(at),
        users: usersIn(seen.fileset, seen.everyone, request).map((username) => {
          const bytes = storageOf(username, seen.fileset.name, at)
          return { username, bytes, files: filesOf(bytes) }
        })
      }
    }
  })

  fake.route('GET', `${base}/users/filesets/historic/:filesetName`, (request) => {
    const seen = visible(request)
    if ('refusal' in seen) return seen.refusal
    const end = today()
    return {
      status: 200,
      json: {
        fileset: seen.fileset.name,
        users: usersIn(seen.fileset, seen.everyone, request).map((username) => ({
          username,
          history: Array.from({ length: 90 }, (_, i) => {
            const at = end - (89 - i) * day
            const bytes = storageOf(username, seen.fileset.name, at)
            return { date: isoDay(at), bytes, files: filesOf(bytes) }
          })
        }))
      }
    }
  })

  fake.route('GET', `${base}/timeseries/filesets`, (request) => {
    const user = caller(request)
    const owned = filesets.filter((f) => user.role === 'admin' || f.owner === user.username)
    if (user.role !== 'admin' && owned.length === 0) {
      return failure(403, request.path, 'Only fileset owners and admins may read time series')
    }
    const dateOf = (name: string) => {
      const text = request.query.get(name) ?? ''
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN
    }
    const start = dateOf('startDate')
    const end = dateOf('endDate')
    if (Number.isNaN(start) || Number.isNaN(end)) {
      return failure(400, request.path, 'startDate and endDate are required (YYYY-MM-DD)')
    }
    if (start > end) return failure(400, request.path, 'startDate must not be after endDate')
    const days: number[] = []
    for (let at = start; at <= Math.min(end, today()); at += day) days.push(at)
    return {
      status: 200,
      json: {
        startDate: isoDay(start),
        endDate: isoDay(end),
        filesets: owned.map((fileset) => ({
          fileset: fileset.name,
          series: days.map((at) => {
            const bytes = fileset.members.reduce(
              (sum, u) => sum + storageOf(u, fileset.name, at),
              0
            )
            return { date: isoDay(at), bytes, files: filesOf(bytes) }
          })
        }))
      }
    }
  })

  await fake.start()
  fake.users = users
  fake.filesets = filesets
  fake.credential = adminKey
  fake.credentials = [adminKey]
  fake.storageOf = storageOf
  fake.describeForDemo = () => {
    const settings = { filesets: filesets.map((f) => f.name) }
    return {
      kind: 'dmhub',
      url: fake.url,
      credential: adminKey,
      settings,
      connections: [
        {
          name: 'BSC DM-Hub',
          credential: adminKey,
          settings,
          keys: users.slice(1).flatMap((user) =>
            user.keys.map((k) => ({
              name: k.name,
              secret: k.value,
              status: k.status === 'revoked' ? ('inactive' as const) : ('active' as const),
              expiresAt: k.expiresAt,
              createdAt: k.createdAt,
              owner: user.username
            }))
          )
        }
      ]
    }
  }
  return fake
}
