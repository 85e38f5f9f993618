// The Optidash adapter: create, rename and per-key usage with the master key; Hubkeys' inventory is the only list; runs in main.
import type { Capabilities, Connection, HubKey } from '../../../contract/hubs.contract'
import { AppError } from '../../../contract/result'
import type { HttpClient, HttpRequest, HttpResponse } from '../../ports/http.port'
import { Secret } from '../../../common/secret'
import { fingerprintOf } from '../fingerprint'
import type {
  ConnectionTestResult,
  CreateKeyInput,
  CreatedKey,
  HubAdapter,
  HubKindModule,
  KeyPage,
  KeyPatch,
  KeyRef,
  UsageQuery,
  UsageReport,
  VerifyResult
} from '../hub-adapter'
import { isSuccess, send, withoutSecrets } from '../hub-call'
import { hubError, malformedError, unsupported } from '../hub-errors'
import {
  failureMessage,
  isRefusal,
  parseAccount,
  parseKeyAnswer,
  parseUsage,
  requestIdOf
} from './optidash.parse'

const label = 'Optidash'
const day = 24 * 60 * 60 * 1000

/**
 * What Optidash offers (HUBS.md): create and rename through the API, per-key usage, no list and no
 * delete. So the list is Hubkeys' own inventory (`list: 'local'`) and "delete" only forgets the
 * record (`delete: 'local'`): the key keeps working at Optidash. The UI words that action as
 * "Forget in Hubkeys" with the note "This key keeps working at Optidash: its API cannot revoke keys.
 * Remove it with Optidash's own tools if it must stop working." Without a delete there is no
 * create-verify-delete rotation: a new key is made and verified, and the old one is retired in
 * Hubkeys once its usage has stopped (`create-verify-retire`).
 */
export const optidashCapabilities: Capabilities = {
  list: 'local',
  create: 'hub',
  update: { name: true, ips: false, headers: false, role: false, status: false, expiry: false },
  updateTarget: 'hub',
  delete: 'local',
  verify: true,
  usage: 'requests',
  rotation: 'create-verify-retire',
  secretReturned: 'once',
  paging: 'none',
  roles: false,
  expiry: 'none',
  // HUBS.md: names are unique (Optidash: create and rename; Owl: the key's name).
  uniqueNames: true
}

/** Paths live under `/1.0`; accept a base URL given with or without it (HUBS.md writes it with). */
const apiPrefix = (baseUrl: string): string => {
  try {
    return new URL(baseUrl).pathname.replace(/\/+$/, '').endsWith('/1.0') ? '' : '/1.0'
  } catch {
    return '/1.0'
  }
}

const checkConnection = (_connection: Connection, credential: Secret | undefined): void => {
  if (!credential || credential.reveal().trim() === '') {
    throw new AppError(
      'BAD_REQUEST',
      'Optidash needs the account master key: provisioning calls must use it.'
    )
  }
}

const iso = (at: number, what: string): string => {
  if (!Number.isFinite(at))
    throw new AppError('BAD_REQUEST', `The usage ${what} time is not a valid date.`)
  return new Date(at).toISOString()
}

const createAdapter: HubKindModule['create'] = ({
  connection,
  credential,
  http,
  now = Date.now
}) => {
  checkConnection(connection, credential)
  const master = credential as Secret
  const client: HttpClient = http({
    baseUrl: connection.baseUrl,
    auth: { scheme: 'basic', user: master },
    caPem: connection.tls.caPem,
    allowInvalidCertificate: connection.tls.allowInvalidCertificate
  })
  const prefix = apiPrefix(connection.baseUrl)
  // Optidash addresses a key by its value, so the path is where it is revealed.
  const keyPath = (secret: Secret) => `${prefix}/keys/${encodeURIComponent(secret.reveal())}`

  /** Sends, then turns a refusal into an AppError with Optidash's message (secrets removed). */
  const call = async (
    request: HttpRequest,
    secrets: ReadonlyArray<Secret | undefined>,
    fallback: Partial<Record<number, string>>,
    signal?: AbortSignal
  ): Promise<HttpResponse> => {
    const response = await send(client, label, request, signal)
    if (!isSuccess(response.status)) {
      const message = withoutSecrets(failureMessage(response.json), [master, ...secrets])
      throw hubError(label, response, message ?? fallback[response.status])
    }
    if (isRefusal(response.json)) {
      const message = withoutSecrets(failureMessage(response.json), [master, ...secrets])
      const id = requestIdOf(response.json)
      throw new AppError(
        'HUB_ERROR',
        `Optidash refused the request${message ? `: ${message.replace(/\.$/, '')}` : ''}${id ? ` (request ${id})` : ''}.`
      )
    }
    return response
  }

  /** The key's value from the vault; the caller owns it and disposes it. */
  const secretOf = (ref: KeyRef): Secret => {
    const secret = ref.secret?.()
    if (!secret) {
      throw new AppError(
        'BAD_REQUEST',
        'Optidash addresses a key by its value, and Hubkeys holds no value for this key.'
      )
    }
    if (ref.hubKeyId.startsWith('sha256:') && fingerprintOf(secret) !== ref.hubKeyId) {
      secret.dispose()
      throw new AppError(
        'BAD_REQUEST',
        'The value stored for this Optidash key does not match its fingerprint; record the key again.'
      )
    }
    return secret
  }

  const keyOf = (
    name: string,
    secret: Secret,
    oddities: string[],
    createdAt: number | null
  ): HubKey => ({
    hubKeyId: fingerprintOf(secret),
    tenant: '',
    name,
    status: 'active',
    role: null,
    scopes: [],
    ipRules: null,
    headers: [],
    createdAt,
    expiresAt: null,
    lastUsedAt: null,
    owner: null,
    fingerprint: fingerprintOf(secret),
    oddities: oddities.slice(0, 50)
  })

  const readUsage = async (
    secret: Secret,
    query: Record<string, string | undefined>,
    signal?: AbortSignal
  ): Promise<UsageReport> => {
    const response = await call(
      { method: 'GET', path: keyPath(secret), query, retry: true },
      [secret],
      {
        404: 'Optidash does not know this key; it may have been removed with Optidash’s own tools'
      },
      signal
    )
    const parsed = parseUsage(response.json)
    if (!parsed.ok) throw malformedError(label, parsed.what)
    return { points: parsed.value, oddities: parsed.oddities }
  }

  const adapter: HubAdapter = {
    kind: 'optidash',
    capabilities: optidashCapabilities,

    async testConnection(signal) {
      const response = await call(
        { method: 'GET', path: `${prefix}/account`, retry: true },
        [],
        {},
        signal
      )
      const parsed = parseAccount(response.json)
      if (!parsed.ok) throw malformedError(label, parsed.what)
      const { company, plan, used, total, period } = parsed.value
      const who = company ? `Optidash account "${company}"` : 'the Optidash account'
      const quota =
        used !== undefined && total !== undefined
          ? `, ${used} of ${total} requests used${period ? ` this ${period}` : ''}`
          : ''
      const result: ConnectionTestResult = {
        detail: `Reached ${who}${plan ? ` on the ${plan} plan` : ''}${quota}.`
      }
      if (company) result.tenant = company
      return result
    },

    /**
     * Optidash has no list endpoint. Answering UNSUPPORTED instead of yielding nothing keeps a caller
     * that forgot to check `capabilities.list` from reading "no keys" and marking every recorded
     * key as gone; the sync engine skips kinds whose list is 'local'.
     */
    // eslint-disable-next-line require-yield -- it only throws: there is no list to yield
    async *listKeys(): AsyncIterable<KeyPage> {
      throw unsupported(label, 'a list of keys (Hubkeys’ own records are the list)')
    },

    async createKey(input: CreateKeyInput, signal?: AbortSignal): Promise<CreatedKey> {
      const name = input.name.trim()
      if (name === '') throw new AppError('BAD_REQUEST', 'Give the new Optidash key a name.')
      if (input.ips != null || (input.headers?.length ?? 0) > 0) {
        throw unsupported(label, 'IP rules or headers on keys')
      }
      if (input.role !== undefined) throw unsupported(label, 'roles on keys')
      if (input.expiresAt != null) throw unsupported(label, 'expiry dates on keys')
      if (input.status === 'inactive') throw unsupported(label, 'inactive keys')
      const response = await call(
        { method: 'POST', path: `${prefix}/keys`, json: { name }, retry: false },
        [],
        { 409: `Optidash already has a key named "${name}"; choose another name` },
        signal
      )
      const parsed = parseKeyAnswer(response.json, name)
      if (!parsed.ok) {
        // The key may exist now without Hubkeys knowing its value; say so, since there is no list.
        throw malformedError(
          label,
          `${parsed.what}; a key named "${name}" may now exist at Optidash without Hubkeys holding its value`
        )
      }
      // Optidash's JSON answer holds the value as an unwipeable string; from here it is a Secret.
      const secret = Secret.fromString(parsed.value.key)
      return { key: keyOf(parsed.value.name, secret, parsed.oddities, now()), secret }
    },

    async updateKey(ref, patch: KeyPatch, signal) {
      const { name, ...rest } = patch
      const other = Object.keys(rest).filter(
        (field) => rest[field as keyof typeof rest] !== undefined
      )
      if (other.length > 0)
        throw unsupported(label, `changes to ${other.join(', ')} (only the name)`)
      if (name === undefined || name.trim() === '') {
        throw new AppError('BAD_REQUEST', 'Give the Optidash key a new name.')
      }
      using secret = secretOf(ref)
      const wanted = name.trim()
      const response = await call(
        { method: 'PUT', path: keyPath(secret), json: { name: wanted }, retry: true },
        [secret],
        {
          404: 'Optidash does not know this key; it may have been removed with Optidash’s own tools',
          409: `Optidash already has a key named "${wanted}"; choose another name`
        },
        signal
      )
      const parsed = parseKeyAnswer(response.json, wanted)
      if (!parsed.ok) throw malformedError(label, parsed.what)
      if (parsed.value.key !== secret.reveal()) {
        throw malformedError(label, 'the rename answer names a different key')
      }
      return keyOf(parsed.value.name, secret, parsed.oddities, ref.current?.createdAt ?? null)
    },

    /** Optidash cannot delete keys: Hubkeys forgets its record (the caller does that); no hub call. */
    async deleteKey() {},

    /**
     * HUBS.md documents one call that addresses a key: its usage, read with the master key. A 200
     * for a one-day window proves Optidash knows the key in this account; a 404 proves it does not.
     * A call made with the key itself is not documented (provisioning calls need the master key),
     * so it is not used.
     */
    async verifyKey(ref, signal): Promise<VerifyResult> {
      using secret = secretOf(ref)
      const to = now()
      try {
        const { points } = await readUsage(
          secret,
          { from: iso(to - day, 'start'), to: iso(to, 'end'), interval: 'day' },
          signal
        )
        const requests = points.reduce((sum, point) => sum + (point.requests ?? 0), 0)
        return {
          valid: true,
          detail: `Optidash knows this key; it served ${requests} request${requests === 1 ? '' : 's'} in the last day.`
        }
      } catch (error) {
        if (error instanceof AppError && error.code === 'NOT_FOUND') {
          return {
            valid: false,
            detail: 'Optidash does not know this key in this account; it may have been removed.'
          }
        }
        throw error
      }
    },

    async usage(ref, query: UsageQuery, signal) {
      using secret = secretOf(ref)
      if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
        throw new AppError('BAD_REQUEST', 'The usage start must come before its end.')
      }
      // Awaited here: `secret` is disposed when this block exits.
      return await readUsage(
        secret,
        {
          from: query.from === undefined ? undefined : iso(query.from, 'start'),
          to: query.to === undefined ? undefined : iso(query.to, 'end'),
          interval: query.interval ?? 'day'
        },
        signal
      )
    },

    async quota(signal) {
      const response = await call(
        { method: 'GET', path: `${prefix}/account`, retry: true },
        [],
        {},
        signal
      )
      const parsed = parseAccount(response.json)
      if (!parsed.ok) throw malformedError(label, parsed.what)
      const { total, used, remaining, period } = parsed.value
      return { total, used, remaining, period, oddities: parsed.oddities }
    }
  }
  return adapter
}

export const optidashHub: HubKindModule = {
  kind: 'optidash',
  capabilities: optidashCapabilities,
  checkConnection,
  create: createAdapter
}
