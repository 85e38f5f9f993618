// A simulated Delphix DCT server (3.x accounts or legacy 2.x API clients) that checks all traffic against the OpenAPI extracts; test and demo only.
import { createFakeHub, type FakeHub, type FakeRequest, type FakeResponse } from './fake-hub-server'
import { FilterError, matchesFilter, parseFilter } from './dct-filter.fake'
import { createDctSpecValidator, type DctSpecValidator } from './dct-spec.fake'
import { seededRandom, type SeededRandom } from './seeded-random'

/**
 * Versions the fake can play. Each decides the base path (HUBS.md: `/dct/v3` 3.17+, `/v3` 3.0-3.16,
 * `/v2` 2.x) and which key endpoints exist (reset and delete 3.17+, regenerate 3.18+).
 */
export type DctFakeVersion = '3.23.0' | '3.18.0' | '3.17.0' | '3.16.0' | '2.0.0'

export const basePathFor = (version: DctFakeVersion): string =>
  version.startsWith('2.') ? '/v2' : Number(version.split('.')[1]) >= 17 ? '/dct/v3' : '/v3'

const atLeast = (version: DctFakeVersion, minor: number): boolean =>
  version.startsWith('3.') && Number(version.split('.')[1]) >= minor

export interface FakeTag {
  key: string
  value: string
}

/** One 3.x account as the fake keeps it (times in epoch ms; `token` is its one API key). */
export interface FakeAccount {
  id: number
  username: string
  first_name?: string
  last_name?: string
  email?: string
  ldap_principal?: string
  api_client_id: string
  /** Absent for accounts made before DCT 9.0 (the spec says so). */
  creation_time?: number
  last_access_time?: number
  /** Absent: the key never expires. */
  api_key_expiry?: number
  enabled: boolean
  is_admin: boolean
  tags: FakeTag[]
  effective_scopes: { id: string; name: string }[]
  token: string | null
}

/** One legacy 2.x API client. */
export interface FakeApiClient {
  id: number
  api_client_id: string
  name?: string
  token: string | null
}

export interface DctServerData {
  version: DctFakeVersion
  basePath: string
  accounts: Map<number, FakeAccount>
  apiClients: Map<number, FakeApiClient>
  /** GlobalProperties; `api_key_expiry_time` in seconds, -1 = never. */
  properties: {
    disable_username_password: boolean
    token_expiry_time: number
    token_maximum_inactivity_time: number
    api_key_expiry_time: number
    feature_flags: string[]
    allowed_ip_ranges: string[]
  }
  nextId: number
  /** Oddities of the account list answers (tests turn them on). */
  listQuirks: DctListQuirks
  now: () => number
  /** A fresh `<id>.<64 chars>` token (DCT's key shape, inferred from its examples). */
  newToken(id: number): string
}

export interface DctFakeServer {
  name: string
  version: DctFakeVersion
  basePath: string
  url: string
  /** An admin API key that works on this server (without the `apk ` prefix). */
  credential: string
  hub: FakeHub
  data: DctServerData
  /** Requests and answers that broke the OpenAPI file; tests assert this stays empty. */
  violations: string[]
  /** The key of an enabled, unexpired account without admin rights (403 on management calls). */
  nonAdminCredential(): string
  /** Adds another administrator account (3.x) and returns its API key: a second account to recover with. */
  addAdmin(username: string): string
}

export interface DctFakeOptions {
  seed?: number
  /** DCT servers to start (one connection = one server). Default 1. */
  tenants?: number
  /** Accounts (or API clients) per server besides the admin. Default 12. */
  keysPerTenant?: number
  latencyMs?: number
  /** API keys for the first server's admin accounts (ids 1, 2, ...); generated when absent. */
  credentials?: string[]
  /** Version per server; default every server is 3.23.0. */
  versions?: DctFakeVersion[]
  /** Loopback ports per server; default any free port. */
  ports?: number[]
  now?: () => number
}

export interface DemoConnection {
  kind: 'dct'
  name: string
  url: string
  credential: string
  settings: { basePath: string; serverVersion: string }
}

export interface DctFake {
  /** The first server, for the common one-server case. */
  url: string
  credential: string
  basePath: string
  hub: FakeHub
  data: DctServerData
  servers: DctFakeServer[]
  /** Spec violations on every server. */
  readonly violations: string[]
  describeForDemo(): DemoConnection[]
  close(): Promise<void>
}

const errorCodes: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
  500: 'internal_server_error',
  502: 'bad_gateway',
  503: 'service_unavailable'
}

const defaultDescriptions: Record<number, string> = {
  401: 'The API key is missing or not valid.',
  403: 'The account is not allowed to perform this operation.',
  404: 'The requested object was not found.',
  409: 'The object already exists.',
  422: 'The request could not be processed.',
  429: 'Too many requests; slow down.',
  500: 'An internal error occurred.'
}

/** DCT's ErrorResponse `{error, error_description}`. */
const dctError = (status: number, description: string, code?: string): FakeResponse => ({
  status,
  json: {
    error: code ?? errorCodes[status] ?? `http_${status}`,
    error_description: description.slice(0, 1024) || 'error'
  }
})

const iso = (ms: number) => new Date(ms).toISOString()

const accountJson = (account: FakeAccount): Record<string, unknown> => ({
  id: account.id,
  username: account.username,
  ...(account.first_name ? { first_name: account.first_name } : {}),
  ...(account.last_name ? { last_name: account.last_name } : {}),
  ...(account.email ? { email: account.email } : {}),
  ...(account.ldap_principal ? { ldap_principal: account.ldap_principal } : {}),
  api_client_id: account.api_client_id,
  ...(account.creation_time !== undefined ? { creation_time: iso(account.creation_time) } : {}),
  ...(account.last_access_time !== undefined
    ? { last_access_time: iso(account.last_access_time) }
    : {}),
  // The spec types this as a string without `nullable`; "never expires" is written by leaving it out.
  ...(account.api_key_expiry !== undefined
    ? { api_key_expiry_time: iso(account.api_key_expiry) }
    : {}),
  effective_scopes: account.effective_scopes,
  tags: account.tags,
  enabled: account.enabled
})

/** The fields search filters see (x-filterable), with times as RFC 3339 strings. */
const filterView = (account: FakeAccount): Record<string, unknown> => ({
  id: account.id,
  first_name: account.first_name,
  last_name: account.last_name,
  email: account.email,
  username: account.username,
  last_access_time:
    account.last_access_time === undefined ? undefined : iso(account.last_access_time),
  creation_time: account.creation_time === undefined ? undefined : iso(account.creation_time),
  enabled: account.enabled,
  tags: account.tags
})

const filterable = new Set([
  'id',
  'first_name',
  'last_name',
  'email',
  'username',
  'last_access_time',
  'creation_time',
  'enabled',
  'tags'
])

const createResponse = (account: FakeAccount, token: string): Record<string, unknown> => ({
  token,
  id: account.id,
  ...(account.first_name ? { first_name: account.first_name } : {}),
  ...(account.last_name ? { last_name: account.last_name } : {}),
  ...(account.email ? { email: account.email } : {}),
  username: account.username,
  ...(account.ldap_principal ? { ldap_principal: account.ldap_principal } : {}),
  ...(account.tags.length ? { tags: account.tags } : {})
})

const encodeCursor = (offset: number, sort: string): string =>
  Buffer.from(JSON.stringify({ o: offset, s: sort }), 'utf8').toString('base64url')

const decodeCursor = (cursor: string): { o: number; s: string } | undefined => {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      o?: unknown
      s?: unknown
    }
    return typeof value.o === 'number' &&
      Number.isInteger(value.o) &&
      value.o >= 0 &&
      typeof value.s === 'string'
      ? { o: value.o, s: value.s }
      : undefined
  } catch {
    return undefined
  }
}

const sortBy = <T extends object>(items: T[], sort: string): T[] => {
  const descending = sort.startsWith('-')
  const field = (descending ? sort.slice(1) : sort) as keyof T
  return [...items].sort((a, b) => {
    const x = a[field] as unknown
    const y = b[field] as unknown
    if (x === y) return 0
    if (x === undefined || x === null) return 1
    if (y === undefined || y === null) return -1
    const order =
      typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))
    return descending ? -order : order
  })
}

/** One page of a list or search: `limit` (default 100), an opaque `cursor`, `total`. */
/** Ways a server's list answers can be odd, for tests of the client's tolerance. */
export interface DctListQuirks {
  /** `response_metadata.total` as a string ("52"), as some servers send it. */
  totalAsString: boolean
}

const paginate = <T extends object>(
  all: T[],
  request: FakeRequest,
  toJson: (item: T) => Record<string, unknown>,
  quirks?: DctListQuirks
): FakeResponse => {
  const limit = request.query.has('limit') ? Number(request.query.get('limit')) : 100
  const cursorText = request.query.get('cursor')
  let offset = 0
  let sort = request.query.get('sort') || 'id'
  if (cursorText) {
    const cursor = decodeCursor(cursorText)
    if (!cursor) return dctError(400, 'The cursor is not valid.')
    offset = cursor.o
    sort = cursor.s
  }
  const sorted = sortBy(all, sort)
  const items = sorted.slice(offset, offset + limit)
  const metadata: Record<string, unknown> = {
    total: quirks?.totalAsString ? String(sorted.length) : sorted.length
  }
  if (offset + limit < sorted.length) metadata.next_cursor = encodeCursor(offset + limit, sort)
  if (offset > 0) metadata.prev_cursor = encodeCursor(Math.max(0, offset - limit), sort)
  return { status: 200, json: { items: items.map(toJson), response_metadata: metadata } }
}

const scopesCatalogue = [
  { id: '1', name: 'Everything' },
  { id: '2', name: 'Dev VDBs' },
  { id: '3', name: 'QA refresh' },
  { id: '4', name: 'Masking jobs' },
  { id: '5', name: 'Reporting' },
  { id: '6', name: 'Finance sources' }
]

const firstNames = [
  'Ada',
  'Grace',
  'Linus',
  'Margaret',
  'Ken',
  'Barbara',
  'Dennis',
  'Radia',
  'Edsger',
  'Frances'
]
const lastNames = [
  'Lovelace',
  'Hopper',
  'Torvalds',
  'Hamilton',
  'Thompson',
  'Liskov',
  'Ritchie',
  'Perlman',
  'Dijkstra',
  'Allen'
]
const day = 86_400_000

const seedAccounts = (
  data: DctServerData,
  random: SeededRandom,
  count: number,
  adminTokens: string[]
): void => {
  const now = data.now()
  const adminCount = Math.max(1, adminTokens.length)
  for (let i = 0; i < adminCount; i++) {
    const id = data.nextId++
    data.accounts.set(id, {
      id,
      username: i === 0 ? 'admin' : `admin-${id}`,
      first_name: 'Delphix',
      last_name: 'Admin',
      email: `admin${i === 0 ? '' : id}@dct.example`,
      api_client_id: `client-${random.hex(12)}`,
      creation_time: now - 900 * day,
      last_access_time: now - random.int(1, 60) * 60_000,
      enabled: true,
      is_admin: true,
      tags: [{ key: 'role', value: 'hubkeys-admin' }],
      effective_scopes: [scopesCatalogue[0] as { id: string; name: string }],
      token: adminTokens[i] ?? data.newToken(id)
    })
  }
  const used = new Set(['admin'])
  for (let i = 0; i < count; i++) {
    const id = data.nextId++
    let username = random.keyName()
    if (used.has(username)) username = `${username}-${id}`
    used.add(username)
    const person = random.next() < 0.4
    const first = random.pick(firstNames)
    const last = random.pick(lastNames)
    const roll = random.next()
    // About 10% expired, 20% expiring within 90 days, the rest never.
    const expiry =
      roll < 0.1
        ? now - random.int(1, 60) * day
        : roll < 0.3
          ? now + random.int(1, 90) * day
          : undefined
    const tags: FakeTag[] = []
    if (random.next() < 0.5) tags.push({ key: 'team', value: username.split('-')[0] as string })
    if (random.next() < 0.3)
      tags.push({ key: 'env', value: random.pick(['prod', 'staging', 'dev']) })
    const scopeCount = random.int(0, 2)
    const scopes = new Map<string, { id: string; name: string }>()
    for (let s = 0; s < scopeCount; s++) {
      const scope = random.pick(scopesCatalogue.slice(1))
      scopes.set(scope.id, scope)
    }
    const created = random.next() < 0.1 ? undefined : now - random.int(1, 700) * day
    data.accounts.set(id, {
      id,
      username,
      ...(person
        ? {
            first_name: first,
            last_name: last,
            email: `${first}.${last}@corp.example`.toLowerCase()
          }
        : {}),
      api_client_id: `client-${random.hex(12)}`,
      ...(created !== undefined ? { creation_time: created } : {}),
      ...(random.next() < 0.8
        ? { last_access_time: now - random.int(1, 40 * 24 * 60) * 60_000 }
        : {}),
      ...(expiry !== undefined ? { api_key_expiry: expiry } : {}),
      enabled: random.next() >= 0.15,
      is_admin: random.next() < 0.08,
      tags,
      effective_scopes: [...scopes.values()],
      // A few accounts sign in with a password only and hold no API key.
      token: random.next() < 0.05 ? null : data.newToken(id)
    })
  }
}

const seedApiClients = (
  data: DctServerData,
  random: SeededRandom,
  count: number,
  adminTokens: string[]
): void => {
  const adminCount = Math.max(1, adminTokens.length)
  for (let i = 0; i < adminCount; i++) {
    const id = data.nextId++
    data.apiClients.set(id, {
      id,
      api_client_id: `client-${random.hex(12)}`,
      name: i === 0 ? 'admin' : `admin-${id}`,
      token: adminTokens[i] ?? data.newToken(id)
    })
  }
  for (let i = 0; i < count; i++) {
    const id = data.nextId++
    data.apiClients.set(id, {
      id,
      api_client_id: `client-${random.hex(12)}`,
      ...(random.next() < 0.9 ? { name: random.keyName() } : {}),
      token: random.next() < 0.1 ? null : data.newToken(id)
    })
  }
}

const bareToken = (value: string): string =>
  value
    .trim()
    .replace(/^(apk|bearer)\s+/i, '')
    .trim()

const startServer = async (
  index: number,
  version: DctFakeVersion,
  options: DctFakeOptions
): Promise<DctFakeServer> => {
  const random = seededRandom((options.seed ?? 1) * 7919 + index * 104_729)
  const basePath = basePathFor(version)
  const legacy = version.startsWith('2.')
  const now = options.now ?? Date.now
  const data: DctServerData = {
    version,
    basePath,
    accounts: new Map(),
    apiClients: new Map(),
    properties: {
      disable_username_password: false,
      token_expiry_time: 86_400,
      token_maximum_inactivity_time: 3_600,
      api_key_expiry_time: -1,
      feature_flags: ['ENGINE_DEEP_LINK'],
      allowed_ip_ranges: ['10.0.0.0/8']
    },
    nextId: 1,
    listQuirks: { totalAsString: false },
    now,
    newToken: (id) => `${id}.${random.alnum(64)}`
  }
  const adminTokens = index === 0 ? (options.credentials ?? []) : []
  const count = options.keysPerTenant ?? 12
  if (legacy) seedApiClients(data, random, count, adminTokens)
  else seedAccounts(data, random, count, adminTokens)

  const validator: DctSpecValidator = await createDctSpecValidator(
    legacy ? '2.0.0' : '3.23.0',
    basePath
  )
  const violations: string[] = []
  /** Who made the request, set by `before` for the route handlers. */
  const callers = new WeakMap<FakeRequest, FakeAccount | FakeApiClient>()

  const keyExpired = (account: FakeAccount) =>
    account.api_key_expiry !== undefined && account.api_key_expiry <= now()
  const expiryForNewKey = () =>
    data.properties.api_key_expiry_time < 0
      ? undefined
      : now() + data.properties.api_key_expiry_time * 1000

  const hub = createFakeHub({
    name: `dct-${index + 1}`,
    latencyMs: options.latencyMs ?? 0,
    errorBody: (status, failure) => {
      const description =
        failure.detail ??
        (status === 403 && failure.capability
          ? `Access denied: the account lacks the '${failure.capability}' permission.`
          : (defaultDescriptions[status] ?? `The server answered ${status}.`))
      return dctError(status, description)
    },
    before: (request) => {
      const problems = validator.checkRequest(request)
      if (problems.length) {
        violations.push(...problems)
        return dctError(
          400,
          `The request does not match the DCT API: ${problems.join('; ')}`.slice(0, 1024)
        )
      }
      if (!request.path.startsWith(`${basePath}/`)) return undefined
      const header = request.headers.authorization
      if (!header)
        return dctError(
          401,
          "The request has no Authorization header; send 'Authorization: apk <token>'."
        )
      const match = /^apk (\S+)$/.exec(header)
      if (!match) return dctError(401, "The Authorization header must read 'apk <token>'.")
      const token = match[1] as string
      if (legacy) {
        const client = [...data.apiClients.values()].find((c) => c.token === token)
        if (!client) return dctError(401, 'The API key is not valid.')
        callers.set(request, client)
        return undefined
      }
      const account = [...data.accounts.values()].find((a) => a.token === token)
      if (!account) return dctError(401, 'The API key is not valid.')
      if (!account.enabled) return dctError(401, 'The account is disabled.')
      if (keyExpired(account)) return dctError(401, 'The API key has expired.')
      account.last_access_time = now()
      callers.set(request, account)
      // Only administrators manage accounts and properties; everyone may ask about tokens and renew their own.
      const open =
        request.path === `${basePath}/token-info` ||
        request.path === `${basePath}/management/accounts/api-key-regenerate`
      if (!open && !account.is_admin) {
        return dctError(403, `The account '${account.username}' is not allowed to manage accounts.`)
      }
      return undefined
    },
    after: (request, response) => {
      const problems = validator
        .checkResponse(
          request,
          response.status,
          response.json ?? (response.text ? response.text : undefined)
        )
        // A quirk a test turned on on purpose is the one deviation allowed.
        .filter(
          (problem) =>
            !(data.listQuirks.totalAsString && problem.includes('/response_metadata/total'))
        )
      if (problems.length) {
        violations.push(...problems)
        throw new Error(`DCT fake answered outside the spec: ${problems.join('; ')}`)
      }
    }
  })

  const route = (method: string, path: string, handler: (request: FakeRequest) => FakeResponse) =>
    hub.route(method, `${basePath}${path}`, handler)

  const accountOr404 = (request: FakeRequest): FakeAccount | FakeResponse => {
    const account = data.accounts.get(Number(request.params.id))
    return account ?? dctError(404, `Account ${request.params.id} was not found.`)
  }
  const isResponse = (value: unknown): value is FakeResponse =>
    !!value &&
    typeof value === 'object' &&
    'status' in value &&
    typeof (value as FakeResponse).status === 'number'

  const bodyOf = (request: FakeRequest): Record<string, unknown> =>
    request.json && typeof request.json === 'object'
      ? (request.json as Record<string, unknown>)
      : {}

  const usernameTaken = (username: string, except?: number) =>
    [...data.accounts.values()].some((a) => a.username === username && a.id !== except)

  if (legacy) {
    route('GET', '/management/api-clients', (request) =>
      paginate([...data.apiClients.values()], request, (c) => ({
        id: c.id,
        api_client_id: c.api_client_id,
        ...(c.name ? { name: c.name } : {})
      }))
    )
    route('POST', '/management/api-clients', (request) => {
      const body = bodyOf(request)
      const name = typeof body.name === 'string' ? body.name : undefined
      if (name && [...data.apiClients.values()].some((c) => c.name === name)) {
        return dctError(409, `An API client named '${name}' already exists.`)
      }
      const id = data.nextId++
      const token = body.generate_api_key === false ? null : data.newToken(id)
      data.apiClients.set(id, {
        id,
        api_client_id:
          typeof body.api_client_id === 'string' ? body.api_client_id : `client-${random.hex(12)}`,
        ...(name ? { name } : {}),
        token
      })
      return { status: 201, json: { ...(token ? { token } : {}), api_client_entity_id: id } }
    })
    const clientOr404 = (request: FakeRequest): FakeApiClient | FakeResponse =>
      data.apiClients.get(Number(request.params.id)) ??
      dctError(404, `API client ${request.params.id} was not found.`)
    const clientJson = (c: FakeApiClient) => ({
      id: c.id,
      api_client_id: c.api_client_id,
      ...(c.name ? { name: c.name } : {})
    })
    route('GET', '/management/api-clients/:id', (request) => {
      const client = clientOr404(request)
      return isResponse(client) ? client : { status: 200, json: clientJson(client) }
    })
    route('PUT', '/management/api-clients/:id', (request) => {
      const client = clientOr404(request)
      if (isResponse(client)) return client
      const body = bodyOf(request)
      const name = typeof body.name === 'string' ? body.name : undefined
      if (
        name &&
        [...data.apiClients.values()].some((c) => c.name === name && c.id !== client.id)
      ) {
        return dctError(409, `An API client named '${name}' already exists.`)
      }
      if (name) client.name = name
      else delete client.name
      if (typeof body.api_client_id === 'string') client.api_client_id = body.api_client_id
      return { status: 200, json: clientJson(client) }
    })
    route('DELETE', '/management/api-clients/:id', (request) => {
      const client = clientOr404(request)
      if (isResponse(client)) return client
      data.apiClients.delete(client.id)
      return { status: 200 }
    })
  } else {
    route('GET', '/management/accounts', (request) =>
      paginate([...data.accounts.values()], request, accountJson, data.listQuirks)
    )
    route('POST', '/management/accounts/search', (request) => {
      const expression = bodyOf(request).filter_expression
      let matching = [...data.accounts.values()]
      if (typeof expression === 'string') {
        try {
          const tree = parseFilter(expression, filterable)
          matching = matching.filter((account) => matchesFilter(tree, filterView(account)))
        } catch (error) {
          if (error instanceof FilterError)
            return dctError(400, `The filter expression is not valid: ${error.message}`)
          throw error
        }
      }
      return paginate(matching, request, accountJson)
    })
    route('POST', '/management/accounts', (request) => {
      const body = bodyOf(request)
      const username = typeof body.username === 'string' ? body.username : undefined
      if (!username) return dctError(400, 'A username is required.')
      if (usernameTaken(username))
        return dctError(409, `An account with username '${username}' already exists.`)
      const id = data.nextId++
      const text = (key: string) =>
        typeof body[key] === 'string' ? (body[key] as string) : undefined
      const tags = Array.isArray(body.tags) ? (body.tags as FakeTag[]) : []
      const generate = body.generate_api_key === true
      const expiry = generate ? expiryForNewKey() : undefined
      const account: FakeAccount = {
        id,
        username,
        ...(text('first_name') ? { first_name: text('first_name') } : {}),
        ...(text('last_name') ? { last_name: text('last_name') } : {}),
        ...(text('email') ? { email: text('email') } : {}),
        ...(text('ldap_principal') ? { ldap_principal: text('ldap_principal') } : {}),
        api_client_id: text('api_client_id') ?? `client-${random.hex(12)}`,
        creation_time: now(),
        ...(expiry !== undefined ? { api_key_expiry: expiry } : {}),
        enabled: true,
        is_admin: body.is_admin === true,
        tags,
        effective_scopes:
          body.is_admin === true ? [scopesCatalogue[0] as { id: string; name: string }] : [],
        token: generate ? data.newToken(id) : null
      }
      data.accounts.set(id, account)
      const json = createResponse(account, account.token ?? '')
      if (!account.token) delete json.token
      return { status: 201, json }
    })
    route('GET', '/management/accounts/:id', (request) => {
      const account = accountOr404(request)
      return isResponse(account) ? account : { status: 200, json: accountJson(account) }
    })
    route('PUT', '/management/accounts/:id', (request) => {
      const account = accountOr404(request)
      if (isResponse(account)) return account
      const body = bodyOf(request)
      const text = (key: string) =>
        typeof body[key] === 'string' ? (body[key] as string) : undefined
      const username = text('username')
      if (username && usernameTaken(username, account.id)) {
        return dctError(409, `An account with username '${username}' already exists.`)
      }
      // PUT replaces the optional profile fields: one left out is cleared. The username and the
      // api_client_id identify the account and stay when absent.
      if (username) account.username = username
      for (const key of ['first_name', 'last_name', 'email', 'ldap_principal'] as const) {
        const value = text(key)
        if (value) account[key] = value
        else delete account[key]
      }
      if (text('api_client_id')) account.api_client_id = text('api_client_id') as string
      return { status: 200, json: accountJson(account) }
    })
    route('DELETE', '/management/accounts/:id', (request) => {
      const account = accountOr404(request)
      if (isResponse(account)) return account
      data.accounts.delete(account.id)
      return { status: 204 }
    })
    if (atLeast(version, 18)) {
      route('POST', '/management/accounts/api-key-regenerate', (request) => {
        const caller = callers.get(request) as FakeAccount
        const token = bodyOf(request).token
        if (typeof token !== 'string' || bareToken(token) !== caller.token) {
          return dctError(400, "The token does not match the calling account's API key.")
        }
        caller.token = data.newToken(caller.id)
        const expiry = expiryForNewKey()
        if (expiry === undefined) delete caller.api_key_expiry
        else caller.api_key_expiry = expiry
        return { status: 200, json: createResponse(caller, caller.token) }
      })
    }
    if (atLeast(version, 17)) {
      route('POST', '/management/accounts/:id/api-key-reset', (request) => {
        const account = accountOr404(request)
        if (isResponse(account)) return account
        account.token = data.newToken(account.id)
        const expiry = expiryForNewKey()
        if (expiry === undefined) delete account.api_key_expiry
        else account.api_key_expiry = expiry
        return { status: 200, json: createResponse(account, account.token) }
      })
      route('DELETE', '/management/accounts/:id/api-key-delete', (request) => {
        const account = accountOr404(request)
        if (isResponse(account)) return account
        account.token = null
        delete account.api_key_expiry
        return { status: 204 }
      })
    }
    for (const action of ['enable', 'disable'] as const) {
      route('POST', `/management/accounts/:id/${action}`, (request) => {
        const account = accountOr404(request)
        if (isResponse(account)) return account
        account.enabled = action === 'enable'
        return { status: 200 }
      })
    }
    route('GET', '/management/accounts/:id/tags', (request) => {
      const account = accountOr404(request)
      return isResponse(account) ? account : { status: 200, json: { tags: account.tags } }
    })
    route('POST', '/management/accounts/:id/tags', (request) => {
      const account = accountOr404(request)
      if (isResponse(account)) return account
      for (const tag of (bodyOf(request).tags as FakeTag[] | undefined) ?? []) {
        if (!account.tags.some((t) => t.key === tag.key && t.value === tag.value))
          account.tags.push(tag)
      }
      return { status: 201, json: { tags: account.tags } }
    })
    route('POST', '/management/accounts/:id/tags/delete', (request) => {
      const account = accountOr404(request)
      if (isResponse(account)) return account
      const body = bodyOf(request)
      const list = Array.isArray(body.tags) ? (body.tags as FakeTag[]) : undefined
      account.tags = account.tags.filter((tag) =>
        list
          ? !list.some((t) => t.key === tag.key && t.value === tag.value)
          : body.key === undefined
            ? false
            : !(tag.key === body.key && (body.value === undefined || tag.value === body.value))
      )
      return { status: 204 }
    })
    route('GET', '/management/properties', () => ({ status: 200, json: data.properties }))
    route('PATCH', '/management/properties', (request) => {
      Object.assign(data.properties, bodyOf(request))
      return { status: 200, json: data.properties }
    })
    route('POST', '/token-info', (request) => {
      const raw = bodyOf(request).token
      const scheme = typeof raw === 'string' ? /^(\w+)\s+/.exec(raw.trim())?.[1] : undefined
      const account =
        typeof raw === 'string'
          ? [...data.accounts.values()].find((a) => a.token === bareToken(raw))
          : undefined
      if (!account) return dctError(401, 'The token is not valid.', 'invalid-token')
      const active = account.enabled && !keyExpired(account)
      return {
        status: 200,
        json: {
          active,
          token_type: scheme ?? 'apk',
          account_id: account.id,
          ...(account.first_name ? { first_name: account.first_name } : {}),
          ...(account.last_name ? { last_name: account.last_name } : {}),
          ...(account.email ? { email: account.email } : {}),
          username: account.username,
          ...(account.api_key_expiry !== undefined
            ? { exp: Math.max(0, Math.floor((account.api_key_expiry - now()) / 1000)) }
            : {}),
          ...(account.last_access_time !== undefined
            ? { last_activity_time: iso(account.last_access_time) }
            : {})
        }
      }
    })
  }

  await hub.start(options.ports?.[index])
  const admin = legacy ? data.apiClients.get(1) : data.accounts.get(1)
  return {
    name: hub.name,
    version,
    basePath,
    url: hub.url,
    credential: admin?.token ?? '',
    hub,
    data,
    violations,
    nonAdminCredential() {
      if (legacy) throw new Error('DCT 2.x API clients have no roles.')
      const account = [...data.accounts.values()].find(
        (a) => !a.is_admin && a.enabled && a.token && !keyExpired(a)
      )
      if (!account?.token) throw new Error('The seed produced no usable non-admin account.')
      return account.token
    },
    addAdmin(username) {
      const first = data.accounts.get(1)
      if (legacy || !first) throw new Error('DCT 2.x API clients have no administrators.')
      const id = data.nextId++
      const token = data.newToken(id)
      data.accounts.set(id, {
        ...structuredClone(first),
        id,
        username,
        email: `${username}@dct.example`,
        api_client_id: `client-${id}`,
        token
      })
      return token
    }
  }
}

/** Starts `tenants` simulated DCT servers (default one, version 3.23.0 at /dct/v3). */
export const createDctFake = async (options: DctFakeOptions = {}): Promise<DctFake> => {
  const tenants = Math.max(1, options.tenants ?? 1)
  const servers: DctFakeServer[] = []
  for (let i = 0; i < tenants; i++) {
    servers.push(await startServer(i, options.versions?.[i] ?? '3.23.0', options))
  }
  const first = servers[0] as DctFakeServer
  return {
    url: first.url,
    credential: first.credential,
    basePath: first.basePath,
    hub: first.hub,
    data: first.data,
    servers,
    get violations() {
      return servers.flatMap((s) => s.violations)
    },
    describeForDemo: () =>
      servers.map((s) => ({
        kind: 'dct' as const,
        name: `DCT ${s.name}`,
        url: s.url,
        credential: s.credential,
        settings: { basePath: s.basePath, serverVersion: s.version }
      })),
    close: async () => {
      await Promise.all(servers.map((s) => s.hub.close()))
    }
  }
}
