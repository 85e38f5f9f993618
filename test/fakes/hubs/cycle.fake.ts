// Simulated Cycle hub API (HUBS.md, the Cycle OpenAPI file): API keys, roles, capabilities, Cycle's error shapes, every exchange checked against the spec; tests and demo only.
import { randomBytes } from 'node:crypto'
import { parseIpRule, ruleMatches } from '../../../src-main/contract/ip-rules'
import {
  createFakeHub,
  type FakeHub,
  type FakeRequest,
  type FakeResponse,
  type InjectedFailure
} from './fake-hub-server'
import { seededRandom } from './seeded-random'
import { createCycleSpecValidator, strictCycleDocument } from './cycle-openapi.validator'

/**
 * Where HUBS.md and the spec leave gaps, the fake decides as follows (tests and the demo rely on it):
 * - Auth: `Authorization: Bearer <secret>` of a `live` key, plus `X-Hub-Id`. No or a malformed
 *   Authorization header answers the OAuth shape (`invalid_request`); an unknown, inactive or
 *   deleted key answers `401.auth-invalid`, or the OAuth `invalid_token` shape after
 *   `setAuthErrorStyle('oauth')` (the spec says auth errors may follow either).
 * - No X-Hub-Id: `422.missing-argument`; an unknown hub: `404.hub`; a key of another hub:
 *   `403.wrong-hub`. Calls come from 127.0.0.1, so a key whose `ips` exclude it gets `403.invalid-ip`.
 * - API-key operations need `api-keys-manage`, role reads `hubs-roles-manage` (as the spec's
 *   descriptions say); a role without it gets `403.permissions` with `extra.capability`.
 * - Lists hide `deleted` keys unless `filter[state]` asks for them; `filter[search]` matches names.
 *   `page[size]` defaults to 20 and may be 1-100 (more is `422.invalid-argument`). Pages come in
 *   creation order. The hostile `pageCap` mode (option or `setPageCap`) serves at most that many
 *   keys a page whatever size was asked for, so a short page is not the last; an empty one is.
 * - Names are unique among a hub's keys that are not deleted (`409.duplicate-found`); `ips` must
 *   be addresses or CIDR ranges (`422.invalid-argument`); an unknown `role_id` is `404.hub.role`.
 * - The secret is in the create answer only; every later copy is masked (`********` + last 4).
 * - DELETE answers 200 with state `deleting`; the key turns `deleted` on the hub's next list, or
 *   on any later call once `deleteSettleMs` has passed. Deleting it again answers the same 200.
 * - Editing a deleting or deleted key is `403.invalid-state`.
 * - Role writes (POST/PATCH/DELETE roles) are not simulated; Hubkeys only reads roles.
 */

export const cycleZeroTime = '0001-01-01T00:00:00Z'
/** Where every call to the fake comes from (it listens on loopback). */
export const cycleFakeCallerAddress = '127.0.0.1'

export type CycleKeyState = 'new' | 'configuring' | 'live' | 'inactive' | 'deleting' | 'deleted'

export interface CycleFakeRole {
  id: string
  name: string
  identifier: string
  rank: number
  root: boolean
  /** Identifier of the default role it was built from; null for a custom role. */
  defaultOf: string | null
  all: boolean
  specific: string[]
  created: string
}

export interface CycleFakeKey {
  id: string
  hubId: string
  name: string
  secret: string
  roleId: string
  ips: string[] | null
  state: CycleKeyState
  stateChanged: string
  stateError?: string
  created: string
  updated: string
  deleted: string
  creator: { id: string; type: 'account' | 'api-key' }
  /** Epoch ms of the DELETE that put it into `deleting`. */
  deletingSince?: number
}

export interface CycleFakeHub {
  id: string
  name: string
  roles: CycleFakeRole[]
  keys: CycleFakeKey[]
  /** Secret of a key whose role can manage API keys and read roles (the connection credential). */
  adminSecret: string
  /** Secret of a live key whose role lacks `api-keys-manage`. */
  limitedSecret: string
}

export interface CycleFakeOptions {
  seed?: number
  /** Hubs, each its own key space (X-Hub-Id selects it). */
  tenants?: number
  keysPerTenant?: number
  latencyMs?: number
  /** Admin secrets to use instead of generated ones (first = first hub). */
  credentials?: string[]
  deleteSettleMs?: number
  now?: () => number
  /** Hostile mode: at most this many items a page, whatever `page[size]` asked for. */
  pageCap?: number
}

export interface CycleDemoConnection {
  name: string
  credential: string
  settings: { hubId: string }
}

export interface CycleFake extends FakeHub {
  /** The first hub's admin secret and id. */
  credential: string
  hubId: string
  /** The first hub's key without `api-keys-manage`. */
  limitedCredential: string
  hubs: CycleFakeHub[]
  hubById(id: string): CycleFakeHub | undefined
  setAuthErrorStyle(style: 'envelope' | 'oauth'): void
  /** Turns the hostile page-size cap on (a number) or off (undefined). */
  setPageCap(cap: number | undefined): void
  /**
   * Every way the traffic so far broke the spec: each recorded request re-checked, plus every
   * answer found invalid when it was sent. Empty means adapter and fake both followed the spec.
   */
  specViolations(): string[]
  clearSpecViolations(): void
  describeForDemo(): {
    kind: 'cycle'
    url: string
    credential: string
    settings: { hubId: string }
    connections: CycleDemoConnection[]
  }
}

const day = 86_400_000
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

const hubNames = [
  'acme-prod',
  'acme-staging',
  'globex-dev',
  'initech-prod',
  'umbrella-eu',
  'hooli-labs'
]

const roleTemplates: Omit<CycleFakeRole, 'id' | 'created'>[] = [
  {
    name: 'Owner',
    identifier: 'owner',
    rank: 10,
    root: true,
    defaultOf: 'owner',
    all: true,
    specific: []
  },
  {
    name: 'Administrator',
    identifier: 'administrator',
    rank: 8,
    root: false,
    defaultOf: 'administrator',
    all: false,
    specific: [
      'api-keys-manage',
      'hubs-roles-manage',
      'hubs-roles-view',
      'hubs-members-manage',
      'hubs-members-view',
      'containers-manage',
      'containers-view',
      'environments-manage',
      'environments-view',
      'dns-manage',
      'dns-view'
    ]
  },
  {
    name: 'Developer',
    identifier: 'developer',
    rank: 5,
    root: false,
    defaultOf: 'developer',
    all: false,
    specific: [
      'containers-view',
      'containers-deploy',
      'containers-console',
      'environments-view',
      'images-manage',
      'images-view',
      'pipelines-trigger',
      'pipelines-view'
    ]
  },
  {
    name: 'Viewer',
    identifier: 'viewer',
    rank: 1,
    root: false,
    defaultOf: 'viewer',
    all: false,
    specific: [
      'containers-view',
      'environments-view',
      'dns-view',
      'hubs-members-view',
      'monitor-view'
    ]
  },
  {
    name: 'CI Deployer',
    identifier: 'ci-deployer',
    rank: 3,
    root: false,
    defaultOf: null,
    all: false,
    specific: [
      'pipelines-trigger',
      'pipelines-view',
      'images-manage',
      'stacks-builds-deploy',
      'containers-deploy'
    ]
  }
]

const titles: Record<string, string> = {
  '400.invalid-syntax': 'Invalid syntax',
  '401.auth-invalid': 'Invalid authentication',
  '403.permissions': 'Insufficient permissions',
  '403.invalid-ip': 'Request from unauthorized IP',
  '403.wrong-hub': 'Wrong hub',
  '403.invalid-state': 'Invalid state',
  '404.hub': 'Hub not found',
  '404.hub.api-key': 'API key not found',
  '404.hub.role': 'Role not found',
  '404.uri': 'Resource not found',
  '409.duplicate-found': 'Duplicate found',
  '422.missing-argument': 'Missing argument',
  '422.invalid-argument': 'Invalid argument',
  '429.rate-limiting': 'Rate limit exceeded',
  '500.unknown': 'Internal server error',
  '503.not-ready': 'Service not ready',
  '504.not-available': 'Service not available'
}

const defaultCodeFor = (status: number): string =>
  ({
    400: '400.invalid-syntax',
    401: '401.auth-invalid',
    403: '403.permissions',
    404: '404.hub.api-key',
    409: '409.duplicate-found',
    422: '422.invalid-argument',
    429: '429.rate-limiting',
    502: '503.not-ready',
    503: '503.not-ready',
    504: '504.not-available'
  })[status] ?? '500.unknown'

interface ErrorParts {
  detail?: string
  source?: string
  capability?: string
}

/** Cycle's error envelope. */
const cycleError = (status: number, code: string, parts: ErrorParts = {}): FakeResponse => ({
  status,
  json: {
    error: {
      status,
      code,
      title: titles[code] ?? 'Error',
      ...(parts.detail ? { detail: parts.detail } : {}),
      ...(parts.source ? { source: parts.source } : {}),
      ...(parts.capability ? { extra: { capability: parts.capability } } : {})
    },
    data: null
  }
})

/** The OAuth shape Cycle may use for authentication errors. */
const oauthError = (
  error: 'invalid_request' | 'invalid_token',
  description: string
): FakeResponse => ({
  status: 401,
  json: { error, error_description: description },
  headers: { 'www-authenticate': `Bearer realm="cycle", error="${error}"` }
})

const capabilityFor: Record<string, string> = {
  getApiKeys: 'api-keys-manage',
  createApiKey: 'api-keys-manage',
  getAPIKey: 'api-keys-manage',
  updateAPIKey: 'api-keys-manage',
  deleteAPIKey: 'api-keys-manage',
  getRoles: 'hubs-roles-manage',
  getRole: 'hubs-roles-manage'
}
const publicOperations = new Set(['getHubCapabilities', 'getDefaultHubRoles'])

const caption = (capability: string): string => {
  const words = capability.replace(/^api-keys/, 'API keys').replace(/-/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export const createCycleFake = async (options: CycleFakeOptions = {}): Promise<CycleFake> => {
  const random = seededRandom(options.seed ?? 1)
  const now = options.now ?? Date.now
  const settleMs = options.deleteSettleMs ?? 500
  const validator = await createCycleSpecValidator()
  const spec = strictCycleDocument() as {
    components: { schemas: { Capability: { enum: string[] } } }
  }
  const allCapabilities = spec.components.schemas.Capability.enum
  const violations: string[] = []
  const checkedRequests = new WeakSet<FakeRequest>()
  let authStyle: 'envelope' | 'oauth' = 'envelope'
  let pageCap = options.pageCap

  const objectId = () => random.hex(24)
  const newSecret = () => randomBytes(33).toString('base64url')
  const seededSecret = () => random.alnum(44)
  const seededTime = () =>
    Date.UTC(2023, 0, 1) + random.int(0, 900) * day + random.int(0, 86_399) * 1000
  const accountIds = Array.from({ length: 4 }, objectId)

  const seedIps = (): string[] | null => {
    const roll = random.next()
    if (roll < 0.3) return null
    if (roll < 0.62) return Array.from({ length: random.int(1, 3) }, () => random.publicIp())
    if (roll < 0.72) return [`${random.publicIp()}/32`]
    if (roll < 0.88) {
      return [
        `${random.pick([198, 203, 100])}.${random.int(0, 255)}.${random.int(0, 255)}.0/24`,
        random.publicIp()
      ]
    }
    if (roll < 0.93) return ['2001:db8:' + random.hex(4) + '::/48']
    return ['0.0.0.0/0']
  }

  const makeKey = (
    hub: CycleFakeHub,
    fields: Partial<CycleFakeKey> & { name: string; roleId: string }
  ): CycleFakeKey => {
    const created = seededTime()
    const key: CycleFakeKey = {
      id: objectId(),
      hubId: hub.id,
      secret: seededSecret(),
      ips: null,
      state: 'live',
      stateChanged: iso(created),
      created: iso(created),
      updated: cycleZeroTime,
      deleted: cycleZeroTime,
      creator: { id: random.pick(accountIds), type: 'account' },
      ...fields
    }
    hub.keys.push(key)
    return key
  }

  const hubs: CycleFakeHub[] = []
  for (let index = 0; index < Math.max(1, options.tenants ?? 2); index++) {
    const hub: CycleFakeHub = {
      id: objectId(),
      name: hubNames[index % hubNames.length] + (index >= hubNames.length ? `-${index}` : ''),
      roles: [],
      keys: [],
      adminSecret: '',
      limitedSecret: ''
    }
    hub.roles = roleTemplates.map((template) => ({
      ...template,
      id: objectId(),
      created: iso(seededTime())
    }))
    const role = (identifier: string) => hub.roles.find((r) => r.identifier === identifier)!.id
    hub.adminSecret = options.credentials?.[index] ?? seededSecret()
    makeKey(hub, { name: 'hubkeys-admin', roleId: role('administrator'), secret: hub.adminSecret })
    hub.limitedSecret = makeKey(hub, { name: 'monitoring-readonly', roleId: role('viewer') }).secret
    const names = new Set(hub.keys.map((k) => k.name))
    // Total keys in the hub, the two above included.
    const count = options.keysPerTenant ?? 24
    for (let n = 0; hub.keys.length < count && n < count * 20; n++) {
      const name = random.keyName()
      if (names.has(name)) continue
      names.add(name)
      const roll = random.next()
      const state: CycleKeyState = roll < 0.07 ? 'deleted' : roll < 0.17 ? 'inactive' : 'live'
      const key = makeKey(hub, {
        name,
        roleId: random.pick(hub.roles.filter((r) => !r.root)).id,
        ips: seedIps(),
        state
      })
      if (random.next() < 0.6) key.updated = iso(Date.parse(key.created) + random.int(1, 200) * day)
      if (random.next() < 0.25) key.creator = { id: hub.keys[0]!.id, type: 'api-key' }
      if (state !== 'live')
        key.stateChanged = key.updated === cycleZeroTime ? key.created : key.updated
      if (state === 'deleted') key.deleted = key.stateChanged
    }
    hub.keys.sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id))
    hubs.push(hub)
  }
  const hubById = (id: string) => hubs.find((hub) => hub.id === id)

  // ---- serialising -------------------------------------------------------------------------

  const keyJson = (key: CycleFakeKey, withSecret = false) => ({
    id: key.id,
    hub_id: key.hubId,
    name: key.name,
    creator: key.creator,
    secret: withSecret ? key.secret : `********${key.secret.slice(-4)}`,
    role_id: key.roleId,
    ips: key.ips,
    state: {
      current: key.state,
      changed: key.stateChanged,
      ...(key.stateError ? { error: { message: key.stateError, time: key.stateChanged } } : {})
    },
    events: { created: key.created, updated: key.updated, deleted: key.deleted }
  })

  const roleJson = (hub: CycleFakeHub, role: CycleFakeRole, counts: boolean) => ({
    id: role.id,
    name: role.name,
    root: role.root,
    default: role.defaultOf,
    rank: role.rank,
    identifier: role.identifier,
    creator: { id: accountIds[0], type: 'account' },
    capabilities: { all: role.all, specific: role.specific },
    hub_id: hub.id,
    state: { current: 'live', changed: role.created },
    events: { created: role.created, updated: role.created, deleted: cycleZeroTime },
    ...(counts
      ? {
          meta: {
            counts: {
              members: role.root ? 1 : role.rank,
              api_keys: hub.keys.filter((k) => k.roleId === role.id && k.state !== 'deleted').length
            }
          }
        }
      : {})
  })

  // ---- checks --------------------------------------------------------------------------------

  const record = (what: string, problems: string[]) => {
    for (const problem of problems) violations.push(`${what}: ${problem}`)
  }

  const checkAnswer = (request: FakeRequest, response: FakeResponse) => {
    const operation = validator.operationFor(request.method, request.path)
    const body = response.text === undefined ? response.json : undefined
    const problems = validator.checkResponse(operation, response.status, body)
    record(`answer ${response.status} to ${request.method} ${request.path}`, problems)
    if (problems.length > 0) {
      throw new Error(`The simulated Cycle hub broke its spec: ${problems.join('; ')}`)
    }
  }

  const requestProblems = (request: FakeRequest): string[] =>
    validator.checkRequest({
      method: request.method,
      path: request.path,
      query: request.query.toString(),
      headers: request.headers,
      ...(request.json === undefined && request.rawBody === '' ? {} : { body: request.json })
    })

  const settle = (hub: CycleFakeHub, listing: boolean) => {
    for (const key of hub.keys) {
      if (key.state !== 'deleting') continue
      if (listing || now() - (key.deletingSince ?? 0) >= settleMs) {
        key.state = 'deleted'
        key.stateChanged = iso(now())
      }
    }
  }

  interface Caller {
    hub: CycleFakeHub
    key: CycleFakeKey
  }
  const callers = new WeakMap<FakeRequest, Caller>()

  const authFailure = (description: string): FakeResponse =>
    authStyle === 'oauth'
      ? oauthError('invalid_token', description)
      : cycleError(401, '401.auth-invalid', { detail: description })

  const hub = createFakeHub({
    name: 'cycle',
    latencyMs: options.latencyMs,
    errorBody: (status, injected: Extract<InjectedFailure, { kind: 'status' }>) => {
      const response =
        status === 401 && authStyle === 'oauth'
          ? oauthError('invalid_token', injected.detail ?? 'The access token is invalid.')
          : cycleError(status, defaultCodeFor(status), {
              ...(injected.detail ? { detail: injected.detail } : {}),
              ...(injected.capability ? { capability: injected.capability } : {})
            })
      // Injected answers skip the after hook, so they are checked here.
      record(`injected ${status} answer`, validator.checkResponse(undefined, status, response.json))
      return response
    },
    before(request) {
      const problems = requestProblems(request)
      if (problems.length > 0) {
        return cycleError(400, '400.invalid-syntax', { detail: problems.join('; ').slice(0, 500) })
      }
      const operation = validator.operationFor(request.method, request.path) ?? ''
      if (publicOperations.has(operation)) return undefined
      const header = request.headers.authorization
      const bearer = header ? /^Bearer\s+(\S+)$/i.exec(header) : null
      if (!bearer) return oauthError('invalid_request', 'The request has no bearer token.')
      const key = hubs.flatMap((h) => h.keys).find((k) => k.secret === bearer[1])
      if (!key) return authFailure('The API key is not valid.')
      if (key.state !== 'live') return authFailure(`The API key is ${key.state}.`)
      const hubId = request.headers['x-hub-id']
      if (!hubId)
        return cycleError(422, '422.missing-argument', { detail: 'Send the X-Hub-Id header.' })
      const target = hubById(hubId)
      if (!target) return cycleError(404, '404.hub', { detail: `No hub ${hubId}.` })
      if (key.hubId !== target.id) {
        return cycleError(403, '403.wrong-hub', { detail: 'This API key belongs to another hub.' })
      }
      if (!ruleMatches(key.ips, cycleFakeCallerAddress)) {
        return cycleError(403, '403.invalid-ip', {
          detail: `Calls from ${cycleFakeCallerAddress} are not allowed for this key.`
        })
      }
      const needed = capabilityFor[operation]
      const role = target.roles.find((r) => r.id === key.roleId)
      if (needed && !(role?.all || role?.specific.includes(needed))) {
        return cycleError(403, '403.permissions', { capability: needed })
      }
      settle(target, false)
      callers.set(request, { hub: target, key })
      return undefined
    },
    after: checkAnswer
  })
  const caller = (request: FakeRequest) => callers.get(request) as Caller

  // ---- request helpers --------------------------------------------------------------------------

  const pageOf = <T>(request: FakeRequest, items: T[]): T[] | FakeResponse => {
    const numberText = request.query.get('page[number]') ?? '1'
    const sizeText = request.query.get('page[size]') ?? '20'
    const number = Number(numberText)
    const size = Number(sizeText)
    if (!Number.isInteger(number) || number < 1) {
      return cycleError(422, '422.invalid-argument', {
        detail: 'page[number] must be 1 or more.',
        source: '/page/number'
      })
    }
    if (!Number.isInteger(size) || size < 1 || size > 100) {
      return cycleError(422, '422.invalid-argument', {
        detail: 'page[size] must be 1-100.',
        source: '/page/size'
      })
    }
    // The cap answers page N of the capped size: the list goes on past a short page.
    const served = pageCap === undefined ? size : Math.min(size, pageCap)
    return items.slice((number - 1) * served, number * served)
  }

  const bodyOf = (request: FakeRequest): Record<string, unknown> | FakeResponse =>
    typeof request.json === 'object' && request.json !== null && !Array.isArray(request.json)
      ? (request.json as Record<string, unknown>)
      : cycleError(422, '422.missing-argument', { detail: 'Send a JSON object.' })

  const checkName = (value: unknown): string | FakeResponse =>
    typeof value === 'string' && value.trim() !== '' && value.length <= 200
      ? value.trim()
      : cycleError(422, '422.invalid-argument', {
          detail: 'name must be 1-200 characters.',
          source: '/name'
        })

  const checkIps = (value: unknown): string[] | null | FakeResponse => {
    if (value === null) return null
    const list = value as string[]
    for (const [index, ip] of list.entries()) {
      if (!parseIpRule(ip).ok) {
        return cycleError(422, '422.invalid-argument', {
          detail: `"${ip}" is not an IP address or CIDR range.`,
          source: `/ips/${index}`
        })
      }
    }
    return list.map((ip) => ip.trim())
  }

  const duplicate = (target: CycleFakeHub, name: string, except?: CycleFakeKey) =>
    target.keys.some((k) => k !== except && k.state !== 'deleted' && k.name === name)

  const findKey = (request: FakeRequest): CycleFakeKey | FakeResponse => {
    const key = caller(request).hub.keys.find((k) => k.id === request.params.apikeyId)
    return (
      key ?? cycleError(404, '404.hub.api-key', { detail: 'No API key with that id in this hub.' })
    )
  }

  const isAnswer = (value: unknown): value is FakeResponse =>
    typeof value === 'object' &&
    value !== null &&
    'status' in value &&
    typeof (value as FakeResponse).status === 'number'

  // ---- routes -------------------------------------------------------------------------------------

  hub.route('GET', '/v1/hubs/current/api-keys', (request) => {
    const { hub: target } = caller(request)
    settle(target, true)
    const states = request.query
      .get('filter[state]')
      ?.split(',')
      .map((s) => s.trim())
    const search = request.query.get('filter[search]')?.toLowerCase()
    let keys = target.keys.filter((k) =>
      states ? states.includes(k.state) : k.state !== 'deleted'
    )
    if (search) keys = keys.filter((k) => k.name.toLowerCase().includes(search))
    const sort = request.query.get('sort')
    if (sort) {
      const field = sort.replace(/^-/, '')
      const pick: Record<string, (k: CycleFakeKey) => string> = {
        id: (k) => k.id,
        name: (k) => k.name,
        'events.created': (k) => k.created
      }
      const by = pick[field]
      if (!by)
        return cycleError(422, '422.invalid-argument', {
          detail: `Cannot sort by ${field}.`,
          source: '/sort'
        })
      keys = [...keys].sort((a, b) => by(a).localeCompare(by(b)) * (sort.startsWith('-') ? -1 : 1))
    }
    const page = pageOf(request, keys)
    if (isAnswer(page)) return page
    return { status: 200, json: { data: page.map((k) => keyJson(k)) } }
  })

  hub.route('POST', '/v1/hubs/current/api-keys', (request) => {
    const { hub: target, key: creator } = caller(request)
    const body = bodyOf(request)
    if (isAnswer(body)) return body
    const name = checkName(body.name)
    if (isAnswer(name)) return name
    if (!target.roles.some((r) => r.id === body.role_id)) {
      return cycleError(404, '404.hub.role', {
        detail: 'No role with that id in this hub.',
        source: '/role_id'
      })
    }
    const ips = checkIps(body.ips ?? null)
    if (isAnswer(ips)) return ips
    if (duplicate(target, name)) {
      return cycleError(409, '409.duplicate-found', {
        detail: `An API key named "${name}" already exists.`
      })
    }
    const at = iso(now())
    const key: CycleFakeKey = {
      id: objectId(),
      hubId: target.id,
      name,
      secret: newSecret(),
      roleId: body.role_id as string,
      ips,
      state: 'live',
      stateChanged: at,
      created: at,
      updated: at,
      deleted: cycleZeroTime,
      creator: { id: creator.id, type: 'api-key' }
    }
    target.keys.push(key)
    return { status: 201, json: { data: keyJson(key, true) } }
  })

  hub.route('GET', '/v1/hubs/current/api-keys/:apikeyId', (request) => {
    const key = findKey(request)
    if (isAnswer(key)) return key
    const includes = request.query.get('include')?.split(',') ?? []
    const role = caller(request).hub.roles.find((r) => r.id === key.roleId)
    return {
      status: 200,
      json: {
        data: keyJson(key),
        ...(includes.includes('roles') && role
          ? { includes: { roles: { [role.id]: roleJson(caller(request).hub, role, false) } } }
          : {})
      }
    }
  })

  hub.route('PATCH', '/v1/hubs/current/api-keys/:apikeyId', (request) => {
    const { hub: target } = caller(request)
    const key = findKey(request)
    if (isAnswer(key)) return key
    if (key.state === 'deleting' || key.state === 'deleted') {
      return cycleError(403, '403.invalid-state', { detail: `The API key is ${key.state}.` })
    }
    const body = bodyOf(request)
    if (isAnswer(body)) return body
    const name = body.name === undefined ? key.name : checkName(body.name)
    if (isAnswer(name)) return name
    if (body.role_id !== undefined && !target.roles.some((r) => r.id === body.role_id)) {
      return cycleError(404, '404.hub.role', {
        detail: 'No role with that id in this hub.',
        source: '/role_id'
      })
    }
    const ips = body.ips === undefined ? key.ips : checkIps(body.ips)
    if (isAnswer(ips)) return ips
    if (duplicate(target, name, key)) {
      return cycleError(409, '409.duplicate-found', {
        detail: `An API key named "${name}" already exists.`
      })
    }
    key.name = name
    key.ips = ips
    if (body.role_id !== undefined) key.roleId = body.role_id as string
    key.updated = iso(now())
    return { status: 200, json: { data: keyJson(key) } }
  })

  hub.route('DELETE', '/v1/hubs/current/api-keys/:apikeyId', (request) => {
    const key = findKey(request)
    if (isAnswer(key)) return key
    if (key.state !== 'deleting' && key.state !== 'deleted') {
      key.state = 'deleting'
      key.deletingSince = now()
      key.stateChanged = iso(now())
      key.deleted = key.stateChanged
    }
    return { status: 200, json: { data: keyJson(key) } }
  })

  hub.route('GET', '/v1/hubs/current/roles', (request) => {
    const { hub: target } = caller(request)
    const counts = (request.query.get('meta') ?? '').split(',').includes('counts')
    const page = pageOf(request, target.roles)
    if (isAnswer(page)) return page
    return { status: 200, json: { data: page.map((role) => roleJson(target, role, counts)) } }
  })

  // Not a role id: registered before /roles/:roleId so the literal path wins.
  hub.route('GET', '/v1/hubs/current/roles/defaults', () => ({
    status: 200,
    json: {
      data: roleTemplates
        .filter((r) => r.defaultOf)
        .map((r) => ({
          name: r.name,
          identifier: r.identifier,
          root: r.root,
          capabilities: { all: r.all, specific: r.specific }
        })),
      meta: {}
    }
  }))

  hub.route('GET', '/v1/hubs/current/roles/:roleId', (request) => {
    const { hub: target } = caller(request)
    const role = target.roles.find((r) => r.id === request.params.roleId)
    if (!role)
      return cycleError(404, '404.hub.role', { detail: 'No role with that id in this hub.' })
    const counts = (request.query.get('meta') ?? '').split(',').includes('counts')
    return { status: 200, json: { data: roleJson(target, role, counts) } }
  })

  hub.route('GET', '/v1/hubs/capabilities', () => ({
    status: 200,
    json: {
      data: allCapabilities,
      meta: { captions: Object.fromEntries(allCapabilities.map((c) => [c, caption(c)])) }
    }
  }))

  await hub.start()
  const fake = hub as CycleFake
  const first = hubs[0]!
  fake.hubs = hubs
  fake.hubById = hubById
  fake.credential = first.adminSecret
  fake.hubId = first.id
  fake.limitedCredential = first.limitedSecret
  fake.setAuthErrorStyle = (style) => void (authStyle = style)
  fake.setPageCap = (cap) => void (pageCap = cap)
  fake.specViolations = () => {
    for (const request of hub.requests) {
      if (checkedRequests.has(request)) continue
      checkedRequests.add(request)
      record(`request ${request.method} ${request.path}`, requestProblems(request))
    }
    return [...violations]
  }
  fake.clearSpecViolations = () => {
    for (const request of hub.requests) checkedRequests.add(request)
    violations.splice(0)
  }
  fake.describeForDemo = () => ({
    kind: 'cycle',
    url: hub.url,
    credential: first.adminSecret,
    settings: { hubId: first.id },
    connections: hubs.map((h) => ({
      name: `Cycle ${h.name}`,
      credential: h.adminSecret,
      settings: { hubId: h.id }
    }))
  })
  return fake
}
