// The Cycle hub adapter (HUBS.md "Cycle"): API keys and roles of one hub over the HTTP port, Bearer + X-Hub-Id; runs in main.
import type { Capabilities, Connection, HubKey } from '../../../contract/hubs.contract'
import { parseIpRule } from '../../../contract/ip-rules'
import { AppError } from '../../../contract/result'
import type {
  HttpClient,
  HttpClientFactory,
  HttpRequest,
  HttpResponse
} from '../../ports/http.port'
import { Secret } from '../../../common/secret'
import { fingerprintOf } from '../fingerprint'
import type {
  ConnectionTestResult,
  CreateKeyInput,
  CreatedKey,
  HubAdapter,
  KeyPage,
  KeyPatch,
  KeyRef,
  Role,
  VerifyResult
} from '../hub-adapter'
import { codeForStatus, hubError, malformedError, transportError, unsupported } from '../hub-errors'
import { retryAfterSeconds } from '../../../common/retry-policy'
import {
  includedRoles,
  listData,
  objectIdPattern,
  parseCycleError,
  parseCycleKey,
  parseCycleRole,
  singleData,
  type CycleErrorInfo,
  type CycleRole,
  type RoleScopes
} from './cycle.parse'

export const cycleCapabilities: Capabilities = {
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
  // HUBS.md: `ips: null` is no restriction; a list (even an empty one) is an allow-list [inferred].
  ipList: { emptyList: 'denies-all', families: [4, 6] }
}

const keysPath = '/v1/hubs/current/api-keys'
const rolesPath = '/v1/hubs/current/roles'
/** Asked per page; HUBS.md: a page with fewer items than this is the last (Cycle sends no totals). */
export const cyclePageSize = 100
/** A hub that never sends a short page would otherwise be paged forever. */
const maxPages = 10_000

const hubIdPattern = /^[A-Za-z0-9_-]{1,100}$/
const tokenPattern = /^[A-Za-z0-9_-]{1,64}$/

const badRequest = (message: string) => new AppError('BAD_REQUEST', message)

/** Kind-specific checks of a connection, before anything is sent (HubKindModule.checkConnection). */
export const checkCycleConnection = (
  connection: Connection,
  credential: Secret | undefined
): void => {
  if (connection.kind !== 'cycle') throw badRequest('This connection is not a Cycle connection.')
  const hubId = connection.settings.hubId?.trim() ?? ''
  if (!hubId) {
    throw badRequest(
      'A Cycle connection needs the hub id, which every call sends as X-Hub-Id; copy it from the hub settings in the Cycle portal.'
    )
  }
  if (!hubIdPattern.test(hubId)) {
    throw badRequest(
      'The Cycle hub id may contain only letters, digits, - and _ (it is usually 24 hex characters).'
    )
  }
  if (credential !== undefined) {
    // Revealed only to check its shape.
    const key = credential.reveal().trim()
    if (!key) throw badRequest('Enter the Cycle API key this connection should use.')
    if (/\s/.test(key) || /[^\x21-\x7e]/.test(key)) {
      throw badRequest('The Cycle API key must be one line without spaces; paste it again.')
    }
  }
}

/** Removes the credentials in play from text a hub sent back, before it reaches a message. */
const scrub = (value: string, secrets: readonly Secret[]): string =>
  secrets
    .map((secret) => secret.reveal().trim())
    .filter((s) => s.length >= 4)
    .reduce((out, secret) => out.split(secret).join('[redacted]'), value)

/** Cycle's title and detail as one clause (no closing full stop), scrubbed of the credentials in play. */
const sayWhat = (info: CycleErrorInfo, secrets: readonly Secret[]): string =>
  [info.title, info.detail]
    .filter((part): part is string => Boolean(part))
    .map((part) => scrub(part, secrets).replace(/[.\s]+$/, ''))
    .filter(Boolean)
    .join(': ')

/** Cycle's `ips` as sent: single addresses plain (the most widely accepted form), ranges as CIDR. */
const outgoingIps = (ips: readonly string[] | null): string[] | null => {
  if (ips === null) return null
  const out: string[] = []
  for (const rule of ips) {
    const parsed = parseIpRule(rule)
    if (!parsed.ok) throw badRequest(parsed.error)
    const [address = '', bits = ''] = parsed.cidr.split('/')
    const value =
      (parsed.family === 4 && bits === '32') || (parsed.family === 6 && bits === '128')
        ? address
        : parsed.cidr
    if (!out.includes(value)) out.push(value)
  }
  return out
}

const roleIdOf = (role: string | undefined): string => {
  const value = role?.trim() ?? ''
  if (!value)
    throw badRequest(
      'Choose a role for the Cycle API key; Cycle gives every key the permissions of one role.'
    )
  if (!objectIdPattern.test(value)) {
    throw badRequest(
      `"${value.slice(0, 40)}" is not a Cycle role id (24 hex characters); pick one of the hub's roles.`
    )
  }
  return value
}

const nameOf = (name: string | undefined): string => {
  const value = name?.trim() ?? ''
  if (!value) throw badRequest('Give the Cycle API key a name.')
  return value
}

export interface CycleAdapterContext {
  connection: Connection
  credential: Secret | undefined
  http: HttpClientFactory
  now?: () => number
}

export const createCycleAdapter = ({
  connection,
  credential,
  http
}: CycleAdapterContext): HubAdapter => {
  checkCycleConnection(connection, credential)
  if (credential === undefined) {
    throw badRequest('This Cycle connection has no API key stored; add one in its settings.')
  }
  const masterKey = credential
  const hubId = connection.settings.hubId!.trim()
  const label = `Cycle (${connection.name})`
  const hubHeaders = { 'X-Hub-Id': hubId }
  const client: HttpClient = http({
    baseUrl: connection.baseUrl,
    auth: { scheme: 'bearer', token: masterKey, extraHeaders: hubHeaders },
    ...(connection.tls.caPem ? { caPem: connection.tls.caPem } : {}),
    allowInvalidCertificate: connection.tls.allowInvalidCertificate
  })

  const send = async (request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> => {
    try {
      return await client.request(request, signal)
    } catch (failure) {
      throw transportError(label, failure)
    }
  }

  const ok = (response: HttpResponse) => response.status >= 200 && response.status < 300

  /** One sentence for a Cycle error answer, naming what to fix where Cycle says what went wrong. */
  const failure = (
    response: HttpResponse,
    context: { keyId?: string; secrets?: Secret[] } = {}
  ): AppError => {
    const secrets = [masterKey, ...(context.secrets ?? [])]
    const info: CycleErrorInfo = parseCycleError(response.json)
    const clean = (value?: string) => (value ? scrub(value, secrets) : undefined)
    const code = codeForStatus(response.status)
    const plain = (message: string) =>
      new AppError(
        code,
        message,
        code === 'RATE_LIMITED' ? retryAfterSeconds(response.headers) : undefined
      )
    const said = sayWhat(info, secrets)
    switch (response.status === 401 ? '401' : info.code) {
      case '401':
        return hubError(
          label,
          response,
          `${said || 'the API key was not accepted'}; check or replace the API key stored for this connection`
        )
      case '403.permissions':
        return plain(
          info.capability
            ? `${label} refused: this API key lacks the \`${info.capability}\` capability; add it to the key's role in the Cycle portal.`
            : `${label} refused: this API key's role lacks a capability this needs; check the role in the Cycle portal.`
        )
      case '403.invalid-ip':
        return plain(
          `${label} refused: this API key may not be used from this computer's IP address; allow the address in the key's IP list in the Cycle portal.`
        )
      case '403.wrong-hub':
        return plain(
          `${label} refused: this API key belongs to another hub than ${hubId}; check the hub id of this connection.`
        )
      case '404.hub':
        return plain(`${label} knows no hub ${hubId}; check the hub id of this connection.`)
      case '404.hub.api-key':
        if (context.keyId)
          return plain(
            `${label} has no API key ${context.keyId.slice(0, 60)}; it may have been deleted.`
          )
    }
    const where = info.source ? ` (at ${clean(info.source)})` : ''
    return hubError(label, response, said ? `${said}${where}` : undefined)
  }

  const readKey = (
    body: unknown,
    roleScopes?: RoleScopes
  ): { key: HubKey; raw: Record<string, unknown> } => {
    const single = singleData(body)
    if (!single) throw malformedError(label, 'no API key in the answer')
    const parsed = parseCycleKey(single.data, { hubId, ...(roleScopes ? { roleScopes } : {}) })
    if (!parsed.ok) throw malformedError(label, parsed.reason)
    return { key: parsed.key, raw: single.data as Record<string, unknown> }
  }

  /**
   * Every page of a list endpoint, HUBS.md style, until an empty page. The next page is asked for
   * as soon as this one is known not to be empty, before its items are handed out, so reading
   * them (and whatever the caller does with them) overlaps the wait for the next; pages are still
   * asked for one after another.
   */
  async function* pages(path: string, signal?: AbortSignal): AsyncGenerator<unknown[]> {
    const ask = (page: number) => {
      const asked = send(
        {
          method: 'GET',
          path,
          query: { 'page[number]': page, 'page[size]': cyclePageSize },
          retry: true
        },
        signal
      )
      // Awaited on the next round; if the caller stops first, its failure has nobody to tell.
      asked.catch(() => undefined)
      return asked
    }
    let next = ask(1)
    for (let page = 1; page <= maxPages; page++) {
      const response = await next
      if (!ok(response)) throw failure(response)
      const items = listData(response.json)
      if (!items)
        throw malformedError(
          label,
          `page ${page} of ${path.endsWith('roles') ? 'roles' : 'API keys'} is not a list`
        )
      // Only an empty page ends the list: a hub may cap its pages below the size asked for, so a
      // short page is not the last (taking it as the end once lost every key past page 1).
      if (items.length > 0 && page < maxPages) next = ask(page + 1)
      yield items
      if (items.length === 0) return
    }
    throw malformedError(label, `more than ${maxPages} pages`)
  }

  const allRoles = async (signal?: AbortSignal): Promise<CycleRole[]> => {
    const roles: CycleRole[] = []
    for await (const items of pages(rolesPath, signal)) {
      for (const item of items) {
        const role = parseCycleRole(item)
        if (role && !roles.some((r) => r.id === role.id)) roles.push(role)
      }
    }
    return roles
  }

  /**
   * Role capabilities become key scopes. Reading roles needs `hubs-roles-manage`, which a key
   * manager may lack: then keys are listed without scopes rather than not at all. A roles answer
   * Hubkeys cannot read stops the listing instead: read as "no roles", it would store every key
   * of the hub without the scopes the cache holds for it (and record that as drift).
   */
  const rolesIfAllowed = async (signal?: AbortSignal): Promise<CycleRole[] | undefined> => {
    try {
      return await allRoles(signal)
    } catch (error) {
      if (error instanceof AppError && ['FORBIDDEN', 'NOT_FOUND'].includes(error.code))
        return undefined
      throw error
    }
  }

  const keyPath = (ref: KeyRef) => `${keysPath}/${encodeURIComponent(ref.hubKeyId)}`

  const refuseUnsupported = (fields: {
    headers?: unknown[]
    status?: string
    expiresAt?: number | null
  }) => {
    if (fields.headers && fields.headers.length > 0)
      throw unsupported(label, 'response headers on API keys')
    if (fields.status !== undefined && fields.status !== 'active')
      throw unsupported(label, 'switching API keys off')
    if (fields.expiresAt !== undefined && fields.expiresAt !== null)
      throw unsupported(label, 'expiry dates on API keys')
  }

  const getKey = async (ref: KeyRef, signal?: AbortSignal): Promise<HubKey> => {
    const response = await send(
      { method: 'GET', path: keyPath(ref), query: { include: 'roles' }, retry: true },
      signal
    )
    if (!ok(response)) throw failure(response, { keyId: ref.hubKeyId })
    const single = singleData(response.json)
    const roles = includedRoles(single?.includes)
    return readKey(response.json, new Map(roles.map((role) => [role.id, role.scopes]))).key
  }

  const adapter: HubAdapter = {
    kind: 'cycle',
    capabilities: cycleCapabilities,

    async testConnection(signal): Promise<ConnectionTestResult> {
      const response = await send(
        {
          method: 'GET',
          path: keysPath,
          query: { 'page[number]': 1, 'page[size]': 1 },
          retry: true
        },
        signal
      )
      if (!ok(response)) throw failure(response)
      if (!listData(response.json)) throw malformedError(label, 'the API key list is not a list')
      let roles: string
      try {
        const count = (await allRoles(signal)).length
        roles = `sees ${count} role${count === 1 ? '' : 's'} to give new keys`
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'FORBIDDEN') throw error
        roles =
          'cannot read roles (it lacks `hubs-roles-manage`), so new keys need a role id typed in'
      }
      return {
        detail: `Reached Cycle hub ${hubId}: this API key can manage API keys and ${roles}.`,
        tenant: hubId
      }
    },

    async *listKeys(signal): AsyncIterable<KeyPage> {
      // The roles and the first pages of keys are asked for together: neither needs the other's
      // answer to be asked, so a sync waits one chain of requests, not the roles' then the keys'.
      // Keys are read only once the roles are in (a key's scopes are its role's).
      const rolesRead = rolesIfAllowed(signal)
      // Awaited before the first page is read; if the key list fails first, its error is the one
      // to report and this one has nobody to tell.
      rolesRead.catch(() => undefined)
      let roleScopes: RoleScopes | undefined
      // Role names travel with the first page; without the roles (no permission) none are sent,
      // so the names stored from an earlier sync stay.
      let roleNames: ReadonlyMap<string, string> | undefined
      const seen = new Set<string>()
      let page = 0
      for await (const items of pages(keysPath, signal)) {
        page++
        if (roleScopes === undefined) {
          const roles = await rolesRead
          roleScopes = new Map(roles?.map((role) => [role.id, role.scopes]))
          roleNames = roles ? new Map(roles.map((role) => [role.id, role.name])) : undefined
        }
        const keys: HubKey[] = []
        for (const item of items) {
          const parsed = parseCycleKey(item, { hubId, roleScopes })
          // Skipping a key would read as "deleted at the hub" to sync, so an unreadable one stops the list.
          if (!parsed.ok) throw malformedError(label, `page ${page} has ${parsed.reason}`)
          if (seen.has(parsed.key.hubKeyId)) continue
          seen.add(parsed.key.hubKeyId)
          keys.push(parsed.key)
        }
        if (items.length > 0 && keys.length === 0) {
          throw malformedError(
            label,
            `page ${page} repeated keys of earlier pages, so it ignores page[number]`
          )
        }
        if (keys.length > 0 || page === 1) {
          yield { tenant: hubId, keys, ...(roleNames ? { roleNames } : {}) }
          roleNames = undefined
        }
      }
    },

    getKey,

    async createKey(input: CreateKeyInput, signal): Promise<CreatedKey> {
      refuseUnsupported(input)
      if (input.secret !== undefined) throw unsupported(label, 'choosing the secret of a new key')
      let name = nameOf(input.name)
      if (input.idempotencyToken !== undefined) {
        if (!tokenPattern.test(input.idempotencyToken))
          throw badRequest('The rotation token of the new key is malformed.')
        // The token in the name lets a crash between "Cycle made the key" and "Hubkeys stored it" be found later.
        if (!name.includes(input.idempotencyToken)) name = `${name} [${input.idempotencyToken}]`
      }
      const body: Record<string, unknown> = { name, role_id: roleIdOf(input.role) }
      if (input.ips !== undefined) body.ips = outgoingIps(input.ips)
      // Never repeated: a retry after a lost answer could make a second key.
      const response = await send(
        { method: 'POST', path: keysPath, json: body, retry: false },
        signal
      )
      if (!ok(response)) throw failure(response)
      let parsed: { key: HubKey; raw: Record<string, unknown> }
      try {
        parsed = readKey(response.json)
      } catch {
        throw new AppError(
          'HUB_ERROR',
          `${label} answered the create with something Hubkeys could not read, so the key "${name.slice(0, 80)}" may exist without a stored secret; check the hub and delete it there if so.`
        )
      }
      // Cycle's JSON answer holds the value as an unwipeable string; from here on it is a Secret.
      const secret =
        typeof parsed.raw.secret === 'string' && parsed.raw.secret.trim()
          ? Secret.fromString(parsed.raw.secret)
          : null
      const key: HubKey = secret
        ? { ...parsed.key, fingerprint: fingerprintOf(secret) }
        : {
            ...parsed.key,
            oddities: [
              ...parsed.key.oddities,
              'Cycle did not return the secret of this new key.'
            ].slice(0, 50)
          }
      return { key, secret }
    },

    async updateKey(ref: KeyRef, patch: KeyPatch, signal): Promise<HubKey> {
      refuseUnsupported(patch)
      const body: Record<string, unknown> = {}
      if (patch.name !== undefined) body.name = nameOf(patch.name)
      if (patch.role !== undefined) body.role_id = roleIdOf(patch.role)
      // Cycle replaces the whole list; null lifts the restriction.
      if (patch.ips !== undefined) body.ips = outgoingIps(patch.ips)
      if (Object.keys(body).length === 0) return getKey(ref, signal)
      const response = await send(
        { method: 'PATCH', path: keyPath(ref), json: body, retry: true },
        signal
      )
      if (!ok(response)) throw failure(response, { keyId: ref.hubKeyId })
      return readKey(response.json).key
    },

    async deleteKey(ref: KeyRef, signal): Promise<void> {
      // Cycle deletes softly (state deleting -> deleted); a repeat answers the same, so a retry is safe.
      const response = await send({ method: 'DELETE', path: keyPath(ref), retry: true }, signal)
      if (!ok(response)) throw failure(response, { keyId: ref.hubKeyId })
    },

    async verifyKey(ref: KeyRef, signal): Promise<VerifyResult> {
      using secret = ref.secret?.()
      if (!secret || !secret.reveal().trim()) {
        throw badRequest(
          `Hubkeys holds no secret for Cycle key ${ref.hubKeyId.slice(0, 60)}, so it cannot check it.`
        )
      }
      // The cheapest authenticated call, made as the key itself.
      const response = await send(
        {
          method: 'GET',
          path: keysPath,
          query: { 'page[number]': 1, 'page[size]': 1 },
          retry: true,
          auth: { scheme: 'bearer', token: secret, extraHeaders: hubHeaders }
        },
        signal
      )
      if (ok(response))
        return { valid: true, detail: 'Cycle accepted the key; its role can also manage API keys.' }
      const info = parseCycleError(response.json)
      const said = sayWhat(info, [secret, masterKey])
      if (response.status === 401) {
        return { valid: false, detail: `Cycle rejected the key${said ? ` (${said})` : ''}.` }
      }
      if (info.code === '403.permissions') {
        const lacks = info.capability
          ? `the \`${info.capability}\` capability`
          : 'the capability to list keys'
        return {
          valid: true,
          detail: `Cycle accepted the key; its role lacks ${lacks}, which only key management needs.`
        }
      }
      if (info.code === '403.invalid-ip') {
        // Cycle can only check a key's IP list after it has recognised the key.
        return {
          valid: true,
          detail:
            "Cycle recognised the key but refuses it from this computer's IP address, as the key's IP list says."
        }
      }
      if (info.code === '403.wrong-hub') {
        return {
          valid: false,
          detail: `Cycle recognised the key, but it belongs to another hub than ${hubId}.`
        }
      }
      throw failure(response, { keyId: ref.hubKeyId, secrets: [secret] })
    },

    async listRoles(signal): Promise<Role[]> {
      // parseCycleRole writes `capabilities.all` as the one scope `*`.
      return (await allRoles(signal)).map(({ id, name, scopes }) => {
        const all = scopes.includes('*')
        return { id, name, allCapabilities: all, capabilities: all ? [] : scopes }
      })
    }
  }
  return adapter
}
