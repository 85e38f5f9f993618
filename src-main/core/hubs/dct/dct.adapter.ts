// The Delphix DCT hub adapter: accounts with one API key each, apk auth, cursor paging, version-gated key operations; runs in main.
import type { Connection, HubKey } from '../../../contract/hubs.contract'
import { allowsAll } from '../../../contract/ip-rules'
import { AppError } from '../../../contract/result'
import {
  HttpFailure,
  type HttpAuth,
  type HttpClientFactory,
  type HttpRequest,
  type HttpResponse
} from '../../ports/http.port'
import { Secret } from '../../../common/secret'
import { fingerprintOf } from '../fingerprint'
import type {
  ConnectionTestResult,
  CreatedKey,
  CreateKeyInput,
  HubAdapter,
  KeyPage,
  KeyPatch,
  KeyRef,
  VerifyResult
} from '../hub-adapter'
import { hubError, malformedError, transportError } from '../hub-errors'
import { capabilitiesFor } from './dct.capabilities'
import {
  parseAccount,
  parseApiClient,
  parseCreatedToken,
  parseErrorCode,
  parseErrorDetail,
  parseGlobalKeyExpiry,
  parsePage,
  parseTokenInfo,
  type DctAccount
} from './dct.parse'
import {
  featureSupport,
  resolveDctProfile,
  unsupportedSentence,
  type DctFeature,
  type DctProfile
} from './dct.version'

/** Tag Hubkeys puts on accounts it creates, so a create whose answer was lost can be found again. */
export const idempotencyTagKey = 'hubkeys-idempotency'

/** DCT's documented default page size; the maximum is 1000. */
const pageSize = 100
/** A server that keeps handing out cursors past this many pages is looping. */
const maxPages = 100_000

/** The new key of the connection's own account, from api-key-regenerate. */
export interface RegeneratedKey {
  /** The new API key. The old one stopped working: store this as the connection's credential now. */
  secret: Secret
  accountId: string | null
  fingerprint: string
}

export interface GlobalKeyExpiry {
  /** Lifetime DCT gives new and reset API keys, in seconds; null = keys never expire. */
  seconds: number | null
  /** False when the server's properties did not include `api_key_expiry_time`. */
  reported: boolean
}

/** DCT's adapter: the common interface plus DCT's own key operations. */
export interface DctAdapter extends HubAdapter {
  /** Which DCT API this connection speaks (base path, version, source of that knowledge). */
  readonly profile: DctProfile
  getKey(ref: KeyRef, signal?: AbortSignal): Promise<HubKey>
  /** The account behind a key, with the fields the key model has no room for (tags, names, email). */
  getAccount(ref: KeyRef, signal?: AbortSignal): Promise<DctAccount>
  /**
   * api-key-reset (3.17+): the account's key is replaced at once and the old one stops working,
   * a hard cut-over for every consumer of that key. The UI must say so and ask first. Never retried.
   */
  resetKey(ref: KeyRef, signal?: AbortSignal): Promise<CreatedKey>
  /**
   * api-key-regenerate (3.18+): a new key for the connection's own account. The old key, which is the
   * connection's stored credential, stops working at once: the caller must store `secret` as the
   * connection's credential in the vault immediately, before anything else. This adapter switches to
   * the new key itself, so it keeps working. Never retried.
   */
  regenerateOwnKey(signal?: AbortSignal): Promise<RegeneratedKey>
  /** The server-wide API-key lifetime (GET /management/properties), for the UI. */
  globalKeyExpiry(signal?: AbortSignal): Promise<GlobalKeyExpiry>
  /** Finds the key Hubkeys created with this idempotency token (a create whose answer was lost). */
  findByIdempotencyToken(token: string, signal?: AbortSignal): Promise<HubKey | null>
}

export interface DctAdapterContext {
  connection: Connection
  credential: Secret | undefined
  http: HttpClientFactory
  now?: () => number
}

/** The stored credential without an `apk ` prefix the admin may have pasted with it. */
export const bareToken = (credential: string): string =>
  credential
    .trim()
    .replace(/^apk(\s+|$)/i, '')
    .trim()

/** DCT keys look like `<accountId>.<64 characters>` (inferred from DCT's examples, not guaranteed). */
export const looksLikeDctToken = (token: string): boolean =>
  /^\d{1,19}\.[A-Za-z0-9]{64}$/.test(bareToken(token))

const accountIdPattern = /^\d{1,19}$/

export const createDctAdapter = (context: DctAdapterContext): DctAdapter => {
  const { connection } = context
  const now = context.now ?? Date.now
  const profile = resolveDctProfile(connection.settings)
  const label = `DCT '${connection.name}'`
  if (!context.credential?.reveal().trim()) {
    throw new AppError(
      'BAD_REQUEST',
      `${label} has no stored API key; edit the connection and enter one.`
    )
  }
  // Mutable: after api-key-regenerate the old key is dead and every later call uses the new one.
  let ownToken = context.credential.derive(bareToken)
  const ownAuth = (): HttpAuth => ({ scheme: 'apk', token: ownToken })

  let baseUrl: URL | undefined
  try {
    baseUrl = new URL(connection.baseUrl)
  } catch {
    baseUrl = undefined
  }
  const tenant = baseUrl?.host ?? connection.name
  // A base URL that already ends with the base path (https://dct.example/dct/v3) is not prefixed twice.
  const basePathInUrl =
    !!baseUrl &&
    profile.basePath !== '' &&
    baseUrl.pathname.replace(/\/+$/, '').endsWith(profile.basePath)
  const prefix = basePathInUrl ? '' : profile.basePath
  const legacy = profile.family === 'api-clients'

  const client = context.http({
    baseUrl: connection.baseUrl,
    auth: ownAuth(),
    ...(connection.tls.caPem ? { caPem: connection.tls.caPem } : {}),
    allowInvalidCertificate: connection.tls.allowInvalidCertificate
  })

  const send = async (request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> => {
    try {
      return await client.request(
        { ...request, path: `${prefix}${request.path}`, auth: request.auth ?? ownAuth() },
        signal
      )
    } catch (failure) {
      throw transportError(label, failure)
    }
  }

  const ok = (response: HttpResponse): boolean => response.status >= 200 && response.status < 300

  const failed = (response: HttpResponse): AppError =>
    hubError(label, response, parseErrorDetail(response.json))

  /** A 404 on a collection means nothing lives at this base path, not that a key is missing. */
  const collectionFailed = (response: HttpResponse): AppError =>
    response.status === 404
      ? new AppError(
          'NOT_FOUND',
          `${label} has no DCT ${legacy ? 'API-client' : 'account'} API at ${profile.basePath || '/'}; check the base path (/dct/v3 for 3.17+, /v3 for 3.0-3.16, /v2 for 2.x).`
        )
      : failed(response)

  const refuse = (feature: DctFeature): AppError =>
    new AppError('UNSUPPORTED', unsupportedSentence(label, profile, feature))

  const gate = (feature: DctFeature): void => {
    if (featureSupport(profile, feature) === 'no') throw refuse(feature)
  }

  const accountId = (ref: KeyRef): string => {
    const id = ref.hubKeyId.trim()
    if (!accountIdPattern.test(id)) {
      throw new AppError(
        'BAD_REQUEST',
        // The id is not echoed: a secret pasted into the wrong field must not reach a message.
        `${label}: that key id is not a DCT ${legacy ? 'API-client' : 'account'} id (they are numbers).`
      )
    }
    return id
  }

  /** A request whose answer went missing after it may have changed the hub: say what that means. */
  const lostAnswer = (failure: unknown, consequence: string): AppError => {
    const error = transportError(label, failure)
    if (
      !(failure instanceof HttpFailure) ||
      failure.kind === 'INSECURE_URL' ||
      failure.kind === 'TLS'
    )
      return error
    return new AppError(error.code, `${error.message.replace(/\.$/, '')}; ${consequence}`)
  }

  const sendOnce = async (
    request: HttpRequest,
    consequence: string,
    signal?: AbortSignal
  ): Promise<HttpResponse> => {
    try {
      return await client.request(
        {
          ...request,
          path: `${prefix}${request.path}`,
          auth: request.auth ?? ownAuth(),
          retry: false
        },
        signal
      )
    } catch (failure) {
      throw lostAnswer(failure, consequence)
    }
  }

  const readAccount = async (id: string, signal?: AbortSignal): Promise<DctAccount> => {
    const response = await send(
      { method: 'GET', path: `/management/accounts/${id}`, retry: true },
      signal
    )
    if (!ok(response)) throw failed(response)
    const account = parseAccount(response.json, tenant, now())
    if (!account) throw malformedError(label, 'the account had no readable id')
    return account
  }

  const readApiClient = async (
    id: string,
    signal?: AbortSignal
  ): Promise<{ key: HubKey; raw: Record<string, unknown> }> => {
    const response = await send(
      { method: 'GET', path: `/management/api-clients/${id}`, retry: true },
      signal
    )
    if (!ok(response)) throw failed(response)
    const key = parseApiClient(response.json, tenant)
    if (!key) throw malformedError(label, 'the API client had no readable id')
    return { key, raw: response.json as Record<string, unknown> }
  }

  /**
   * After a create or reset the secret is already in hand, so the follow-up read must never throw:
   * whatever goes wrong, the caller still gets the secret and a key built from what is known.
   */
  const describeNewKey = async (
    id: string | null,
    fallbackName: string,
    secret: string,
    oddities: string[],
    signal?: AbortSignal
  ): Promise<HubKey> => {
    const fallback: HubKey = {
      hubKeyId: id ?? `unknown-${fingerprintOf(secret)}`,
      tenant,
      name: fallbackName,
      status: 'active',
      role: null,
      scopes: [],
      ipRules: null,
      headers: [],
      createdAt: now(),
      expiresAt: null,
      lastUsedAt: null,
      owner: null,
      fingerprint: fingerprintOf(secret),
      oddities
    }
    if (!id) return fallback
    try {
      const fresh = legacy
        ? (await readApiClient(id, signal)).key
        : (await readAccount(id, signal)).key
      return {
        ...fresh,
        status: legacy ? 'active' : fresh.status,
        createdAt: fresh.createdAt ?? fallback.createdAt,
        fingerprint: fallback.fingerprint,
        oddities: [...oddities, ...fresh.oddities]
      }
    } catch {
      return {
        ...fallback,
        oddities: [...oddities, 'details could not be read back after the key was issued']
      }
    }
  }

  const listPath = legacy ? '/management/api-clients' : '/management/accounts'

  async function* listKeys(signal?: AbortSignal): AsyncIterable<KeyPage> {
    let cursor: string | undefined
    const seen = new Set<string>()
    for (let page = 0; page < maxPages; page++) {
      // The cursor carries the order; the spec says to send it "along with limit".
      const query =
        cursor === undefined ? { limit: pageSize, sort: 'id' } : { limit: pageSize, cursor }
      const response = await send({ method: 'GET', path: listPath, query, retry: true }, signal)
      if (!ok(response)) throw collectionFailed(response)
      const parsed = parsePage(response.json, (item) =>
        legacy ? parseApiClient(item, tenant) : (parseAccount(item, tenant, now())?.key ?? null)
      )
      if (!parsed)
        throw malformedError(
          label,
          `the ${legacy ? 'API-client' : 'account'} list was not {items, response_metadata}`
        )
      yield { keys: parsed.items, tenant }
      if (!parsed.nextCursor) return
      if (seen.has(parsed.nextCursor)) throw malformedError(label, 'the next-page cursor repeated')
      seen.add(parsed.nextCursor)
      cursor = parsed.nextCursor
    }
    throw malformedError(label, `the list did not end after ${maxPages} pages`)
  }

  const checkUnsupportedInput = (
    input: {
      role?: string | undefined
      ips?: string[] | null | undefined
      headers?: unknown[] | undefined
      expiresAt?: number | null | undefined
      status?: string | undefined
    },
    forCreate: boolean
  ): void => {
    if (input.ips !== undefined && !allowsAll(input.ips)) {
      throw new AppError('UNSUPPORTED', `${label}: DCT API keys cannot be limited to IP addresses.`)
    }
    if (input.headers !== undefined && input.headers.length > 0) {
      throw new AppError('UNSUPPORTED', `${label}: DCT API keys have no response headers.`)
    }
    if (!forCreate && input.role !== undefined) {
      throw new AppError(
        'UNSUPPORTED',
        `${label}: DCT keys have no role; access comes from the account's access groups, managed in DCT.`
      )
    }
    if (input.expiresAt !== undefined && input.expiresAt !== null) {
      throw new AppError(
        'UNSUPPORTED',
        `${label}: DCT sets API-key expiry for the whole server (the api_key_expiry_time property), not per key.`
      )
    }
    if (legacy && input.status !== undefined && (forCreate ? input.status !== 'active' : true)) {
      throw new AppError(
        'UNSUPPORTED',
        `${label} is DCT ${profile.label}, whose API clients cannot be enabled or disabled.`
      )
    }
  }

  const usernameFor = (input: CreateKeyInput): string => {
    const name = input.name.trim()
    const token = input.idempotencyToken?.trim()
    // CreateKeyInput: the token goes into the key name; the tag below finds it even after a rename.
    const full = token && !name.includes(token) ? `${name}-${token}` : name
    if (!full || full.length > 1024) {
      throw new AppError('BAD_REQUEST', 'A DCT account name must be 1 to 1024 characters long.')
    }
    return full
  }

  const createKey = async (input: CreateKeyInput, signal?: AbortSignal): Promise<CreatedKey> => {
    checkUnsupportedInput(input, true)
    const username = usernameFor(input)
    const token = input.idempotencyToken?.trim()
    if (token && !/^[A-Za-z0-9_-]{1,200}$/.test(token)) {
      throw new AppError(
        'BAD_REQUEST',
        'An idempotency token may hold only letters, digits, - and _.'
      )
    }
    const request: HttpRequest = legacy
      ? {
          method: 'POST',
          path: '/management/api-clients',
          json: { name: username, generate_api_key: true },
          retry: false
        }
      : {
          method: 'POST',
          path: '/management/accounts',
          json: {
            username,
            generate_api_key: true,
            ...(token ? { tags: [{ key: idempotencyTagKey, value: token }] } : {})
          },
          retry: false
        }
    const response = await sendOnce(
      request,
      `the ${legacy ? 'API client' : 'account'} may have been created anyway, so look for '${username.slice(0, 80)}' in DCT before trying again.`,
      signal
    )
    if (!ok(response)) throw failed(response)
    const created = parseCreatedToken(response.json)
    if (!created) {
      throw malformedError(
        label,
        `the create answer had no API key; if DCT made '${username.slice(0, 80)}', reset its key there`
      )
    }
    const oddities = [...created.oddities]
    if (!legacy && input.status === 'inactive' && created.id) {
      const disabled = await send(
        { method: 'POST', path: `/management/accounts/${created.id}/disable`, retry: true },
        signal
      ).catch(() => undefined)
      if (!disabled || !ok(disabled))
        oddities.push('the account could not be disabled after it was created')
    }
    const key = await describeNewKey(created.id, username, created.token, oddities, signal)
    // DCT's JSON answer still holds the token as an unwipeable string; from here on it is a Secret.
    return { key, secret: Secret.fromString(created.token) }
  }

  const getAccount = async (ref: KeyRef, signal?: AbortSignal): Promise<DctAccount> => {
    if (legacy)
      throw new AppError(
        'UNSUPPORTED',
        `${label} is DCT ${profile.label}, which has API clients, not accounts.`
      )
    return readAccount(accountId(ref), signal)
  }

  const getKey = async (ref: KeyRef, signal?: AbortSignal): Promise<HubKey> =>
    legacy
      ? (await readApiClient(accountId(ref), signal)).key
      : (await readAccount(accountId(ref), signal)).key

  const updateKey = async (ref: KeyRef, patch: KeyPatch, signal?: AbortSignal): Promise<HubKey> => {
    checkUnsupportedInput(patch, false)
    const id = accountId(ref)
    const name = patch.name?.trim()
    if (patch.name !== undefined && (!name || name.length > 1024)) {
      throw new AppError('BAD_REQUEST', 'A DCT account name must be 1 to 1024 characters long.')
    }
    if (legacy) {
      if (!name) return (await readApiClient(id, signal)).key
      const current = await readApiClient(id, signal)
      const apiClientId =
        typeof current.raw.api_client_id === 'string' ? current.raw.api_client_id : undefined
      const response = await send(
        {
          method: 'PUT',
          path: `/management/api-clients/${id}`,
          json: { name, ...(apiClientId ? { api_client_id: apiClientId } : {}) },
          retry: true
        },
        signal
      )
      if (!ok(response)) throw failed(response)
      return parseApiClient(response.json, tenant) ?? (await readApiClient(id, signal)).key
    }

    let latest: HubKey | undefined
    if (name) {
      // PUT may replace the account's editable fields, so send the current ones with the new name.
      const current = await readAccount(id, signal)
      const json: Record<string, string> = { username: name }
      if (current.firstName) json.first_name = current.firstName
      if (current.lastName) json.last_name = current.lastName
      if (current.email) json.email = current.email
      if (current.ldapPrincipal) json.ldap_principal = current.ldapPrincipal
      if (current.apiClientId) json.api_client_id = current.apiClientId
      const response = await send(
        { method: 'PUT', path: `/management/accounts/${id}`, json, retry: true },
        signal
      )
      if (!ok(response)) throw failed(response)
      latest = parseAccount(response.json, tenant, now())?.key
    }
    if (patch.status !== undefined) {
      const action = patch.status === 'active' ? 'enable' : 'disable'
      const response = await send(
        { method: 'POST', path: `/management/accounts/${id}/${action}`, retry: true },
        signal
      )
      if (!ok(response)) throw failed(response)
      latest = undefined
    }
    return latest ?? (await readAccount(id, signal)).key
  }

  const deleteKey = async (ref: KeyRef, signal?: AbortSignal): Promise<void> => {
    if (legacy) {
      throw new AppError(
        'UNSUPPORTED',
        `${label} is DCT ${profile.label}, which cannot delete only an API key (that needs DCT 3.17 or newer); deleting the whole API client is left to DCT itself.`
      )
    }
    gate('api-key-delete')
    const id = accountId(ref)
    // api-key-delete removes the key and keeps the account; deleting the account is a different,
    // more drastic action that Hubkeys never takes on its own.
    const response = await send(
      { method: 'DELETE', path: `/management/accounts/${id}/api-key-delete`, retry: true },
      signal
    )
    if (response.status === 404 && featureSupport(profile, 'api-key-delete') === 'maybe')
      throw refuse('api-key-delete')
    if (!ok(response)) throw failed(response)
  }

  const verifyKey = async (ref: KeyRef, signal?: AbortSignal): Promise<VerifyResult> => {
    const id = accountId(ref)
    using secret = ref.secret?.()
    if (!secret?.reveal().trim()) {
      throw new AppError(
        'BAD_REQUEST',
        `${label}: Hubkeys has no stored secret for this key, so it cannot check it.`
      )
    }
    using token = secret.derive(bareToken)
    // The key authenticates its own check, so a 401 can only mean this key is refused.
    const keyAuth: HttpAuth = { scheme: 'apk', token }
    if (legacy) {
      // 2.x has no token-info; a documented read made with the key shows whether it authenticates.
      const response = await send(
        {
          method: 'GET',
          path: '/management/api-clients',
          query: { limit: 1 },
          retry: true,
          auth: keyAuth
        },
        signal
      )
      if (response.status === 401) {
        const why = parseErrorDetail(response.json)
        return {
          valid: false,
          detail: `DCT refused the key${why ? `: ${why.replace(/\.$/, '')}` : ''}.`
        }
      }
      if (response.status === 403)
        return { valid: true, detail: 'The key authenticates, though it may not list API clients.' }
      if (!ok(response)) throw failed(response)
      return { valid: true, detail: 'The key authenticates with DCT.' }
    }
    const response = await send(
      {
        method: 'POST',
        path: '/token-info',
        // The spec's example writes the scheme before the token ("Bearer eyJ..."); DCT keys use "apk".
        json: { token: `apk ${token.reveal()}` },
        retry: true,
        auth: keyAuth
      },
      signal
    )
    if (response.status === 401) {
      const why = parseErrorDetail(response.json) ?? parseErrorCode(response.json)
      return {
        valid: false,
        detail: `DCT refused the key${why ? `: ${why.replace(/\.$/, '')}` : ''}.`
      }
    }
    if (!ok(response)) throw failed(response)
    const info = parseTokenInfo(response.json)
    if (info?.active === false)
      return { valid: false, detail: 'DCT says the key is no longer active.' }
    if (info?.accountId && info.accountId !== id) {
      return {
        valid: false,
        detail: `The stored secret belongs to DCT account ${info.accountId}, not account ${id}.`
      }
    }
    const days = info?.expiresInSeconds != null ? Math.floor(info.expiresInSeconds / 86_400) : null
    const expiry =
      days === null
        ? ''
        : days < 1
          ? '; it expires within a day'
          : `; it expires in ${days} day${days === 1 ? '' : 's'}`
    return {
      valid: true,
      detail: `The key is active for ${info?.username ? `'${info.username}'` : `account ${id}`}${expiry}.`
    }
  }

  const testConnection = async (signal?: AbortSignal): Promise<ConnectionTestResult> => {
    const response = await send(
      { method: 'GET', path: listPath, query: { limit: 1 }, retry: true },
      signal
    )
    if (!ok(response)) throw collectionFailed(response)
    const page = parsePage(response.json, (item) => item)
    if (!page) throw malformedError(label, 'the list was not {items, response_metadata}')
    const noun = legacy ? 'API client' : 'account'
    const count =
      page.total === null ? '' : ` with ${page.total} ${noun}${page.total === 1 ? '' : 's'}`
    let who = ''
    if (!legacy) {
      // Best effort: naming the connection's own account helps, but a refusal here is not a failure.
      const info = await send(
        {
          method: 'POST',
          path: '/token-info',
          json: { token: `apk ${ownToken.reveal()}` },
          retry: true
        },
        signal
      ).catch(() => undefined)
      const parsed = info && ok(info) ? parseTokenInfo(info.json) : null
      if (parsed?.username) who = ` as '${parsed.username}'`
    }
    return {
      detail: `Reached DCT ${profile.label} at ${tenant}${profile.basePath}${count}${who}.`,
      tenant
    }
  }

  const resetKey = async (ref: KeyRef, signal?: AbortSignal): Promise<CreatedKey> => {
    if (legacy) throw refuse('api-key-reset')
    gate('api-key-reset')
    const id = accountId(ref)
    const response = await sendOnce(
      { method: 'POST', path: `/management/accounts/${id}/api-key-reset`, retry: false },
      'the key may have been reset anyway, in which case the old key no longer works and resetting again gives a new one.',
      signal
    )
    if (response.status === 404 && featureSupport(profile, 'api-key-reset') === 'maybe')
      throw refuse('api-key-reset')
    if (!ok(response)) throw failed(response)
    const created = parseCreatedToken(response.json)
    if (!created)
      throw malformedError(label, 'the reset answer had no API key; reset the key again to get one')
    const key = await describeNewKey(
      created.id ?? id,
      `account ${id}`,
      created.token,
      created.oddities,
      signal
    )
    // DCT's JSON answer still holds the token as an unwipeable string; from here on it is a Secret.
    return { key, secret: Secret.fromString(created.token) }
  }

  const regenerateOwnKey = async (signal?: AbortSignal): Promise<RegeneratedKey> => {
    if (legacy) throw refuse('api-key-regenerate')
    gate('api-key-regenerate')
    const response = await sendOnce(
      {
        method: 'POST',
        path: '/management/accounts/api-key-regenerate',
        json: { token: ownToken.reveal() },
        retry: false
      },
      "the connection's key may have been replaced anyway; if it no longer works, create a new key for this account in DCT and store it with the connection.",
      signal
    )
    if (
      (response.status === 404 || response.status === 405) &&
      featureSupport(profile, 'api-key-regenerate') === 'maybe'
    ) {
      throw refuse('api-key-regenerate')
    }
    if (!ok(response)) throw failed(response)
    const created = parseCreatedToken(response.json)
    if (!created) {
      throw malformedError(
        label,
        'the regenerate answer had no API key; if the stored key no longer works, create a new one in DCT'
      )
    }
    // The old key is dead from here on: use the new one for every later call of this adapter. The
    // old Secret is not disposed, since a request already under way may still read it.
    ownToken = Secret.fromString(created.token)
    return {
      secret: Secret.fromString(created.token),
      accountId: created.id,
      fingerprint: fingerprintOf(created.token)
    }
  }

  const globalKeyExpiry = async (signal?: AbortSignal): Promise<GlobalKeyExpiry> => {
    if (legacy) {
      throw new AppError(
        'UNSUPPORTED',
        `${label} is DCT ${profile.label}, which has no server-wide API-key expiry setting.`
      )
    }
    const response = await send(
      { method: 'GET', path: '/management/properties', retry: true },
      signal
    )
    if (!ok(response)) throw failed(response)
    if (!response.json || typeof response.json !== 'object')
      throw malformedError(label, 'the properties were not an object')
    const seconds = parseGlobalKeyExpiry(response.json)
    return { seconds: seconds ?? null, reported: seconds !== undefined }
  }

  const findByIdempotencyToken = async (
    token: string,
    signal?: AbortSignal
  ): Promise<HubKey | null> => {
    const clean = token.trim()
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(clean)) {
      throw new AppError(
        'BAD_REQUEST',
        'An idempotency token may hold only letters, digits, - and _.'
      )
    }
    if (legacy) {
      for await (const page of listKeys(signal)) {
        const found = page.keys.find((key) => key.name.endsWith(clean))
        if (found) return found
      }
      return null
    }
    const response = await send(
      {
        method: 'POST',
        path: '/management/accounts/search',
        query: { limit: 2 },
        json: {
          filter_expression: `tags CONTAINS {key EQ '${idempotencyTagKey}' AND value EQ '${clean}'}`
        },
        retry: true
      },
      signal
    )
    if (!ok(response)) throw collectionFailed(response)
    const page = parsePage(response.json, (item) => parseAccount(item, tenant, now())?.key ?? null)
    if (!page) throw malformedError(label, 'the search answer was not {items, response_metadata}')
    return page.items[0] ?? null
  }

  return {
    kind: 'dct',
    capabilities: capabilitiesFor(profile),
    profile,
    testConnection,
    listKeys,
    getKey,
    getAccount,
    createKey,
    updateKey,
    deleteKey,
    verifyKey,
    resetKey,
    regenerateOwnKey,
    globalKeyExpiry,
    findByIdempotencyToken
  }
}
